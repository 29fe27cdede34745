"""What the logged help adds up to: acts of help and hours, in total and by topic, channel,
outcome, place, postcode area, organisation, service and obstacle. Each breakdown is one
grouped query over the filtered logs, so the cost follows the period, not the whole table."""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnernet.extensions import db
from partnernet.models import (
    AssistanceLog,
    AssistanceLogObstacle,
    MunicipalService,
    Organisation,
    SupportPoint,
    Topic,
)
from partnernet.models.assistance import assistance_log_topics
from partnernet.models.assistance_queries import LogFilter
from partnernet.vocabulary import CHANNEL_NAMES, LOG_OUTCOME_NAMES, OBSTACLE_NAMES

ACTS = func.count()  # of rows: a log, or a log with one of its topics or obstacles
MINUTES = func.coalesce(func.sum(AssistanceLog.minutes), 0)
DAYS_SHOWN_BY_WEEK = 62  # a longer period is shown by month


@dataclass(frozen=True)
class Count:
    label: str
    acts: int
    minutes: int
    suppressed: bool = False  # fewer than the threshold, or hidden so it cannot be derived

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def value(self) -> int:
        """What a bar chart draws."""
        return self.acts


@dataclass
class Breakdown:
    key: str  # for ids and anchors
    title: str
    rows: list[Count]
    note: str | None = None
    withheld: bool = False  # too few to show any row without giving a small number away


@dataclass
class Summary:
    total: Count
    breakdowns: list[Breakdown] = field(default_factory=list)


def summarise(log_filter: LogFilter, *, for_staff: bool) -> Summary:
    """The organisation's own view, or the staff's view over organisations (which adds the
    organisation, service and obstacle breakdowns)."""
    acts, minutes = help_totals(log_filter)
    summary = Summary(Count(str(_l("All help")), acts, minutes))
    if not acts:
        return summary
    summary.breakdowns = [
        _by_period(log_filter),
        by_topic(log_filter),
        by_channel(log_filter),
        _fixed(log_filter, "outcome", _l("By outcome"), AssistanceLog.outcome, LOG_OUTCOME_NAMES),
        _by_place(log_filter),
        _by_postcode_area(log_filter),
    ]
    if for_staff:
        summary.breakdowns[1:1] = [_by_organisation(log_filter)]
        summary.breakdowns += [_by_service(log_filter), _by_obstacle(log_filter)]
    return summary


def help_totals(log_filter: LogFilter) -> tuple[int, int]:
    """Acts of help and minutes."""
    acts, minutes = db.session.execute(
        select(ACTS, MINUTES).where(*log_filter.conditions())).one()
    return acts, minutes


def by_channel(log_filter: LogFilter) -> Breakdown:
    return _fixed(log_filter, "channel", _l("By way of helping"), AssistanceLog.channel,
                  CHANNEL_NAMES)


def _grouped(log_filter: LogFilter, keys: list, *joins, outer: bool = False):
    query = select(*keys, ACTS, MINUTES).select_from(AssistanceLog)
    for target, on in joins:
        query = query.join(target, on, isouter=outer)
    return db.session.execute(
        query.where(*log_filter.conditions()).group_by(*keys)).all()


def _most_first(rows: list[Count]) -> list[Count]:
    return sorted(rows, key=lambda row: (-row.acts, row.label))


def _fixed(log_filter, key, title, column, names: dict) -> Breakdown:
    """A breakdown over a fixed list (channels, outcomes), in the list's order, zeros too."""
    found = {code: (acts, minutes) for code, acts, minutes in _grouped(log_filter, [column])}
    return Breakdown(key, str(title), [
        Count(str(name), *found.get(code, (0, 0))) for code, name in names.items()])


