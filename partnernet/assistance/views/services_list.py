"""Staff keep the short list of municipal and government services volunteers choose from when
they log help, so the municipality sees which of its services send residents to partners."""

import re

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from partnernet.access import STAFF, role_required
from partnernet.assistance import bp
from partnernet.assistance.forms import MunicipalServiceForm, NewMunicipalServiceForm
from partnernet.extensions import db
from partnernet.forms import SwitchForm
from partnernet.models import MunicipalService
from partnernet.privacy.audit import record_event
from partnernet.submit_once import AlreadySubmitted, change_once, claim_submission


@bp.route("/staff/services", methods=["GET", "POST"])
@role_required(*STAFF)
def municipal_services():
    form = NewMunicipalServiceForm()
    if form.validate_on_submit():
        service = MunicipalService(code=_free_code(form.name_en.data),
                                   position=_next_position(), active=True)
        _fill(service, form)
        db.session.add(service)
        try:
            claim = claim_submission(form)
        except AlreadySubmitted:
            flash(_("This form was sent twice; the service is added once."))
            return redirect(url_for("assistance.municipal_services"))
        claim.result_path = url_for("assistance.municipal_services")
        db.session.flush()
        record_event("municipal_service_create", object_type="municipal_service",
                     object_id=service.id)
        db.session.commit()
        flash(_("%(name)s is on the list.", name=service.name_nl))
        return redirect(url_for("assistance.municipal_services"))
    services = db.session.scalars(select(MunicipalService).order_by(MunicipalService.position))
    return render_template("assistance/services.html", form=form, services=list(services))


@bp.route("/staff/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_municipal_service(service_id):
    service = db.get_or_404(MunicipalService, service_id)
    form = MunicipalServiceForm(obj=service)
    if form.validate_on_submit():
        _fill(service, form)
        record_event("municipal_service_update", object_type="municipal_service",
                     object_id=service.id)
        db.session.commit()
        flash(_("The service is changed."))
        return redirect(url_for("assistance.municipal_services"))
    return render_template("assistance/edit_service.html", form=form, service=service)


@bp.route("/staff/services/<int:service_id>/active", methods=["POST"])
@role_required(*STAFF)
def set_municipal_service_active(service_id):
    service = db.get_or_404(MunicipalService, service_id)
    form = SwitchForm()
    if form.validate_on_submit():
        if change_once(MunicipalService.active, service.id, form.on):
            record_event("municipal_service_" + ("activate" if form.on else "deactivate"),
                         object_type="municipal_service", object_id=service.id)
        db.session.commit()
        flash(_("Volunteers can choose %(name)s again.", name=service.name_nl) if form.on
              else _("%(name)s is off the list. Earlier logs keep it.", name=service.name_nl))
    return redirect(url_for("assistance.municipal_services"))


def _fill(service: MunicipalService, form: MunicipalServiceForm) -> None:
    service.name_nl, service.name_en = form.name_nl.data, form.name_en.data


def _free_code(name: str) -> str:
    """A stable code from the English name (the names may change later): "Parking permit" ->
    "parking_permit", with a number added when taken."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "service"
    taken = set(db.session.scalars(select(MunicipalService.code).where(
        MunicipalService.code.startswith(base))))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def _next_position() -> int:
    return (db.session.scalar(select(func.max(MunicipalService.position))) or 0) + 1
