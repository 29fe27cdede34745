"""Organisations register themselves; staff approve or reject them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.access import STAFF, public, role_required
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm, values_of
from partnernet.models import Organisation, OrganisationStatus
from partnernet.partners import bp, service
from partnernet.partners.forms import RegistrationForm, RejectionForm
from partnernet.submit_once import AlreadySubmitted, claim_submission


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
    return render_template("partners/registrations.html", pending=pending,
                           approve_form=EmptyForm())


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
            elif organisation.email:
                next_step = _("The contact person already has an account; no invitation was "
                              "sent.")
            else:
                next_step = _("There is no e-mail address, so nobody was invited.")
            flash(_("%(name)s is approved.", name=organisation.name) + " " + next_step)
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
