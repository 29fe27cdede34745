"""Referrals of residents to partner offers, and their append-only history."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from flask import current_app
from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from partnernet.clock import add_working_days, utcnow, working_days_between
from partnernet.extensions import Model, db
from partnernet.models.types import (
    EncryptedText,
    UTCDateTime,
    created_at_column,
    lookup_hash,
    one_of,
    public_id_column,
    updated_at_column,
)


class ReferralState(StrEnum):
    NEW = "new"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    UNREACHABLE = "unreachable"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ReferralSource(StrEnum):
    STAFF = "staff"
    RESIDENT = "resident"


class ReferralOutcome(StrEnum):
    HELPED = "helped"
    PARTLY_HELPED = "partly_helped"
    REFERRED_ON = "referred_on"
    NOT_NEEDED = "not_needed"


class DeclineReason(StrEnum):
    NO_CAPACITY = "no_capacity"
    NOT_OUR_HELP = "not_our_help"
    LANGUAGE = "language"
    TOO_FAR = "too_far"
    OTHER = "other"


class EventReason(StrEnum):
    """Why a referral changed without changing state."""

    CONTACT_ATTEMPT = "contact_attempt"
    ASSIGNED = "assigned"
    PICKED_UP = "picked_up"
    # An administrator suspended the partner: what it held went back to staff.
    PARTNER_SUSPENDED = "partner_suspended"


class DueStep(StrEnum):
    """The next step an open referral waits for. Each has its time in working days (DueTime),
    and the referral is due when that time has passed."""

    PICK_UP = "pick_up"  # a resident's own request: staff find a place and send it
    SEND = "send"  # a referral staff made: they send it
    ANSWER = "answer"  # the partner accepts or declines
    COMPLETE = "complete"  # the partner helps, and finishes it
    SEND_ELSEWHERE = "send_elsewhere"  # back with staff (declined, unreachable): send or close


DEFAULT_WORKING_DAYS = {DueStep.PICK_UP: 2, DueStep.SEND: 1, DueStep.ANSWER: 2,
                        DueStep.COMPLETE: 10, DueStep.SEND_ELSEWHERE: 1}


class FeedbackAnswer(StrEnum):
    """A resident's answer to "Did you get the help you needed?" once their request closed."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ContactPreference(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    EITHER = "either"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


