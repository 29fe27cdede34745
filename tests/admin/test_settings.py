"""Settings that are data: an administrator changes the municipality's name and number, the
retention periods, the consent text and the accessibility status in the app, and residents'
pages, e-mails and the statements follow at once. Nothing municipality-specific is in code."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from partnernet.models import AuditEvent, OutboxMessage, Referral, Setting
from partnernet.notify import residents
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.referrals.conftest import RESIDENT
from tests.support.queries import recorded_statements

ROOT = Path(__file__).resolve().parents[2]
CURRENT = {
    "municipality_name": "Groningen", "municipality_phone": "14 050",
    "municipality_contact_url": "https://gemeente.groningen.nl/contact",
    "security_contact": "mailto:security@partnernet.invalid",
    "retention_months": "12", "audit_retention_months": "24",
    "consent_version": "partnernet-2026-11", "consent_text_nl": "", "consent_text_en": "",
    "accessibility_status": "partial", "accessibility_checked_on": "",
}


def save(client, **changes):
    return client.post("/admin/settings", data={**CURRENT, **changes})


def page_text(client, url) -> str:
    return parse(client.get(url)).get_text(" ", strip=True)


def test_the_settings_page_shows_the_values_in_force(client, auth):
    auth.login(as_="admin")
    page = parse(client.get("/admin/settings"))
    assert page.select_one("#municipality_phone")["value"] == "14 050"
    assert page.select_one("#retention_months")["value"] == "12"


def test_residents_pages_follow_the_municipality_at_once(client, auth, db):
    auth.login(as_="admin")
    response = save(client, municipality_name="Haren", municipality_phone="050 123 4567")
    assert response.status_code == 302
    for url in ("/", "/help", "/privacy", "/toegankelijkheid"):
        text = page_text(client, url)
        assert "050 123 4567" in text or "Haren" in text, url
        assert "14 050" not in text, url
    assert "Haren" in page_text(client, "/")  # the footer
    changes = db.session.scalars(select(AuditEvent.object_id).where(
        AuditEvent.action == "setting_change")).all()
    assert sorted(changes) == ["municipality_name", "municipality_phone"]


def test_an_e_mail_to_a_resident_gives_the_number_in_force(client, auth, db):
    auth.login(as_="admin")
    save(client, municipality_phone="050 999 0000")
    referral = factories.create_referral(state="accepted", resident_email="r@example.org",
                                         updates_language="nl")
    residents.update(referral, None)
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage.body))
    assert "050 999 0000" in body and "14 050" not in body


def test_a_new_consent_text_needs_a_new_version(client, auth, db):
    auth.login(as_="admin")
    refused = save(client, consent_text_nl="Nieuwe tekst.")
    assert refused.status_code == 200 and "nieuwe versie" in error_summary(refused)[0]
    assert db.session.scalars(select(Setting)).all() == []
    assert save(client, consent_text_nl="Nieuwe tekst.",
                consent_version="2027-01").status_code == 302
    form = client.get("/staff/referrals/new").get_data(as_text=True)
    assert "Nieuwe tekst." in form


def test_a_referral_stores_the_consent_version_in_force(client, auth, db):
    auth.login(as_="admin")
    save(client, consent_version="gemeente-2027-01")
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    response = client.post("/staff/referrals/new", data=fresh(RESIDENT))
    assert response.status_code == 302
    assert db.session.scalar(select(Referral.consent_text_version)) == "gemeente-2027-01"


@pytest.mark.parametrize(("field", "value"), [
    ("retention_months", "0"), ("retention_months", "twaalf"), ("audit_retention_months", "2"),
    ("municipality_contact_url", "gemeente.nl"), ("municipality_phone", "bel ons"),
    ("security_contact", "security@example.org"), ("municipality_name", ""),
    ("accessibility_status", "perfect"), ("accessibility_checked_on", "gisteren"),
])
def test_a_wrong_value_is_named_and_nothing_is_saved(client, auth, db, field, value):
    auth.login(as_="admin")
    response = save(client, **{field: value})
    assert response.status_code == 200 and error_summary(response)
    assert db.session.scalars(select(Setting)).all() == []


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_only_administrators_change_settings(client, auth, role):
    auth.login(as_=role)
    assert save(client, municipality_name="Elders").status_code == 403


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_statements_say_what_residents_are_owed(client, auth, lang):
    privacy = page_text(client, f"/privacy?lang={lang}")
    assert "12" in privacy and "24" in privacy and "14 050" in privacy
    assert "https://gemeente.groningen.nl/contact" in client.get(
        f"/privacy?lang={lang}").get_data(as_text=True)
    statement = page_text(client, f"/toegankelijkheid?lang={lang}")
    assert "WCAG 2.1" in statement
    auth.login(as_="admin")
    save(client, accessibility_status="full", accessibility_checked_on="2026-11-30")
    statement = page_text(client, f"/toegankelijkheid?lang={lang}")
    assert ("volledig" if lang == "nl" else "fully") in statement
    assert re.search(r"30,? [Nn]ovember 2026|[Nn]ovember 30, 2026", statement)


def test_the_footer_links_to_both_statements(client):
    links = {a["href"] for a in parse(client.get("/")).select("footer a")}
    assert {"/privacy", "/toegankelijkheid"} <= links


def test_security_txt_says_where_to_report_and_until_when(client):
    response = client.get("/.well-known/security.txt")
    assert response.mimetype == "text/plain"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())
    assert fields["Contact"] == "mailto:security@partnernet.invalid"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timedelta(days=30) < expires - datetime.now(UTC) < timedelta(days=365)


def test_no_template_or_module_writes_the_municipality_s_number():
    """The number comes from the settings; its default lives in config.py alone."""
    found = []
    for path in [*ROOT.joinpath("templates").rglob("*.*"), *ROOT.joinpath("partnernet").rglob(
            "*.py")]:
        if path.name == "config.py":
            continue
        # A form's example of a valid number is no number to call.
        text = path.read_text(encoding="utf-8").replace("like 14 050 or", "")
        if re.search(r"14\s?050", text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_a_visitor_s_pages_read_the_settings_once_and_follow_a_change_at_once(client, db):
    """For a visitor without an account the settings are kept in the worker, as kept pages
    are; a change made in this worker shows at once. (The clock is stopped: the kept settings
    are renewed when a KEEP_SECONDS window ends.)"""
    from freezegun import freeze_time

    with freeze_time("2026-12-04 10:00:00"):
        client.get("/search?where=9712")
        with recorded_statements(db.engine) as statements:
            assert "Groningen" in page_text(client, "/search?where=9711")
        assert not [sql for sql in statements if "FROM settings" in sql]
        db.session.add(Setting(key="municipality_name", value="Haren"))
        db.session.commit()
        assert "Haren" in page_text(client, "/search?where=9711")


def test_a_signed_in_user_reads_the_settings_in_force(client, auth, db):
    auth.login(as_="admin")
    client.get("/admin/settings")
    with recorded_statements(db.engine) as statements:
        client.get("/admin/settings")
    assert [sql for sql in statements if "FROM settings" in sql]
