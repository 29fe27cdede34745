"""What an administrator sets in the app rather than in the deployment: the municipality's
name, phone number and contact page, how long records are kept, the consent text and the
accessibility statement's status. A setting without a stored value has its default from the
PARTNERNET_* configuration (the Groningen demo's values unless set)."""

from dataclasses import asdict, dataclass, fields

from flask import current_app, g, has_request_context
from sqlalchemy import select

from partnernet import page_cache
from partnernet.extensions import db
from partnernet.models import Setting

ACCESSIBILITY_STATUSES = ("full", "partial", "none")


@dataclass(frozen=True)
class SiteSettings:
    municipality_name: str
    municipality_phone: str
    municipality_contact_url: str
    security_contact: str  # security.txt's Contact: a mailto: or https: address
    retention_months: int  # closed requests are pseudonymised this long after closing
    audit_retention_months: int  # the audit trail's own period
    consent_version: str
    consent_text_nl: str  # empty: the built-in text
    consent_text_en: str
    accessibility_status: str  # one of ACCESSIBILITY_STATUSES
    accessibility_checked_on: str  # the last audit's date (YYYY-MM-DD), or empty

    @property
    def phone_link(self) -> str:
        """The number as a tel: link (spaces and dashes left out)."""
        return "tel:" + "".join(ch for ch in self.municipality_phone if ch.isdigit() or ch == "+")

    def consent_text(self, language: str) -> str:
        return self.consent_text_en if language == "en" else self.consent_text_nl


FIELD_TYPES = {field.name: field.type for field in fields(SiteSettings)}


def defaults() -> dict:
    config = current_app.config
    return {
        "municipality_name": config["MUNICIPALITY_NAME"],
        "municipality_phone": config["MUNICIPALITY_PHONE"],
        "municipality_contact_url": config["MUNICIPALITY_CONTACT_URL"],
        "security_contact": config["SECURITY_CONTACT"],
        "retention_months": config["RETENTION_MONTHS"],
        "audit_retention_months": config["AUDIT_RETENTION_MONTHS"],
        "consent_version": config["CONSENT_VERSION"],
        "consent_text_nl": config["CONSENT_TEXT"],
        "consent_text_en": config["CONSENT_TEXT"],
        "accessibility_status": config["ACCESSIBILITY_STATUS"],
        "accessibility_checked_on": config["ACCESSIBILITY_CHECKED_ON"],
    }


def _typed(key: str, value: str):
    return int(value) if FIELD_TYPES[key] in (int, "int") else value


def site_settings() -> SiteSettings:
    """The settings in force, read once per request (or command). A page for a visitor
    without an account takes them as kept pages do (`page_cache`): read once per worker, a
    change made in another worker seen within KEEP_SECONDS. Whoever is signed in, and every
    form sent, reads them from the database."""
    if "site_settings" not in g:
        if has_request_context() and page_cache.shows_nothing_personal():
            g.site_settings = page_cache.same_on_every_page("site settings", _stored_settings)
        else:
            g.site_settings = _stored_settings()
    return g.site_settings


def _stored_settings() -> SiteSettings:
    stored = {row.key: _typed(row.key, row.value)
              for row in db.session.scalars(select(Setting)) if row.key in FIELD_TYPES}
    return SiteSettings(**{**defaults(), **stored})


def store_settings(values: dict) -> list[str]:
    """Store the values that differ from those in force; the keys that changed. The caller
    audits and commits."""
    current = asdict(site_settings())
    changed = [key for key, value in values.items()
               if key in FIELD_TYPES and value != current[key]]
    for key in changed:
        row = db.session.get(Setting, key) or Setting(key=key)
        row.value = str(values[key])
        db.session.add(row)
    g.pop("site_settings", None)
    return changed


def pin_setting(key: str) -> None:
    """Store the value in force when it is only a default, for readers outside the app (the
    database's audit-trail guard reads audit_retention_months)."""
    if db.session.get(Setting, key) is None:
        db.session.add(Setting(key=key, value=str(getattr(site_settings(), key))))
