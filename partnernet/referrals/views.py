from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import load_only, selectinload

from partnernet.access import PARTNERS, STAFF, role_required
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.links import requested_page
from partnernet.models import (
    Offer,
    Referral,
    ReferralState,
    Role,
    Topic,
    User,
)
from partnernet.models.assistance_queries import open_follow_ups
from partnernet.models.referrals import CLOSED_STATES, RETURNED_STATES, IllegalTransition
from partnernet.privacy.audit import record_event
from partnernet.referrals import matching, resident, service  # noqa: F401 (resident: routes)
from partnernet.referrals.blueprint import bp
from partnernet.referrals.forms import (
    AssignForm,
    CancelForm,
    CompleteForm,
    DeclineForm,
    NoteForm,
    ReferralForm,
    SendForm,
    VersionedForm,
)
from partnernet.submit_once import AlreadySubmitted, claim_submission

PAGE_SIZE = 50
FOLLOW_UPS_SHOWN = 5  # the oldest open follow-ups, above the queue; the rest on their own page
OPEN_STATES = [state for state in ReferralState if state not in CLOSED_STATES]
# Lists show no personal data: they load (and decrypt) none, and sort narrow rows.
LISTED = load_only(Referral.id, Referral.reference, Referral.state, Referral.urgency,
                   Referral.organisation_id, Referral.sent_at, Referral.response_due_at,
                   Referral.created_at, Referral.closed_at)


def _topic_name(referral: Referral) -> str | None:
    topic = db.session.get(Topic, referral.topic_id) if referral.topic_id else None
    return topic.name(str(get_locale())) if topic else None


def _viewed(referral: Referral) -> None:
    """Opening a referral shows the resident's personal data: the audit trail says who."""
    record_event("referral_view", object_type="referral", object_id=referral.id)
    db.session.commit()


# Staff: create, match and send, follow, cancel.

@bp.route("/staff/referrals")
@role_required(*STAFF)
def staff_queue():
    now = utcnow()
    order = case(
        (Referral.state.in_(RETURNED_STATES), 0),
        ((Referral.state == ReferralState.SENT) & (Referral.response_due_at < now), 1),
        (Referral.state == ReferralState.NEW, 2),
        else_=3,
    )
    closed = request.args.get("show") == "closed"
    query = select(Referral).options(LISTED, selectinload(Referral.organisation))
    if closed:
        query = query.where(Referral.state.in_(CLOSED_STATES)).order_by(
            Referral.closed_at.desc(), Referral.id.desc())
    else:
        query = query.where(Referral.state.in_(OPEN_STATES)).order_by(
            order, Referral.urgency.desc(), Referral.created_at)
    page = db.paginate(query, page=requested_page(), per_page=PAGE_SIZE, error_out=False)
    follow_ups, follow_ups_total = ([], 0) if closed else open_follow_ups(FOLLOW_UPS_SHOWN)
    return render_template("referrals/staff_queue.html", page=page, now=now, closed=closed,
                           follow_ups=follow_ups, follow_ups_total=follow_ups_total)


