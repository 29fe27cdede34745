"""Partners take the referrals sent to their organisation (volunteers: those assigned to them)."""

from flask import (
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select

from partnernet.access import PARTNERS, role_required
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.links import requested_page
from partnernet.models import (
    Referral,
    ReferralState,
    Role,
    User,
)
from partnernet.models.referrals import WITH_PARTNER
from partnernet.referrals import bp, service
from partnernet.referrals.forms import (
    AssignForm,
)
from partnernet.referrals.views.shared import (
    CONTACT_ATTEMPT,
    PAGE_SIZE,
    act,
    listed,
    partner_page,
    step_form,
    take_step,
)

# Partners: their organisation's referrals (volunteers: those assigned to them).

def _partner_referrals():
    query = select(Referral).where(Referral.organisation_id == current_user.organisation_id)
    if current_user.role == Role.VOLUNTEER:
        query = query.where(Referral.assigned_to_id == current_user.id)
    return query


def _partner_referral_or_404(referral_id: int) -> Referral:
    referral = db.session.scalar(_partner_referrals().where(Referral.id == referral_id))
    if referral is None:
        abort(404)
    return referral


@bp.route("/partner/referrals")
@role_required(*PARTNERS)
def partner_inbox():
    """What the partner must act on (overdue first, then new ones), or, under "closed", the
    referrals that are no longer theirs to act on."""
    now = utcnow()
    closed = request.args.get("show") == "closed"
    with_partner = Referral.state.in_(WITH_PARTNER)
    query = _partner_referrals().options(listed())
    if closed:
        query = query.where(~with_partner).order_by(Referral.updated_at.desc(), Referral.id)
    else:
        order = case((Referral.overdue_at(now), 0), (Referral.state == ReferralState.SENT, 1),
                     else_=2)
        query = query.where(with_partner).order_by(order, Referral.due_at, Referral.id)
    page = db.paginate(query, page=requested_page(), per_page=PAGE_SIZE, error_out=False)
    return render_template("referrals/partner_inbox.html", page=page, now=now, closed=closed)


@bp.route("/partner/referrals/<int:referral_id>")
@role_required(*PARTNERS)
def partner_referral(referral_id):
    return _partner_referral_page(_partner_referral_or_404(referral_id))


def _partner_referral_page(referral: Referral, failed_step: str | None = None, failed=None):
    """The referral with the steps its state allows; a step that failed validation comes
    back with what was typed and its errors."""
    assign_form = None
    if current_user.role == Role.COORDINATOR:
        assign_form = AssignForm(version=referral.version,
                                 volunteer=referral.assigned_to_id or 0)
        assign_form.set_choices(_volunteers_of(current_user.organisation_id))

    def step_url(step: str) -> str:
        if step == CONTACT_ATTEMPT:
            return url_for("referrals.contact_attempt", referral_id=referral.id)
        return url_for("referrals.partner_step", referral_id=referral.id, step=step)

    return partner_page(referral, step_url, failed_step, failed, assign_form=assign_form)


@bp.route("/partner/referrals/<int:referral_id>/<any(accept, decline, unreachable, complete):step>",
          methods=["POST"])
@role_required(*PARTNERS)
def partner_step(referral_id, step):
    return _partner_step(referral_id, step)


@bp.route("/partner/referrals/<int:referral_id>/contact-attempt", methods=["POST"])
@role_required(*PARTNERS)
def contact_attempt(referral_id):
    return _partner_step(referral_id, CONTACT_ATTEMPT)


def _partner_step(referral_id: int, step: str):
    referral = _partner_referral_or_404(referral_id)
    form = step_form(step)
    if not form.validate_on_submit():
        return _partner_referral_page(referral, step, form), 400
    take_step(referral, step, form, current_user)
    return redirect(url_for("referrals.partner_referral", referral_id=referral.id))


@bp.route("/partner/referrals/<int:referral_id>/assign", methods=["POST"])
@role_required(Role.COORDINATOR)
def assign(referral_id):
    referral = _partner_referral_or_404(referral_id)
    form = AssignForm()
    form.set_choices(_volunteers_of(current_user.organisation_id))
    if form.validate_on_submit():
        volunteer = db.session.get(User, form.volunteer.data) if form.volunteer.data else None
        act(referral, lambda: service.assign(referral, volunteer, current_user,
                                              form.version.data),
             _("%(name)s now handles this referral.", name=volunteer.name) if volunteer
             else _("Nobody in particular handles this referral now."))
    return redirect(url_for("referrals.partner_referral", referral_id=referral.id))


def _volunteers_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == Role.VOLUNTEER,
        User.active.is_(True)).order_by(User.name)))
