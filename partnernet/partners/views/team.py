"""The coordinator's team: invite volunteers by e-mail, see who is active, take access away."""

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from partnernet.access import get_owned_or_404, role_required
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm, SwitchForm
from partnernet.models import AssistanceLog, Role, User
from partnernet.partners import bp, service
from partnernet.partners.forms import VolunteerInvitationForm
from partnernet.submit_once import AlreadySubmitted, claim_submission


def team_members(organisation_id: int) -> list[tuple[User, datetime | None]]:
    """Everyone of the organisation, with when they were last active: their last login or the
    last help they logged, whichever is later."""
    last_logged_help = (select(func.max(AssistanceLog.created_at))
                        .where(AssistanceLog.volunteer_id == User.id)
                        .correlate(User).scalar_subquery())
    rows = db.session.execute(
        select(User, last_logged_help).where(User.organisation_id == organisation_id)
        .order_by(User.role, func.lower(User.name))
    ).all()
    return [(user, max(filter(None, (user.last_login_at, logged)), default=None))
            for user, logged in rows]


@bp.route("/partner/volunteers", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@role_required(Role.COORDINATOR)
def volunteers():
    organisation = current_user.organisation
    form = VolunteerInvitationForm()
    if form.validate_on_submit():
        list_url = url_for("partners.volunteers")
        try:
            claim = claim_submission(form)
        except AlreadySubmitted:
            flash(_("This form was sent twice; the invitation is sent once."))
            return redirect(list_url)
        claim.result_path = list_url
        service.invite_volunteer(organisation, form.name.data, form.email.data,
                                 str(get_locale()))
        flash(_("%(name)s is invited by e-mail. The link works for 7 days.", name=form.name.data))
        return redirect(list_url)
    return render_template("partners/volunteers.html", form=form, organisation=organisation,
                           members=team_members(organisation.id))


def _own_volunteer(user_id: int) -> User:
    volunteer = get_owned_or_404(User, user_id)
    if volunteer.role != Role.VOLUNTEER:
        abort(404)
    return volunteer


@bp.route("/partner/volunteers/<int:user_id>/invitation", methods=["POST"])
@limiter.limit("10 per hour")
@role_required(Role.COORDINATOR)
def resend_invitation(user_id):
    volunteer = _own_volunteer(user_id)
    if EmptyForm().validate_on_submit():
        if volunteer.password_hash is None and volunteer.active:
            service.invite_again(volunteer, current_user.organisation)
            flash(_("A new invitation is sent to %(name)s.", name=volunteer.name))
        else:
            flash(_("%(name)s does not need an invitation.", name=volunteer.name))
    return redirect(url_for("partners.volunteers"))


@bp.route("/partner/volunteers/<int:user_id>/access", methods=["POST"])
@role_required(Role.COORDINATOR)
def set_volunteer_access(user_id):
    volunteer = _own_volunteer(user_id)
    form = SwitchForm()
    if form.validate_on_submit():
        service.set_access(volunteer, form.on)
        flash(_("%(name)s can log in again.", name=volunteer.name) if form.on else
              _("%(name)s can no longer log in.", name=volunteer.name))
    return redirect(url_for("partners.volunteers"))
