from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.auth.access import public, role_required
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm
from partnernet.models import Organisation, OrganisationStatus, Role
from partnernet.partners import service
from partnernet.partners.forms import KIND_CHOICES, RegistrationForm, RejectionForm

bp = Blueprint("partners", __name__)
STAFF = (Role.STAFF, Role.ADMIN)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        if not form.fax.data:  # bots fill in every field; they get the same thank-you
            service.register_organisation(form)
        return redirect(url_for("partners.registered"))
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
            flash(_("%(name)s is approved.", name=organisation.name) + " " + (
                _("The contact person has been invited by e-mail.") if invited else
                _("The contact person already has an account; no invitation was sent.")))
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


@bp.app_template_filter("organisation_kind")
def organisation_kind(kind: str) -> str:
    names = {choice.value: choice.label for choice in KIND_CHOICES}
    return str(names.get(kind, _("Municipality") if kind == "municipality" else kind))
