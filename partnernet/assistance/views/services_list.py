"""Staff keep the short list of municipal and government services volunteers choose from when
they log help, so the municipality sees which of its services send residents to partners."""


from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.access import STAFF, role_required
from partnernet.assistance import bp, service
from partnernet.assistance.forms import MunicipalServiceForm, NewMunicipalServiceForm
from partnernet.extensions import db
from partnernet.forms import SwitchForm
from partnernet.models import MunicipalService
from partnernet.submit_once import AlreadySubmitted, claim_submission


@bp.route("/staff/services", methods=["GET", "POST"])
@role_required(*STAFF)
def municipal_services():
    form = NewMunicipalServiceForm()
    if form.validate_on_submit():
        try:
            claim = claim_submission(form)
        except AlreadySubmitted:
            flash(_("This form was sent twice; the service is added once."))
            return redirect(url_for("assistance.municipal_services"))
        claim.result_path = url_for("assistance.municipal_services")
        added = service.add_municipal_service(form.name_nl.data, form.name_en.data)
        flash(_("%(name)s is on the list.", name=added.name_nl))
        return redirect(url_for("assistance.municipal_services"))
    services = db.session.scalars(select(MunicipalService).order_by(MunicipalService.position))
    return render_template("assistance/services.html", form=form, services=list(services))


@bp.route("/staff/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_municipal_service(service_id):
    municipal_service = db.get_or_404(MunicipalService, service_id)
    form = MunicipalServiceForm(obj=municipal_service)
    if form.validate_on_submit():
        service.rename_municipal_service(municipal_service, form.name_nl.data,
                                         form.name_en.data)
        flash(_("The service is changed."))
        return redirect(url_for("assistance.municipal_services"))
    return render_template("assistance/edit_service.html", form=form,
                           service=municipal_service)


@bp.route("/staff/services/<int:service_id>/active", methods=["POST"])
@role_required(*STAFF)
def set_municipal_service_active(service_id):
    municipal_service = db.get_or_404(MunicipalService, service_id)
    form = SwitchForm()
    if form.validate_on_submit():
        service.set_municipal_service_active(municipal_service, form.on)
        name = municipal_service.name_nl
        flash(_("Volunteers can choose %(name)s again.", name=name) if form.on
              else _("%(name)s is off the list. Earlier logs keep it.", name=name))
    return redirect(url_for("assistance.municipal_services"))
