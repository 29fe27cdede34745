"""Everything that changes a referral. Each function commits once, with the events, audit
rows and e-mails the change causes, so they stand or fall together."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm.exc import StaleDataError

from partnernet.clock import add_working_days, local_today, utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import (
    DeclineReason,
    DueStep,
    DueTime,
    EventReason,
    FeedbackAnswer,
    Offer,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralState,
    ResidentFeedback,
    Topic,
    Urgency,
    User,
)
from partnernet.models.organisations import normalise_postcode
from partnernet.models.referrals import OPEN_STATES, working_days
from partnernet.notify import referrals as emails
from partnernet.notify import residents as resident_emails
from partnernet.privacy.audit import record_event
from partnernet.settings import site_settings

# No 0/O, 1/I/L: a resident reads the code from paper or a screen and types it in.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class Conflict(Exception):
    """Someone else changed the referral since the person loaded it."""


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


@dataclass(frozen=True)
class ResidentRequest:
    """A resident who needs help, as staff or the resident tell it; the resident agreed."""

    resident_name: str
    postcode: str
    preferred_contact: str
    language: str
    need_description: str
    resident_phone: str | None = None
    resident_email: str | None = None
    topic: str | None = None  # a Topic.code
    contact_time: str | None = None
    urgency: str = Urgency.NORMAL
    updates_language: str | None = None  # e-mail updates asked for, in this language


def create_referral(request: ResidentRequest, actor: User | None, claim,
                    result_path) -> Referral:
    """A referral made by staff (`actor`) or asked for by the resident (no actor), with the
    resident's agreement; the caller claimed the form's key (`claim`), so a double click
    creates one referral and leads to `result_path(referral)`, as the first click did."""
    topic = db.session.scalar(select(Topic).where(Topic.code == request.topic))
    referral = Referral(
        reference=new_reference(), state=ReferralState.NEW,
        source=ReferralSource.STAFF if actor else ReferralSource.RESIDENT,
        topic_id=topic.id if topic else None, created_by_id=actor.id if actor else None,
        resident_name=request.resident_name, resident_phone=request.resident_phone or None,
        resident_email=request.resident_email or None,
        resident_postcode=normalise_postcode(request.postcode), postcode_area=request.postcode[:4],
        preferred_contact=request.preferred_contact,
        contact_time=request.contact_time or None, language=request.language,
        need_description=request.need_description, urgency=request.urgency or Urgency.NORMAL,
        updates_language=request.updates_language if request.resident_email else None,
        consent_given_at=utcnow(), consent_text_version=site_settings().consent_version,
    )
    referral.events.append(ReferralEvent(actor_id=actor.id if actor else None,
                                         to_state=ReferralState.NEW))
    referral.owner_id = actor.id if actor else None  # a resident's: the staff on duty's
    referral.start_step(referral.consent_given_at)
    db.session.add(referral)
    db.session.flush()
    claim.result_path = result_path(referral)
    record_event("referral_create", object_type="referral", object_id=referral.id)
    if actor is None:
        emails.help_requested(referral)
    db.session.commit()
    return referral


@contextmanager
def _changing(referral: Referral, version: int, action: str):
    """One change to a referral, made by someone who saw `version` of it: refused when it has
    changed since, and when a colleague's change lands first (the version column makes every
    UPDATE conditional, at whatever flush it happens). Commits with its audit row."""
    if referral.version != version:
        raise Conflict
    try:
        yield
        record_event(action, object_type="referral", object_id=referral.id)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict from None


def send_referral(referral: Referral, offer: Offer, actor: User, version: int) -> int:
    """Send (or send again, elsewhere, from any open state) to an offer; its coordinators get
    a link by e-mail, and a partner it is taken back from hears so, without the resident's
    details. Returns how many people were told."""
    with _changing(referral, version, "referral_send"):
        taken_from = referral.organisation_id if referral.is_with_partner else None
        referral.move_to(ReferralState.SENT, actor.id)
        referral.offer_id, referral.organisation_id = offer.id, offer.organisation_id
        referral.assigned_to_id = None
        referral.owner_id = referral.owner_id or actor.id
        referral.sent_at = utcnow()
        referral.start_step(referral.sent_at)
        told = emails.sent(referral, offer)
        if taken_from is not None and taken_from != offer.organisation_id:
            emails.taken_back(referral, taken_from)
        resident_emails.update(referral, offer.organisation)
    return told


def change_state(referral: Referral, state: ReferralState, actor: User | None, version: int,
                 **details) -> None:
    """A partner's or staff member's step: accept, decline, unreachable, complete, cancel.
    Steps that hand the referral back to staff tell the staff member who referred."""
    with _changing(referral, version, f"referral_{state}"):
        outcome = details.pop("outcome", None)
        referral.move_to(state, actor.id if actor else None, **details)  # None: by link
        referral.start_step(utcnow())
        if state == ReferralState.DECLINED and details.get("reason") == DeclineReason.NO_CAPACITY:
            _full_this_week(referral.offer_id)
        if state in (ReferralState.ACCEPTED, ReferralState.COMPLETED, ReferralState.CANCELLED):
            resident_emails.update(referral, referral.organisation)
        if outcome:
            referral.outcome = outcome
        if state in (ReferralState.DECLINED, ReferralState.UNREACHABLE,
                     ReferralState.COMPLETED):
            emails.changed(referral, state)
        elif state == ReferralState.CANCELLED:
            emails.cancelled(referral)


def _full_this_week(offer_id: int | None) -> None:
    """The partner has no room: its offer gets no more proposals until Sunday."""
    offer = db.session.get(Offer, offer_id) if offer_id else None
    if offer is not None:
        today = local_today()
        offer.full_until = today + timedelta(days=6 - today.weekday())


def log_contact_attempt(referral: Referral, actor: User | None, version: int,
                        note: str | None) -> None:
    """`actor` None: the partner answered through its signed link."""
    with _changing(referral, version, "referral_contact_attempt"):
        referral.record(ReferralState(referral.state), actor.id if actor else None,
                        reason="contact_attempt", note=note)


def assign(referral: Referral, volunteer: User | None, actor: User, version: int) -> None:
    """The coordinator hands the referral to one volunteer (or to nobody in particular)."""
    with _changing(referral, version, "referral_assign"):
        referral.assigned_to_id = volunteer.id if volunteer else None
        referral.record(ReferralState(referral.state), actor.id, reason="assigned",
                        note=volunteer.name if volunteer else None)


class FeedbackGiven(Exception):
    """The resident answered already (the link or form was used before)."""


def give_feedback(referral: Referral, answer: FeedbackAnswer, comment: str | None) -> None:
    """Store a closed request's "Did you get the help you needed?", once, apart from the
    referral: only the partner and the offer it was about. Raises FeedbackGiven."""
    if referral.is_open:
        raise ValueError("feedback is asked once the request is closed")
    if not rows_changed(update(Referral).where(Referral.id == referral.id,
                                               Referral.feedback_given_at.is_(None))
                        .values(feedback_given_at=utcnow())
                        .execution_options(synchronize_session=False)):
        db.session.rollback()
        raise FeedbackGiven
    db.session.add(ResidentFeedback(
        organisation_id=referral.organisation_id, offer_id=referral.offer_id,
        answer=FeedbackAnswer(answer), comment=comment or None, given_on=local_today()))
    record_event("resident_feedback", object_type="referral", object_id=referral.id)
    db.session.commit()


def pick_up(referral: Referral, actor: User, version: int) -> None:
    """A staff member makes a request theirs: they answer for it until it is closed or
    handed on. Its due moment stays: a resident's request keeps the time promised to them."""
    with _changing(referral, version, "referral_pick_up"):
        referral.owner_id = actor.id
        referral.record(ReferralState(referral.state), actor.id, reason=EventReason.PICKED_UP)


