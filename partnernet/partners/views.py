from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partnernet.auth.access import get_owned_or_404, public, role_required
from partnernet.directory.service import local_today
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm
from partnernet.geo import map_settings
from partnernet.geo.maps import single_point_map
from partnernet.models import (
    InformationReport,
    Offer,
    OfferStatus,
    Organisation,
    OrganisationStatus,
    Role,
    SupportPoint,
)
from partnernet.partners import offers, points, service
from partnernet.partners.forms import (
    KIND_CHOICES,
    OfferForm,
    OrganisationForm,
    RegistrationForm,
    RejectionForm,
    SupportPointForm,
)
from partnernet.privacy.audit import record_event

bp = Blueprint("partners", __name__)
bp.add_app_template_global(local_today, "local_today")
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


# The partner's own area: organisation profile and support points.
PARTNERS = (Role.COORDINATOR, Role.VOLUNTEER)
EDITORS = (Role.COORDINATOR, Role.STAFF, Role.ADMIN)


@bp.route("/partner")
@role_required(*PARTNERS)
def overview():
    organisation = current_user.organisation
    reports = db.session.scalars(select(InformationReport).where(
        InformationReport.organisation_id == organisation.id,
        InformationReport.handled_at.is_(None)).order_by(InformationReport.created_at)).all()
    return render_template("partners/overview.html", organisation=organisation,
                           reports=reports)


@bp.route("/partner/organisation", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_organisation():
    organisation = current_user.organisation
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        form.populate_obj(organisation)
        record_event("organisation_update", object_type="organisation",
                     object_id=organisation.id)
        db.session.commit()
        flash(_("Saved. Residents see the changes at once."))
        return redirect(url_for("partners.overview"))
    return render_template("partners/edit_organisation.html", form=form,
                           organisation=organisation)


@bp.route("/partner/points/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_point():
    return _point_page(SupportPoint(organisation_id=current_user.organisation_id), is_new=True)


@bp.route("/partner/points/<int:point_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_point(point_id):
    return _point_page(get_owned_or_404(SupportPoint, point_id), is_new=False)


def _point_page(point: SupportPoint, is_new: bool):
    form = SupportPointForm() if request.method == "POST" else SupportPointForm(
        data=None if is_new else points.form_data(point))
    if form.validate_on_submit():
        if points.fill_from(point, form, local_today()):
            db.session.add(point)
            record_event("support_point_save", object_type="support_point", object_id=point.id)
            db.session.commit()
            flash(_("%(name)s is saved. Residents see the changes at once.", name=point.name))
            return redirect(url_for("partners.edit_point", point_id=point.id))
        db.session.rollback()
        form.postcode.errors.append(_("We could not find this address. Check it, or fill in "
                                      "the latitude and longitude yourself."))
    return render_template("partners/edit_point.html", form=form, point=point, is_new=is_new,
                           point_map=None if is_new else single_point_map(
                               point.latitude, point.longitude, point.name, map_settings()))


@bp.route("/partner/points/<int:point_id>/active", methods=["POST"])
@role_required(*EDITORS)
def toggle_point(point_id):
    point = get_owned_or_404(SupportPoint, point_id)
    if EmptyForm().validate_on_submit():
        point.active = not point.active
        record_event("support_point_" + ("activate" if point.active else "deactivate"),
                     object_type="support_point", object_id=point.id)
        db.session.commit()
        flash(_("%(name)s is shown to residents again.", name=point.name) if point.active else
              _("%(name)s is no longer shown to residents.", name=point.name))
    return redirect(url_for("partners.overview"))


@bp.route("/partner/offers/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_offer():
    organisation = current_user.organisation
    return _offer_page(Offer(organisation_id=organisation.id), organisation, is_new=True)


@bp.route("/partner/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_offer(offer_id):
    offer = get_owned_or_404(Offer, offer_id)
    return _offer_page(offer, offer.organisation, is_new=False)


def _offer_page(offer: Offer, organisation: Organisation, is_new: bool):
    form = OfferForm() if request.method == "POST" else OfferForm(
        data=None if is_new else offers.form_data(offer))
    offers.set_form_choices(form, organisation, str(get_locale()))
    if form.validate_on_submit():
        offers.fill_from(offer, form, local_today())
        db.session.add(offer)
        db.session.flush()
        record_event("offer_save", object_type="offer", object_id=offer.id)
        db.session.commit()
        flash(_("%(name)s is saved. Residents see the changes at once.", name=offer.title))
        return redirect(url_for("partners.overview"))
    return render_template("partners/edit_offer.html", form=form, offer=offer, is_new=is_new)


@bp.route("/partner/offers/<int:offer_id>/status", methods=["POST"])
@role_required(*EDITORS)
def toggle_offer(offer_id):
    offer = get_owned_or_404(Offer, offer_id)
    if EmptyForm().validate_on_submit():
        paused = offer.status == OfferStatus.ACTIVE
        offer.status = OfferStatus.PAUSED if paused else OfferStatus.ACTIVE
        record_event("offer_" + ("pause" if paused else "resume"), object_type="offer",
                     object_id=offer.id)
        db.session.commit()
        flash(_("%(name)s is paused: residents no longer see it.", name=offer.title) if paused
              else _("%(name)s is shown to residents again.", name=offer.title))
    return redirect(url_for("partners.overview"))


@bp.route("/partner/<any(points, offers):kind>/<int:record_id>/confirm", methods=["POST"])
@role_required(*EDITORS)
def confirm(kind, record_id):
    """"Still correct": the information is confirmed today without changing it."""
    record = get_owned_or_404(SupportPoint if kind == "points" else Offer, record_id)
    if EmptyForm().validate_on_submit():
        record.assured_date = local_today()
        db.session.commit()
        flash(_("Thank you. The information is confirmed as still correct."))
    return redirect(url_for("partners.overview"))
