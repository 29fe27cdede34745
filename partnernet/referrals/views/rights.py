"""Staff act on a resident's rights: find their records, export them (JSON, or a readable
page), correct and erase them. Every look at personal data here is audited."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from partnernet.access import STAFF, role_required
from partnernet.extensions import db, limiter
from partnernet.models import Referral
from partnernet.privacy.audit import record_event
from partnernet.referrals import bp, rights
from partnernet.referrals.forms import EraseForm, ResidentDetailsForm, ResidentSearchForm


@bp.route("/staff/residents", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])
@role_required(*STAFF)
def residents():
    form = ResidentSearchForm()
    found = None
    if form.validate_on_submit():
        found = rights.find(form.term.data)
        record_event("resident_search", object_type="referral",
                     object_id=",".join(str(r.id) for r in found)[:64] or None)
        db.session.commit()
    return render_template("referrals/residents.html", form=form, found=found)


def _records(referral_id: int) -> tuple[Referral, list[Referral]]:
    referral = db.get_or_404(Referral, referral_id)
    return referral, rights.records_of(referral)


@bp.route("/staff/referrals/<int:referral_id>/resident")
@role_required(*STAFF)
def resident(referral_id):
    referral, records = _records(referral_id)
    rights.audit_each("resident_view", records)
    return render_template("referrals/resident.html", referral=referral, records=records,
                           erase_form=EraseForm())


@bp.route("/staff/referrals/<int:referral_id>/resident/export.json")
@role_required(*STAFF)
def resident_export_json(referral_id):
    referral, records = _records(referral_id)
    rights.audit_each("resident_export", records)
    body = json.dumps(rights.export(records, str(get_locale())), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="partnernet-{referral.reference}.json"'
    return response


@bp.route("/staff/referrals/<int:referral_id>/resident/export")
@role_required(*STAFF)
def resident_export_page(referral_id):
    referral, records = _records(referral_id)
    rights.audit_each("resident_export", records)
    return render_template("referrals/resident_export.html", referral=referral,
                           data=rights.export(records, str(get_locale())))


@bp.route("/staff/referrals/<int:referral_id>/resident/correct", methods=["GET", "POST"])
@role_required(*STAFF)
def correct_resident(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    if referral.pseudonymised_at is not None:
        flash(_("The personal details of this request were removed; there is nothing to "
                "correct."))
        return redirect(url_for("referrals.resident", referral_id=referral.id))
    form = ResidentDetailsForm(obj=referral, postcode=referral.resident_postcode)
    if form.validate_on_submit():
        rights.correct(referral, rights.ResidentDetails(
            resident_name=form.resident_name.data, resident_phone=form.resident_phone.data,
            resident_email=form.resident_email.data, resident_postcode=form.postcode.data,
            contact_time=form.contact_time.data, need_description=form.need_description.data))
        flash(_("The details are corrected."))
        return redirect(url_for("referrals.resident", referral_id=referral.id))
    if not form.is_submitted():
        rights.audit_each("resident_view", [referral])
    return render_template("referrals/resident_correct.html", referral=referral, form=form)


@bp.route("/staff/referrals/<int:referral_id>/resident/erase", methods=["POST"])
@role_required(*STAFF)
def erase_resident(referral_id):
    referral, records = _records(referral_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template("referrals/resident.html", referral=referral, records=records,
                               erase_form=form), 400
    try:
        rights.erase(records)
    except rights.StillOpen as still_open:
        flash(_("Request %(reference)s is still open. Close or cancel it first; then erase "
                "the details.", reference=still_open.reference))
    except rights.AlreadyErased:
        flash(_("These details were erased already."))
    else:
        flash(_("The resident's details are erased. The requests stay, without anything "
                "about the person, and so does the audit trail."))
    return redirect(url_for("referrals.resident", referral_id=referral.id))
