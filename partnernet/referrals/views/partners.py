"""Partners take the referrals sent to their organisation (volunteers: those assigned to them)."""

from flask import (
    abort,
    flash,
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
    CompleteForm,
    DeclineForm,
    NoteForm,
    VersionedForm,
)
from partnernet.referrals.views.shared import (
    LISTED,
    PAGE_SIZE,
    act,
    people_of,
    record_view,
    topic_of,
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
    query = _partner_referrals().options(LISTED)
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
    forms = {step: form_class(prefix=step, version=referral.version)
             for step, (_state, form_class) in PARTNER_STEPS.items()}
    forms[CONTACT_ATTEMPT] = NoteForm(prefix=CONTACT_ATTEMPT, version=referral.version)
    if failed is not None and failed_step is not None:
        forms[failed_step] = failed
    topic_name = topic_of(referral)
    record_view(referral)
    return render_template(
        "referrals/partner_referral.html", referral=referral, topic_name=topic_name,
        forms=forms, failed=failed, assign_form=assign_form, users=people_of(referral))


CONTACT_ATTEMPT = "contact-attempt"
PARTNER_STEPS = {
    "accept": (ReferralState.ACCEPTED, VersionedForm),
    "decline": (ReferralState.DECLINED, DeclineForm),
    "unreachable": (ReferralState.UNREACHABLE, NoteForm),
    "complete": (ReferralState.COMPLETED, CompleteForm),
}


@bp.route("/partner/referrals/<int:referral_id>/<any(accept, decline, unreachable, complete):step>",
          methods=["POST"])
@role_required(*PARTNERS)
def partner_step(referral_id, step):
    referral = _partner_referral_or_404(referral_id)
    state, form_class = PARTNER_STEPS[step]
    form = form_class(prefix=step)
    if not form.validate_on_submit():
        return _partner_referral_page(referral, step, form), 400
    details = {name: getattr(form, name).data or None
               for name in ("note", "reason", "alternative", "outcome") if name in form}
    act(referral, lambda: service.change_state(referral, state, current_user,
                                                form.version.data, **details),
         STEP_DONE[step]())
    return redirect(url_for("referrals.partner_referral", referral_id=referral.id))


STEP_DONE = {
    "accept": lambda: _("You accepted the referral. Contact the resident soon."),
    "decline": lambda: _("You declined the referral. The municipality finds another place."),
    "unreachable": lambda: _("The referral is back with the municipality."),
    "complete": lambda: _("The referral is completed. Thank you."),
}


@bp.route("/partner/referrals/<int:referral_id>/contact-attempt", methods=["POST"])
@role_required(*PARTNERS)
def contact_attempt(referral_id):
    referral = _partner_referral_or_404(referral_id)
    form = NoteForm(prefix=CONTACT_ATTEMPT)
    if not form.validate_on_submit():
        return _partner_referral_page(referral, CONTACT_ATTEMPT, form), 400
    if referral.state != ReferralState.ACCEPTED:
        flash(_("This step is not possible any more: the referral has moved on. Below is how "
                "it is now."))
    else:
        act(referral, lambda: service.log_contact_attempt(
            referral, current_user, form.version.data, form.note.data or None),
            _("The contact attempt is noted."))
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
