"""Organisations register themselves; staff approve or reject them; an organisation confirms
its address."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partnernet.access import STAFF, public, role_required
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm, values_of
from partnernet.models import ClaimStatus, ListingClaim, Organisation, OrganisationStatus
from partnernet.partners import bp, service
from partnernet.partners.forms import ClaimForm, RegistrationForm, RejectionForm
from partnernet.submit_once import AlreadySubmitted, claim_submission
from partnernet.tokens import ADDRESS_CHECK, read_signed


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def register():
    form = RegistrationForm()
    thanks = url_for("partners.registered")
    if form.earlier_submission():
        return redirect(thanks)
    if form.validate_on_submit():
        if form.fax.data:  # bots fill in every field; they get the same thank-you
            return redirect(thanks)
        try:
            claim_submission(form).result_path = thanks
        except AlreadySubmitted:
            return redirect(thanks)
        service.register_organisation(values_of(form, service.Application,
                                                  language=str(get_locale())))
        return redirect(thanks)
    return render_template("partners/register.html", form=form)


@bp.route("/register/thanks")
@public
def registered():
    return render_template("partners/registered.html")


@bp.route("/staff/registrations")
@role_required(*STAFF)
def registrations():
    pending = db.session.scalars(
        select(Organisation).where(Organisation.status == OrganisationStatus.PENDING)
        .order_by(Organisation.created_at)
    ).all()
    claims = db.session.scalars(
        select(ListingClaim).where(ListingClaim.status == ClaimStatus.PENDING)
        .options(selectinload(ListingClaim.organisation)).order_by(ListingClaim.created_at)
    ).all()
    return render_template("partners/registrations.html", pending=pending,
                           approve_form=EmptyForm(), claims=claims,
                           imported=service.awaiting_import_approval())


@bp.route("/staff/registrations/<int:organisation_id>/approve", methods=["POST"])
@role_required(*STAFF)
def approve(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    if EmptyForm().validate_on_submit():
        try:
            invited = service.approve(organisation)
        except service.AlreadyDecided:
            flash(_("This registration was already decided on."))
        else:
            if invited:
                next_step = _("The contact person has been invited by e-mail.")
            elif organisation.imported_at:
                next_step = _("It was imported, so nobody was invited; someone there can "
                              "claim the listing.")
            elif organisation.email:
                next_step = _("The contact person already has an account; no invitation was "
                              "sent.")
            else:
                next_step = _("There is no e-mail address, so nobody was invited.")
            flash(_("%(name)s is approved.", name=organisation.name) + " " + next_step)
    return redirect(url_for("partners.registrations"))


@bp.route("/staff/registrations/approve-imported", methods=["POST"])
@role_required(*STAFF)
def approve_imported():
    if EmptyForm().validate_on_submit():
        approved = service.approve_imported()
        flash(_("Approved: %(organisations)d organisations, %(places)d places and %(offers)d "
                "offers from imports. Residents see them now.",
                organisations=approved.organisations, places=approved.places,
                offers=approved.offers))
    return redirect(url_for("partners.registrations"))


@bp.route("/staff/registrations/<int:organisation_id>/reject", methods=["GET", "POST"])
@role_required(*STAFF)
def reject(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    if organisation.status != OrganisationStatus.PENDING:
        flash(_("This registration was already decided on."))
        return redirect(url_for("partners.registrations"))
    form = RejectionForm()
    if not form.validate_on_submit():
        return render_template("partners/reject.html", organisation=organisation, form=form)
    try:
        service.reject(organisation, form.reason.data)
    except service.AlreadyDecided:
        flash(_("This registration was already decided on."))
    else:
        flash(_("The registration of %(name)s is rejected. The applicant has been told.",
                name=organisation.name))
    return redirect(url_for("partners.registrations"))


@bp.route("/organisations/address/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def confirm_address(token):
    """The organisation confirms, from the link sent to its address, that referrals may go
    there. A button, not the link itself: mail scanners open links."""
    payload = read_signed(ADDRESS_CHECK, token) or {}
    organisation_id = payload.get("o")
    organisation = (db.session.get(Organisation, organisation_id)
                    if isinstance(organisation_id, int) else None)
    if organisation is None or not organisation.email or (
            payload.get("e") != service.address_mark(organisation.email)):
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        service.confirm_address(organisation)
    return render_template("partners/confirm_address.html", form=form,
                           organisation=organisation)


@bp.route("/organisations/<uuid:organisation_id>/claim", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def claim_listing(organisation_id):
    """"Is this your organisation?": ask to manage a listing made by the municipality."""
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.public_id == organisation_id, Organisation.is_public))
    if organisation is None:
        abort(404)
    form = ClaimForm()
    done = url_for("partners.claim_sent")
    if form.earlier_submission():
        return redirect(done)
    if form.validate_on_submit():
        if form.fax.data:  # a bot: thanked, nothing stored
            return redirect(done)
        try:
            claim_submission(form).result_path = done
        except AlreadySubmitted:
            return redirect(done)
        service.ask_to_claim(organisation, form.name.data, form.email.data, form.message.data,
                             str(get_locale()))
        return redirect(done)
    return render_template("partners/claim.html", form=form, organisation=organisation)


@bp.route("/organisations/claim/sent")
@public
def claim_sent():
    return render_template("partners/claim_sent.html")


@bp.route("/staff/claims/<int:claim_id>/<any(approve, reject):decision>", methods=["POST"])
@role_required(*STAFF)
def decide_claim(claim_id, decision):
    claim = db.get_or_404(ListingClaim, claim_id)
    if EmptyForm().validate_on_submit():
        try:
            service.decide_claim(claim, approve=decision == "approve")
        except service.AlreadyDecided:
            flash(_("This request was already decided on."))
        else:
            flash(_("%(name)s is invited as coordinator by e-mail.", name=claim.name)
                  if decision == "approve" else _("The request is rejected; %(name)s is told.",
                                                  name=claim.name))
    return redirect(url_for("partners.registrations"))
