"""What happened to the residents staff referred and who asked for help themselves, in a
period: how many, about what, to whom, how fast, and how it ended.

Each figure is one function here, and its definition (DEFINITIONS) is the text every page and
file that shows it prints beside it, so a figure means the same wherever it appears. Two groups
of requests are counted: those *made* in the period (source, topic, partner, where they stand
now, first contact) and those *closed* in it (outcome, helped further, time to close). Days are
Groningen's; durations are in working days (weekends and Dutch public holidays skipped)."""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, select

from partnernet.clock import start_of_local_day
from partnernet.extensions import db
from partnernet.models import (
    AuditEvent,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralOutcome,
    ReferralState,
    Topic,
)
from partnernet.models.referral_queries import count_loop_holes
from partnernet.models.referrals import EventReason
from partnernet.reports.definitions import pick
from partnernet.reports.feedback import PartnerFeedback, feedback_per_partner
from partnernet.vocabulary import (
    DECLINE_REASON_NAMES,
    REFERRAL_OUTCOME_NAMES,
    REFERRAL_SOURCE_NAMES,
    REFERRAL_STATE_NAMES,
)

HELPED_FURTHER = frozenset({ReferralOutcome.HELPED, ReferralOutcome.PARTLY_HELPED})

DEFINITIONS = pick("made", "by_source", "by_partner", "by_state", "closed", "by_outcome",
                   "helped_further", "to_first_contact", "to_close", "declines", "overdue",
                   "holes", by_topic="requests_by_topic", feedback="feedback_per_partner")


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in Groningen."""

    start: date
    end: date

    def holds(self, column) -> ColumnElement[bool]:
        return and_(column >= start_of_local_day(self.start),
                    column < start_of_local_day(self.end + timedelta(days=1)))


@dataclass(frozen=True)
class Tally:
    label: str
    value: int
    suppressed: bool = False


@dataclass(frozen=True)
class Durations:
    """Working days, over `count` requests; None when there are none."""

    count: int
    median: float | None
    p90: int | None


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass(frozen=True)
class Declines:
    reason: str
    declines: int
    alternative_named: int
    sent_elsewhere: int


@dataclass(frozen=True)
class Overdue:
    escalations: int
    requests_escalated: int
    overdue_today: int


@dataclass
class ReferralFigures:
    period: Period
    made: int
    closed: int
    by_source: list[Tally] = field(default_factory=list)
    by_topic: list[Tally] = field(default_factory=list)
    by_partner: list[Tally] = field(default_factory=list)
    by_state: list[Tally] = field(default_factory=list)
    by_outcome: list[Tally] = field(default_factory=list)
    helped_further: Share = Share(0, 0)
    to_first_contact: Durations = Durations(0, None, None)
    to_close: Durations = Durations(0, None, None)
    declines: list[Declines] = field(default_factory=list)
    overdue: Overdue = Overdue(0, 0, 0)
    holes: int = 0
    feedback: list[PartnerFeedback] = field(default_factory=list)


def referral_figures(period: Period, now: datetime) -> ReferralFigures:
    closed = _closed_by(period)  # read once for the three figures of the closed requests
    return ReferralFigures(
        period=period,
        made=requests_made(period),
        closed=sum(closed.values()),
        by_source=by_source(period),
        by_topic=by_topic(period),
        by_partner=by_partner(period),
        by_state=by_state(period),
        by_outcome=_outcomes(closed),
        helped_further=_helped(closed),
        to_first_contact=to_first_contact(period),
        to_close=to_close(period),
        declines=declines(period),
        overdue=overdue(period, now),
        holes=count_loop_holes(),
        feedback=feedback_per_partner(period.start, period.end),
    )


def requests_made(period: Period) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Referral).where(period.holds(Referral.created_at))) or 0


def requests_closed(period: Period) -> int:
    return sum(_closed_by(period).values())


def _made_by(period: Period, column) -> Counter:
    """Requests made in the period per value of `column` (one of ix_referrals_made's)."""
    return Counter(dict(db.session.execute(
        select(column, func.count()).select_from(Referral)
        .where(period.holds(Referral.created_at)).group_by(column)).all()))


def _closed_by(period: Period) -> Counter:
    """Requests closed in the period per (state, outcome)."""
    return Counter({(state, outcome): count for state, outcome, count in db.session.execute(
        select(Referral.state, Referral.outcome, func.count()).select_from(Referral)
        .where(period.holds(Referral.closed_at)).group_by(Referral.state, Referral.outcome))})


def _by_name(found: Counter, names: dict, unnamed: str) -> list[Tally]:
    """Counts per id as counts per name, most first; an id without a name under `unnamed`."""
    named: Counter = Counter()
    for record_id, count in found.items():
        named[names.get(record_id) or unnamed] += count
    return sorted((Tally(label, count) for label, count in named.items()),
                  key=lambda tally: (-tally.value, tally.label))


def _fixed(found: Counter, names: dict) -> list[Tally]:
    """Every value of a fixed list, in its order, zeros too."""
    return [Tally(str(name), found.get(code, 0)) for code, name in names.items()]


def by_source(period: Period) -> list[Tally]:
    return _fixed(_made_by(period, Referral.source), REFERRAL_SOURCE_NAMES)


def by_state(period: Period) -> list[Tally]:
    return _fixed(_made_by(period, Referral.state), REFERRAL_STATE_NAMES)


def by_topic(period: Period) -> list[Tally]:
    name = Topic.name_en if str(get_locale()) == "en" else Topic.name_nl
    names = dict(db.session.execute(select(Topic.id, name)).all())
    return _by_name(_made_by(period, Referral.topic_id), names, str(_l("No topic given")))


def by_partner(period: Period) -> list[Tally]:
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    return _by_name(_made_by(period, Referral.organisation_id), names,
                    str(_l("Not sent to a partner")))


def by_outcome(period: Period) -> list[Tally]:
    return _outcomes(_closed_by(period))


def _outcomes(closed: Counter) -> list[Tally]:
    found: Counter = Counter()
    for (state, outcome), count in closed.items():
        found[outcome if state == ReferralState.COMPLETED else ReferralState.CANCELLED] += count
    names = {**REFERRAL_OUTCOME_NAMES,
             ReferralState.CANCELLED: REFERRAL_STATE_NAMES[ReferralState.CANCELLED]}
    return _fixed(found, names)


def helped_further(period: Period) -> Share:
    return _helped(_closed_by(period))


def _helped(closed: Counter) -> Share:
    helped = sum(count for (state, outcome), count in closed.items()
                 if state == ReferralState.COMPLETED and outcome in HELPED_FURTHER)
    return Share(helped, sum(closed.values()))


def durations(days: list[int]) -> Durations:
    return durations_of(Counter(days))


def durations_of(histogram: Counter) -> Durations:
    """The median and the 90th percentile (nearest rank: the smallest value that at least
    90 % of the requests stay within) of working days counted as {days: requests}."""
    count = sum(histogram.values())
    if not count:
        return Durations(0, None, None)
    ordered = sorted(histogram.items())

    def nth(rank: int) -> int:  # the value at 0-based position `rank` in sorted order
        seen = 0
        for days, requests in ordered:
            seen += requests
            if rank < seen:
                return days
        raise IndexError(rank)

    middle = count // 2
    median = nth(middle) if count % 2 else (nth(middle - 1) + nth(middle)) / 2
    return Durations(count, median, nth(math.ceil(0.9 * count) - 1))


def to_first_contact(period: Period) -> Durations:
    """Of the requests made in the period that had a first contact (Referral.count_working_days
    keeps the working days; ReferralEvent.is_contact says which step is one)."""
    found = _made_by(period, Referral.days_to_first_contact)
    found.pop(None, None)
    return durations_of(found)


def to_close(period: Period) -> Durations:
    return durations_of(Counter(dict(db.session.execute(
        select(Referral.days_to_close, func.count()).select_from(Referral)
        .where(period.holds(Referral.closed_at), Referral.days_to_close.is_not(None))
        .group_by(Referral.days_to_close)).all())))


def declines(period: Period) -> list[Declines]:
    """Per reason, in the list's order: declines, how many named a better-fitting place, and
    how many of those requests were sent to another partner after the decline."""
    declined = ReferralEvent.__table__.alias("declined")
    # An administrator suspending the partner hands its requests back as declined: not the
    # partner's own answer.
    by_partner = declined.c.reason.is_distinct_from(EventReason.PARTNER_SUSPENDED)
    sent_on = ReferralEvent.__table__.alias("sent_on")
    sent_after = (select(sent_on.c.id).where(
        sent_on.c.referral_id == declined.c.referral_id, sent_on.c.to_state == ReferralState.SENT,
        sent_on.c.id > declined.c.id).exists())
    rows = db.session.execute(
        select(declined.c.reason, func.count(),
               func.count(declined.c.alternative), func.count().filter(sent_after))
        .where(declined.c.to_state == ReferralState.DECLINED,
               declined.c.from_state != ReferralState.DECLINED, by_partner,
               period.holds(declined.c.at))
        .group_by(declined.c.reason))
    found = {reason: counts for reason, *counts in rows}
    names: dict[str | None, object] = {code: name for code, name in DECLINE_REASON_NAMES.items()}
    if None in found:
        names[None] = _l("No reason given")
    return [Declines(str(name), *found.get(code, (0, 0, 0))) for code, name in names.items()]


def escalations(period: Period) -> tuple[int, int]:
    """Escalations in the period, and how many requests they were about."""
    escalated, requests = db.session.execute(
        select(func.count(), func.count(AuditEvent.object_id.distinct()))
        .where(AuditEvent.action == "referral_escalate", period.holds(AuditEvent.at))).one()
    return escalated, requests


def overdue(period: Period, now: datetime) -> Overdue:
    overdue_today = db.session.scalar(
        select(func.count()).select_from(Referral).where(Referral.overdue_at(now))) or 0
    return Overdue(*escalations(period), overdue_today)
