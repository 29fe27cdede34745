"""Organisations' standing: suspend one (out of the directory and matching at once, its open
referrals back to staff) and reinstate it. Approving registrations stays on the staff page."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from partnernet.access import role_required
from partnernet.admin import bp, service
from partnernet.admin.forms import SuspendForm
from partnernet.extensions import db
from partnernet.forms import EmptyForm
from partnernet.models import Organisation, Referral, Role
from partnernet.models.referrals import WITH_PARTNER


@bp.route("/organisations")
@role_required(Role.ADMIN)
def organisations():
    held = (select(func.count()).where(Referral.organisation_id == Organisation.id,
                                       Referral.state.in_(WITH_PARTNER))
            .correlate(Organisation).scalar_subquery())
    rows = db.session.execute(select(Organisation, held)
                              .order_by(func.lower(Organisation.name))).all()
    return render_template("admin/organisations.html", rows=rows)


def _page(organisation: Organisation, form: SuspendForm, status: int = 200):
    form.open_referrals = len(service.open_referrals_held_by(organisation))
    return render_template("admin/organisation.html", organisation=organisation, form=form,
                           reinstate_form=EmptyForm()), status


@bp.route("/organisations/<int:organisation_id>")
@role_required(Role.ADMIN)
def organisation(organisation_id):
    return _page(db.get_or_404(Organisation, organisation_id), SuspendForm())


@bp.route("/organisations/<int:organisation_id>/suspend", methods=["POST"])
@role_required(Role.ADMIN)
def suspend(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = SuspendForm()
    form.open_referrals = len(service.open_referrals_held_by(organisation))
    if not form.validate_on_submit():
        return _page(organisation, form, 400)
    try:
        returned = service.suspend(organisation, form.reason.data, current_user)
    except service.Refused as refused:
        db.session.rollback()
        flash(str(refused))
    else:
        flash(ngettext("%(name)s is suspended. %(num)d referral went back to staff.",
                       "%(name)s is suspended. %(num)d referrals went back to staff.",
                       returned, name=organisation.name))
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/reinstate", methods=["POST"])
@role_required(Role.ADMIN)
def reinstate(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    if EmptyForm().validate_on_submit():
        try:
            service.reinstate(organisation)
            flash(_("%(name)s is reinstated: its listings are shown again.",
                    name=organisation.name))
        except service.Refused as refused:
            db.session.rollback()
            flash(str(refused))
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))