def _named(log_filter, key, title, name_column, *joins, note=None, unnamed=None) -> Breakdown:
    """A breakdown over the records logs point to (topics, places, organisations, services),
    most acts of help first. With `unnamed`, logs pointing to none count under that label."""
    id_column = name_column.class_.id
    rows = _grouped(log_filter, [id_column, name_column], *joins, outer=unnamed is not None)
    return Breakdown(key, str(title), _most_first([
        Count(label or str(unnamed), acts, minutes) for _id, label, acts, minutes in rows]),
        note=note and str(note))


def by_topic(log_filter: LogFilter) -> Breakdown:
    return _named(log_filter, "topic", _l("By topic"),
                  Topic.name_en if str(get_locale()) == "en" else Topic.name_nl,
                  (assistance_log_topics,
                   assistance_log_topics.c.assistance_log_id == AssistanceLog.id),
                  (Topic, Topic.id == assistance_log_topics.c.topic_id),
                  note=_l("One act of help can be about more than one topic."))


def _by_place(log_filter: LogFilter) -> Breakdown:
    return _named(log_filter, "place", _l("By place"), SupportPoint.name,
                  (SupportPoint, SupportPoint.id == AssistanceLog.support_point_id))


def _by_organisation(log_filter: LogFilter) -> Breakdown:
    return _named(log_filter, "organisation", _l("By organisation"), Organisation.name,
                  (Organisation, Organisation.id == AssistanceLog.organisation_id))


def _by_postcode_area(log_filter: LogFilter) -> Breakdown:
    rows = _grouped(log_filter, [AssistanceLog.postcode_area])
    return Breakdown("postcode_area", str(_l("By postcode area of the resident")), _most_first([
        Count(area or str(_l("Not given")), acts, minutes) for area, acts, minutes in rows]))


def _by_service(log_filter: LogFilter) -> Breakdown:
    name = MunicipalService.name_en if str(get_locale()) == "en" else MunicipalService.name_nl
    return _named(log_filter, "service", _l("By service of the municipality or government"),
                  name,
                  (MunicipalService, MunicipalService.id == AssistanceLog.municipal_service_id),
                  unnamed=_l("Not about a service"))


def _by_obstacle(log_filter: LogFilter) -> Breakdown:
    rows = _grouped(log_filter, [AssistanceLogObstacle.code],
                    (AssistanceLogObstacle,
                     AssistanceLogObstacle.assistance_log_id == AssistanceLog.id))
    found = {code: (acts, minutes) for code, acts, minutes in rows}
    return Breakdown("obstacle", str(_l("What got in the way")), _most_first([
        Count(str(name), *found.get(code, (0, 0))) for code, name in OBSTACLE_NAMES.items()]),
        note=str(_l("Only where the volunteer said so; one act of help can name more than "
                    "one thing.")))


def _by_period(log_filter: LogFilter) -> Breakdown:
    """Per week for a period of up to two months, else per month; empty weeks and months too,
    so a quiet time shows as one."""
    by_week = (log_filter.end - log_filter.start).days <= DAYS_SHOWN_BY_WEEK
    buckets = list((_weeks if by_week else _months)(log_filter.start, log_filter.end))
    starts = [first for _label, first in buckets]
    totals = [[0, 0] for _bucket in buckets]
    for day, acts, minutes in _grouped(log_filter, [AssistanceLog.given_on]):
        bucket = totals[bisect_right(starts, day) - 1]
        bucket[0] += acts
        bucket[1] += minutes
    title = _l("By week") if by_week else _l("By month")
    return Breakdown("period", str(title), [
        Count(label, acts, minutes) for (label, _first), (acts, minutes) in zip(
            buckets, totals, strict=True)])


def _weeks(start: date, end: date):
    """(label, first day) of each week in the period; the first may start mid-week."""
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        first = max(monday, start)
        yield str(_l("Week of %(day)s", day=format_date(first, "d MMM"))), first
        monday += timedelta(days=7)


def _months(start: date, end: date):
    """(label, first day) of each month in the period."""
    first = start.replace(day=1)
    while first <= end:
        label = format_date(first, "MMMM y")
        yield label[:1].upper() + label[1:], max(first, start)
        first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