S = ReferralState
TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    S.NEW: frozenset({S.SENT, S.CANCELLED}),
    # Staff may take a referral back from a partner and send it elsewhere, whatever its state.
    S.SENT: frozenset({S.ACCEPTED, S.DECLINED, S.SENT, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.COMPLETED, S.UNREACHABLE, S.SENT, S.CANCELLED}),
    S.DECLINED: frozenset({S.SENT, S.CANCELLED}),
    S.UNREACHABLE: frozenset({S.SENT, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
CLOSED_STATES = frozenset({S.COMPLETED, S.CANCELLED})
OPEN_STATES = frozenset(ReferralState) - CLOSED_STATES
RETURNED_STATES = frozenset({S.DECLINED, S.UNREACHABLE})  # back with staff, to send elsewhere
WITH_PARTNER = frozenset({S.SENT, S.ACCEPTED})  # the partner's to act on
# The steps in which a partner deals with the resident: the first of them (or a first attempt
# to reach them) is the first contact.
CONTACT_STATES = frozenset({S.ACCEPTED, S.UNREACHABLE, S.COMPLETED})


class IllegalTransition(Exception):
    def __init__(self, from_state: str, to_state: str):
        super().__init__(f"a referral cannot go from {from_state} to {to_state}")


class Referral(Model):
    """A resident referred to a partner (by staff, or the resident's own help request)."""

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(one_of("state", ReferralState), name="state"),
        CheckConstraint(one_of("source", ReferralSource), name="source"),
        CheckConstraint(
            f"outcome IS NULL OR {one_of('outcome', ReferralOutcome)}", name="outcome"
        ),
        CheckConstraint(one_of("preferred_contact", ContactPreference), name="preferred_contact"),
        CheckConstraint(one_of("urgency", Urgency), name="urgency"),
        CheckConstraint("overdue_count >= 0", name="overdue_count_not_negative"),
        CheckConstraint(
            "pseudonymised_at IS NOT NULL OR resident_phone IS NOT NULL "
            "OR resident_email IS NOT NULL",
            name="reachable",
        ),
        # The figures count requests by the day they were made and by the day they were
        # closed, and the open ones that are overdue or have a hole: each index holds what
        # its figures count, so they read the index alone.
        Index("ix_referrals_made", "created_at", "source", "state", "topic_id",
              "organisation_id", "days_to_first_contact"),
        Index("ix_referrals_closed", "closed_at", "state", "outcome", "days_to_close"),
        Index("ix_referrals_open", "state", "due_at", "overdue_count"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default=ReferralState.NEW)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    resident_name: Mapped[str | None] = mapped_column(EncryptedText)
    resident_phone: Mapped[str | None] = mapped_column(EncryptedText)
    resident_email: Mapped[str | None] = mapped_column(EncryptedText)
    # Keyed hashes of the two, kept in step by the validator below: a resident's records are
    # found by them (their right to see, correct and erase) without decrypting every row.
    resident_phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    resident_email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    resident_postcode: Mapped[str | None] = mapped_column(EncryptedText)
    postcode_area: Mapped[str | None] = mapped_column(String(4))
    preferred_contact: Mapped[str] = mapped_column(String(20), default=ContactPreference.EITHER)
    contact_time: Mapped[str | None] = mapped_column(EncryptedText)
    language: Mapped[str] = mapped_column(String(3), default="nl")
    need_description: Mapped[str | None] = mapped_column(EncryptedText)
    urgency: Mapped[str] = mapped_column(String(20), default=Urgency.NORMAL)
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_text_version: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The staff member who answers for it while it is with the municipality (none: a resident's
    # request nobody picked up yet, which the staff on duty answer for).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # its next step's
    # Escalations since its step began: overdue once tells the owner and the staff on duty,
    # twice the team leads too. Each escalation sets a new due moment.
    overdue_count: Mapped[int] = mapped_column(default=0, server_default="0")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    # The resident asked for e-mail updates, in this language (None: they did not).
    updates_language: Mapped[str | None] = mapped_column(String(5))
    feedback_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Working days from the request to its first contact and to its closing, kept as its
    # steps happen (count_working_days), so the figures need not read every step.
    days_to_first_contact: Mapped[int | None]
    days_to_close: Mapped[int | None]
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: two people acting on one referral at once cannot both win.
    __mapper_args__ = {"version_id_col": version}

    topic = relationship("Topic")
    owner = relationship("User", foreign_keys=[owner_id])
    offer = relationship("Offer")
    organisation = relationship("Organisation")
    events: Mapped[list["ReferralEvent"]] = relationship(
        back_populates="referral", order_by="ReferralEvent.id", cascade="all, delete-orphan"
    )

    def can_move_to(self, state: ReferralState) -> bool:
        return state in TRANSITIONS[ReferralState(self.state)]

    def start_step(self, now: datetime) -> None:
        """A step began: it is due its working days from now, and not overdue (yet)."""
        step = self.next_step
        self.due_at = add_working_days(now, working_days(step)) if step else None
        self.overdue_count = 0
        self.escalated_at = None

    def hand_back_to_staff(self, actor_id: int | None, now: datetime) -> None:
        """The partner can no longer act on it (suspended): a referral it holds goes back to
        staff as declined, to send elsewhere. The one step a partner's own steps do not
        take (from accepted), so it bypasses the transition table on purpose."""
        if self.state in WITH_PARTNER:
            self.record(ReferralState.DECLINED, actor_id, reason=EventReason.PARTNER_SUSPENDED)
            self.start_step(now)

    @validates("resident_email", "resident_phone")
    def _keep_lookup_hash(self, key: str, value: str | None) -> str | None:
        kind = "email" if key == "resident_email" else "phone"
        setattr(self, f"{key}_hash", lookup_hash(kind, value))
        return value

    def move_to(self, state: ReferralState, actor_id: int | None, **details) -> "ReferralEvent":
        """Change the state and record it (reason, note, alternative as details); an illegal
        change raises IllegalTransition and changes nothing."""
        if not self.can_move_to(state):
            raise IllegalTransition(self.state, state)
        return self.record(state, actor_id, **details)

    def record(self, state: ReferralState, actor_id: int | None, **details) -> "ReferralEvent":
        """Append an event; with the current state, it records an action such as a contact
        attempt without moving the referral."""
        event = ReferralEvent(actor_id=actor_id, at=utcnow(), from_state=self.state,
                              to_state=state, **details)
        self.events.append(event)
        self.state = state
        if state in CLOSED_STATES:
            self.closed_at = event.at
        self.count_working_days()
        return event

    def count_working_days(self) -> None:
        """Working days from the request to the first step that is a contact with the
        resident, and to its closing (None: not yet)."""
        made = self.created_at or utcnow()
        contacts = [event.at for event in self.events if event.is_contact and event.at]
        self.days_to_first_contact = (working_days_between(made, min(contacts))
                                      if contacts else None)
        self.days_to_close = working_days_between(made, self.closed_at) if self.closed_at else None

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT

    @property
    def awaits_answer(self) -> bool:
        """Sent to a partner that has not answered yet: its answer time runs."""
        return self.state == ReferralState.SENT and self.due_at is not None

    @property
    def next_step(self) -> DueStep | None:
        """What it waits for, and so whose it is; None once closed."""
        if self.state == ReferralState.NEW:
            return DueStep.PICK_UP if self.source == ReferralSource.RESIDENT else DueStep.SEND
        return NEXT_STEPS.get(ReferralState(self.state))

    def is_overdue(self, now: datetime) -> bool:
        """Past its due moment, or escalated for this step already (it stays marked)."""
        return self.is_open and (self.overdue_count > 0 or (
            self.due_at is not None and self.due_at < now))

    @classmethod
    def overdue_at(cls, now: datetime) -> ColumnElement[bool]:
        """is_overdue in SQL, for the lists that put overdue requests first."""
        return and_(cls.state.in_(OPEN_STATES), or_(cls.overdue_count > 0, cls.due_at < now))

    def why_returned(self) -> "ReferralEvent | None":
        """The step that handed it back to staff (a decline with its reason and alternative,
        or 'could not reach'), while it is back with them."""
        if self.state not in RETURNED_STATES:
            return None
        return next((event for event in reversed(self.events)
                     if event.to_state == self.state and event.from_state != self.state), None)

    def contact_attempts(self) -> list["ReferralEvent"]:
        return [event for event in self.events if event.reason == EventReason.CONTACT_ATTEMPT]

    @property
    def is_with_partner(self) -> bool:
        """The partner holds it (sent or accepted): a coordinator may hand it to a volunteer."""
        return self.state in WITH_PARTNER


NEXT_STEPS = {S.SENT: DueStep.ANSWER, S.ACCEPTED: DueStep.COMPLETE,
              S.DECLINED: DueStep.SEND_ELSEWHERE, S.UNREACHABLE: DueStep.SEND_ELSEWHERE}


class DueTime(Model):
    """How many working days a step may take; an administrator changes them (the defaults
    hold for a step without a row)."""

    __tablename__ = "due_times"
    __table_args__ = (
        CheckConstraint(one_of("step", DueStep), name="step"),
        CheckConstraint("working_days BETWEEN 1 AND 60", name="working_days_range"),
    )

    step: Mapped[str] = mapped_column(String(20), primary_key=True)
    working_days: Mapped[int]


def working_days(step: DueStep) -> int:
    """The working days `step` may take: the administrator's setting, else the default."""
    stored = db.session.get(DueTime, str(step))
    if stored is not None:
        return stored.working_days
    if step == DueStep.ANSWER:
        return current_app.config["REFERRAL_RESPONSE_WORKING_DAYS"]
    return DEFAULT_WORKING_DAYS[step]


class ResidentFeedback(Model):
    """A resident's answer to "Did you get the help you needed?". Kept apart from the referral
    (only the partner and the offer it was about), so it holds nothing about the person."""

    __tablename__ = "resident_feedback"
    __table_args__ = (CheckConstraint(one_of("answer", FeedbackAnswer), name="answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    answer: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(EncryptedText)  # free text may name someone
    given_on: Mapped[date] = mapped_column(Date)


class ReferralEvent(Model):
    """One change of a referral (append-only history)."""

    __tablename__ = "referral_events"
    __table_args__ = (
        CheckConstraint(one_of("to_state", ReferralState), name="to_state"),
        CheckConstraint(
            f"from_state IS NULL OR {one_of('from_state', ReferralState)}", name="from_state"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(EncryptedText)  # may say something about the resident
    alternative: Mapped[str | None] = mapped_column(Text)  # a better-fitting place, when declined

    referral: Mapped[Referral] = relationship(back_populates="events")

    @property
    def is_contact(self) -> bool:
        """The partner dealt with the resident, or tried to reach them."""
        return ((self.to_state in CONTACT_STATES and self.from_state != self.to_state)
                or self.reason == EventReason.CONTACT_ATTEMPT)
