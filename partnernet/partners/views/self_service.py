"""A partner's own area: the overview, the organisation profile, support points and offers.
Staff and admins reach the same pages for any organisation from their organisation list."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from partnernet.access import EDITORS, PARTNERS, get_owned_or_404, role_required
from partnernet.forms import EmptyForm, SwitchForm, values_of
from partnernet.geo import map_settings
from partnernet.geo.maps import MapMarker, single_point_map
from partnernet.models import (
    InformationReport,
    Offer,
    Organisation,
    Role,
    SupportPoint,
    Topic,
)
from partnernet.opening_hours import parse_day
from partnernet.partners import bp, service
from partnernet.partners.forms import (
    NewOfferForm,
    NewSupportPointForm,
    OfferForm,
    OrganisationForm,
    SupportPointForm,
    offer_form_data,
    point_form_data,
)
from partnernet.partners.overview import overview_page
from partnernet.submit_once import AlreadySubmitted, SubmitOnce, claim_submission
from partnernet.vocabulary import language_choices


def overview_url(organisation_id: int) -> str:
    """Where a change to this organisation's records leads back to, for the person making it."""
    if current_user.role in PARTNERS:
        return url_for("partners.overview")
    return url_for("partners.staff_organisation", organisation_id=organisation_id)


@bp.route("/partner")
@role_required(*PARTNERS)
def overview():
    return overview_page(current_user.organisation)


@bp.route("/partner/organisation", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit_organisation():
    organisation = current_user.organisation
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        service.update_organisation(organisation, values_of(form, service.OrganisationDetails))
        flash(_("Saved. Residents see the changes at once."))
        return redirect(url_for("partners.overview"))
    return render_template("partners/edit_organisation.html", form=form,
                           organisation=organisation)


def _claim(form, organisation_id: int):
    """Claim a create form's key; a redirect to what the first submission saved when the form
    was sent before, else (claim or None for an edit form, None)."""
    if not isinstance(form, SubmitOnce):
        return None, None
    try:
        return claim_submission(form), None
    except AlreadySubmitted as earlier:
        flash(_("This form was sent twice; it is saved once."))
        return None, redirect(earlier.result_path or overview_url(organisation_id))


def _saved(name: str, url: str):
    flash(_("%(name)s is saved. Residents see the changes at once.", name=name))
    return redirect(url)


@bp.route("/partner/points/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_point():
    point = SupportPoint(organisation_id=current_user.organisation_id)
    return _point_page(point, NewSupportPointForm, is_new=True)


@bp.route("/partner/points/<int:point_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_point(point_id):
    return _point_page(get_owned_or_404(SupportPoint, point_id), SupportPointForm, is_new=False)


def _point_page(point: SupportPoint, form_class, is_new: bool):
    form = form_class() if request.method == "POST" else form_class(
        data=None if is_new else point_form_data(point))
    if form.validate_on_submit():
        claim, sent_before = _claim(form, point.organisation_id)
        if sent_before:
            return sent_before
        try:
            service.save_point(point, _point_details(form), claim, _point_url)
            return _saved(point.name, _point_url(point))
        except service.AddressNotFound:
            form.postcode.errors.append(_("We could not find this address. Check it, or fill "
                                          "in the latitude and longitude yourself."))
    return render_template("partners/edit_point.html", form=form, point=point, is_new=is_new,
                           back_url=overview_url(point.organisation_id),
                           point_map=None if is_new else single_point_map(
                               MapMarker(point.latitude, point.longitude, point.name),
                               map_settings()))


def _point_url(point: SupportPoint) -> str:
    return url_for("partners.edit_point", point_id=point.id)


def _point_details(form) -> service.PointDetails:
    def number(field):
        return None if field.data is None else float(field.data)

    return values_of(
        form, service.PointDetails,
        hours=[parse_day(entry.data or "") for entry in form.hours],
        closures=[service.Closed(entry.starts_on.data, entry.ends_on.data, entry.reason.data)
                  for entry in form.closures if entry.starts_on.data],
        latitude=number(form.latitude), longitude=number(form.longitude),
        wheelchair_accessible={"yes": True, "no": False}.get(form.wheelchair.data))


@bp.route("/partner/offers/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new_offer():
    organisation = current_user.organisation
    return _offer_page(Offer(organisation_id=organisation.id), organisation, NewOfferForm,
                       is_new=True)


@bp.route("/partner/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_offer(offer_id):
    offer = get_owned_or_404(Offer, offer_id)
    return _offer_page(offer, offer.organisation, OfferForm, is_new=False)


def _offer_page(offer: Offer, organisation: Organisation, form_class, is_new: bool):
    form = form_class() if request.method == "POST" else form_class(
        data=None if is_new else offer_form_data(offer))
    form.set_choices(Topic.choices(str(get_locale())), language_choices(),
                     sorted(organisation.support_points, key=lambda point: point.name))
    if form.validate_on_submit():
        claim, sent_before = _claim(form, organisation.id)
        if sent_before:
            return sent_before
        back = overview_url(organisation.id)
        service.save_offer(offer, values_of(form, service.OfferDetails,
                                            support_points=form.support_points.data or []),
                           claim, lambda _offer: back)
        return _saved(offer.title, back)
    return render_template("partners/edit_offer.html", form=form, offer=offer, is_new=is_new,
                           back_url=overview_url(organisation.id))


@bp.route("/partner/points/<int:point_id>/visibility", methods=["POST"])
@role_required(*EDITORS)
def set_point_visibility(point_id):
    point = get_owned_or_404(SupportPoint, point_id)
    form = SwitchForm()
    if form.validate_on_submit():
        service.show_point(point, form.on)
        flash(_("%(name)s is shown to residents again.", name=point.name) if form.on else
              _("%(name)s is no longer shown to residents.", name=point.name))
    return redirect(overview_url(point.organisation_id))


@bp.route("/partner/offers/<int:offer_id>/visibility", methods=["POST"])
@role_required(*EDITORS)
def set_offer_visibility(offer_id):
    offer = get_owned_or_404(Offer, offer_id)
    form = SwitchForm()
    if form.validate_on_submit():
        service.show_offer(offer, form.on)
        flash(_("%(name)s is shown to residents again.", name=offer.title) if form.on
              else _("%(name)s is paused: residents no longer see it.", name=offer.title))
    return redirect(overview_url(offer.organisation_id))


@bp.route("/partner/<any(points, offers):kind>/<int:record_id>/confirm", methods=["POST"])
@role_required(*EDITORS)
def confirm(kind, record_id):
    """"Still correct": the information is confirmed today without changing it."""
    record = get_owned_or_404(SupportPoint if kind == "points" else Offer, record_id)
    if EmptyForm().validate_on_submit():
        service.confirm_listing(record)
        flash(_("Thank you. The information is confirmed as still correct."))
    return redirect(overview_url(record.organisation_id))


@bp.route("/partner/reports/<int:report_id>/handled", methods=["POST"])
@role_required(*EDITORS)
def report_handled(report_id):
    report = get_owned_or_404(InformationReport, report_id)
    if EmptyForm().validate_on_submit():
        service.mark_report_handled(report)
        flash(_("The report is marked as handled."))
    return redirect(overview_url(report.organisation_id))