@bp.route("/staff/referrals/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_referral():
    form = ReferralForm()
    form.set_choices(Topic.choices(str(get_locale())))
    if form.validate_on_submit():
        try:
            claim = claim_submission(form)
        except AlreadySubmitted as earlier:
            flash(_("This form was sent twice; the referral is saved once."))
            return redirect(earlier.result_path or url_for("referrals.staff_queue"))
        referral = service.create_referral(form, current_user, claim, lambda referral: url_for(
            "referrals.staff_referral", referral_id=referral.id))
        flash(_("The referral is saved. Now choose where to send it."))
        return redirect(url_for("referrals.staff_referral", referral_id=referral.id))
    return render_template("referrals/new.html", form=form,
                           consent_text=consent_text())


def consent_text() -> str:
    return current_app.config["CONSENT_TEXT"] or _(
        "The resident agrees to be referred to a partner organisation, and that the partner "
        "gets their name, contact details and what they need help with. The partner uses "
        "these only to help them. The municipality keeps them until the referral is closed, "
        "and then for at most the retention period.")


@bp.route("/staff/referrals/<int:referral_id>")
@role_required(*STAFF)
def staff_referral(referral_id):
    return _staff_referral_page(db.get_or_404(Referral, referral_id))


def _staff_referral_page(referral: Referral, cancel_form=None):
    topic_name = _topic_name(referral)
    can_send = referral.can_move_to(ReferralState.SENT)
    proposals = matching.propose(referral, topic_name) if can_send else []
    other_offers = matching.all_taking_referrals() if can_send else []
    _viewed(referral)
    return render_template(
        "referrals/staff_referral.html", referral=referral, topic_name=topic_name,
        proposals=proposals, other_offers=other_offers, can_send=can_send,
        send_form=SendForm(), cancel_form=cancel_form or CancelForm(version=referral.version),
        failed=cancel_form, users=_people_of(referral))


def _people_of(referral: Referral) -> dict[int, User]:
    ids = {event.actor_id for event in referral.events if event.actor_id}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


@bp.route("/staff/referrals/<int:referral_id>/send", methods=["POST"])
@role_required(*STAFF)
def send(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    form = SendForm()
    if form.validate_on_submit():
        offer = db.session.get(Offer, form.offer.data)
        if not _takes_referrals(offer):
            flash(_("This help does not take referrals. Choose another."))
        else:
            _act(referral, lambda: service.send_referral(referral, offer, current_user,
                                                         form.version.data),
                 _("The referral is sent to %(name)s. They are told by e-mail.",
                   name=offer.organisation.name))
    return redirect(url_for("referrals.staff_referral", referral_id=referral.id))


def _takes_referrals(offer: Offer | None) -> bool:
    return offer is not None and matching.takes_referrals(offer)


@bp.route("/staff/referrals/<int:referral_id>/cancel", methods=["POST"])
@role_required(*STAFF)
def cancel(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _staff_referral_page(referral, form), 400
    _act(referral, lambda: service.change_state(
        referral, ReferralState.CANCELLED, current_user, form.version.data,
        note=form.note.data), _("The referral is cancelled."))
    return redirect(url_for("referrals.staff_referral", referral_id=referral.id))


def _act(referral: Referral, change, done_message: str) -> bool:
    """Carry out a change; a colleague's change in between or a step that does not fit the
    current state is explained, and the page shows the referral as it is now."""
    try:
        change()
    except service.Conflict:
        flash(_("Someone else changed this referral just now. Nothing was changed by you; "
                "below is how it is now."))
        return False
    except IllegalTransition:
        db.session.rollback()
        flash(_("This step is not possible any more: the referral has moved on. Below is how "
                "it is now."))
        return False
    flash(done_message)
    return True


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
    order = case((Referral.state == ReferralState.SENT, 0),
                 (Referral.state == ReferralState.ACCEPTED, 1), else_=2)
    page = db.paginate(_partner_referrals().options(LISTED)
                       .order_by(order, Referral.sent_at.desc()),
                       page=requested_page(), per_page=PAGE_SIZE, error_out=False)
    return render_template("referrals/partner_inbox.html", page=page, now=utcnow())


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
    topic_name = _topic_name(referral)
    _viewed(referral)
    return render_template(
        "referrals/partner_referral.html", referral=referral, topic_name=topic_name,
        forms=forms, failed=failed, assign_form=assign_form, users=_people_of(referral))


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
    _act(referral, lambda: service.change_state(referral, state, current_user,
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
        _act(referral, lambda: service.log_contact_attempt(
            referral, current_user, form.version.data, form.note.data or None),
            _("The contact attempt is noted."))
    return redirect(url_for("referrals.partner_referral", referral_id=referral.id))


@bp.route("/partner/referrals/<int:referral_id>/assign", methods=["POST"])
@role_required(Role.COORDINATOR)
def assign(referral_id):
    referral = _partner_referral_or_404(referral_id)
    form = AssignForm()
    form.set_choices(_volunteers_of(referral.organisation_id))
    if form.validate_on_submit():
        volunteer = db.session.get(User, form.volunteer.data) if form.volunteer.data else None
        _act(referral, lambda: service.assign(referral, volunteer, current_user,
                                              form.version.data),
             _("%(name)s now handles this referral.", name=volunteer.name) if volunteer
             else _("Nobody in particular handles this referral now."))
    return redirect(url_for("referrals.partner_referral", referral_id=referral.id))


def _volunteers_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == Role.VOLUNTEER,
        User.active.is_(True)).order_by(User.name)))