def set_due_times(due_times: dict[DueStep, int]) -> None:
    """An administrator's working days per step; they count for steps that begin from now."""
    for step, days in due_times.items():
        if not 1 <= days <= 60:
            raise ValueError(f"{step}: between 1 and 60 working days")
        db.session.merge(DueTime(step=str(step), working_days=days))
    record_event("due_times_update", object_type="due_times", object_id=None)
    db.session.commit()


def escalate_overdue(now: datetime) -> int:
    """Escalate every open referral past its due moment, whatever its step, to whoever holds
    it, its owner and the staff on duty (the team leads too when it is overdue a second time),
    and give the step a next due moment. All are claimed in one conditional UPDATE first
    (not escalated since this due moment), so a second run, or two at once, escalates each
    once per due moment. The due moment moves without a new version: whoever has the
    referral open can still act on it. Returns how many were escalated."""
    claimed = db.session.scalars(
        update(Referral)
        .where(Referral.state.in_(OPEN_STATES), Referral.due_at < now,
               or_(Referral.escalated_at.is_(None), Referral.escalated_at < Referral.due_at))
        .values(escalated_at=now, overdue_count=Referral.overdue_count + 1)
        .returning(Referral.id)
        .execution_options(synchronize_session=False)
    ).all()
    for referral_id in claimed:
        referral = db.session.get_one(Referral, referral_id, populate_existing=True)
        step = referral.next_step
        db.session.execute(
            update(Referral).where(Referral.id == referral_id)
            .values(due_at=add_working_days(now, working_days(step)) if step else None)
            .execution_options(synchronize_session=False))
        emails.overdue(referral)
        record_event("referral_escalate", object_type="referral", object_id=referral_id)
    db.session.commit()
    return len(claimed)
