"""The settings that are data: the municipality, retention, consent text, accessibility."""

from dataclasses import asdict
from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from partnernet.access import role_required
from partnernet.admin import bp, service
from partnernet.admin.forms import SettingsForm
from partnernet.models import Role
from partnernet.settings import FIELD_TYPES, site_settings


def _form_data() -> dict:
    values = asdict(site_settings())
    checked_on = values["accessibility_checked_on"]
    values["accessibility_checked_on"] = date.fromisoformat(checked_on) if checked_on else None
    return values


def _values(form: SettingsForm) -> dict:
    values = {key: form[key].data for key in FIELD_TYPES}
    checked_on = values["accessibility_checked_on"]
    values["accessibility_checked_on"] = checked_on.isoformat() if checked_on else ""
    return values


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    current = _form_data()
    form = SettingsForm(data=current)
    if form.validate_on_submit():
        values = _values(form)
        text_changed = any(values[key] != current[key]
                           for key in ("consent_text_nl", "consent_text_en"))
        if text_changed and values["consent_version"] == current["consent_version"]:
            form.consent_version.errors.append(_(
                "The consent text changed: give it a new version, so every referral keeps the "
                "version the resident agreed to."))
        else:
            changed = service.save_settings(values)
            flash(_("The settings are saved.") if changed else _("Nothing was changed."))
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)
