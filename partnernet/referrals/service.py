"""Everything that changes a referral. Each function commits once, with the events, audit
rows and e-mails the change causes, so they stand or fall together."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from partnernet.clock import add_working_days, utcnow
from partnernet.extensions import db
from partnernet.models import (
    Offer,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralState,
    Topic,
    Urgency,
    User,
)
from partnernet.notify import referrals as emails
from partnernet.privacy.audit import record_event

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
        resident_postcode=_postcode(request.postcode), postcode_area=request.postcode[:4],
        preferred_contact=request.preferred_contact,
        contact_time=request.contact_time or None, language=request.language,
        need_description=request.need_description, urgency=request.urgency or Urgency.NORMAL,
        consent_given_at=utcnow(), consent_text_version=current_app.config["CONSENT_VERSION"],
    )
    referral.events.append(ReferralEvent(actor_id=actor.id if actor else None,
                                         to_state=ReferralState.NEW))
    db.session.add(referral)
    db.session.flush()
    claim.result_path = result_path(referral)
    record_event("referral_create", object_type="referral", object_id=referral.id)
    if actor is None:
        emails.help_requested(referral)
    db.session.commit()
    return referral


def _postcode(typed: str) -> str:
    """"9712kn" and "9712 KN" are stored alike, as "9712 KN"."""
    compact = typed.upper().replace(" ", "")
    return f"{compact[:4]} {compact[4:]}"


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


def send_referral(referral: Referral, offer: Offer, actor: User, version: int) -> None:
    """Send (or send again, elsewhere) to an offer; its coordinators get a link by e-mail."""
    with _changing(referral, version, "referral_send"):
        referral.move_to(ReferralState.SENT, actor.id)
        referral.offer_id, referral.organisation_id = offer.id, offer.organisation_id
        referral.assigned_to_id = None
        referral.sent_at = utcnow()
        referral.response_due_at = add_working_days(
            referral.sent_at, current_app.config["REFERRAL_RESPONSE_WORKING_DAYS"])
        referral.escalated_at = None
        emails.sent(referral, offer)


def change_state(referral: Referral, state: ReferralState, actor: User, version: int,
                 **details) -> None:
    """A partner's or staff member's step: accept, decline, unreachable, complete, cancel.
    Steps that hand the referral back to staff tell the staff member who referred."""
    with _changing(referral, version, f"referral_{state}"):
        outcome = details.pop("outcome", None)
        referral.move_to(state, actor.id, **details)
        if outcome:
            referral.outcome = outcome
        if state in (ReferralState.DECLINED, ReferralState.UNREACHABLE,
                     ReferralState.COMPLETED):
            emails.changed(referral, state)
        elif state == ReferralState.CANCELLED:
            emails.cancelled(referral)


def log_contact_attempt(referral: Referral, actor: User, version: int, note: str | None):
    with _changing(referral, version, "referral_contact_attempt"):
        referral.record(ReferralState(referral.state), actor.id, reason="contact_attempt",
                        note=note)


def assign(referral: Referral, volunteer: User | None, actor: User, version: int) -> None:
    """The coordinator hands the referral to one volunteer (or to nobody in particular)."""
    with _changing(referral, version, "referral_assign"):
        referral.assigned_to_id = volunteer.id if volunteer else None
        referral.record(ReferralState(referral.state), actor.id, reason="assigned",
                        note=volunteer.name if volunteer else None)


def escalate_overdue(now: datetime) -> int:
    """Tell the staff member who referred and the partner of every referral sent and not
    accepted or declined within the answer time. Each overdue referral not escalated yet is
    claimed with one conditional UPDATE, so a second run, or two at once, escalates it once;
    a referral sent again is due (and escalated) afresh. Returns how many were escalated."""
    claimed = db.session.execute(
        update(Referral)
        .where(Referral.state == ReferralState.SENT, Referral.response_due_at < now,
               Referral.escalated_at.is_(None))
        .values(escalated_at=now)
        .returning(Referral.id, Referral.created_by_id, Referral.organisation_id)
        .execution_options(synchronize_session=False)
    ).all()
    for referral_id, referrer_id, organisation_id in claimed:
        emails.overdue(referral_id, referrer_id, organisation_id)
        record_event("referral_escalate", object_type="referral", object_id=referral_id)
    db.session.commit()
    return len(claimed)
