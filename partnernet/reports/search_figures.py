"""Where residents look for help and do not find it near: the directory's search counts of a
period, by postcode area, topic and filters. Each figure has one definition (DEFINITIONS)."""

from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnernet.extensions import db
from partnernet.models import SearchCount, Topic
from partnernet.reports.definitions import pick
from partnernet.reports.referral_figures import Period
from partnernet.vocabulary import MODE_NAMES, language_name

MOST_AREAS = 15  # areas shown; the rest are added up in one row

DEFINITIONS = pick("searches", "without_help_nearby", by_area="searches_by_area",
                   by_topic="searches_by_topic", by_filters="searches_by_filters")
FLAG_NAMES = {"wheelchair": _l("Wheelchair accessible"), "open_now": _l("Open now"),
              "free": _l("Free of charge")}


@dataclass(frozen=True)
class SearchRow:
    label: str
    searches: int
    without_help_nearby: int
    suppressed: bool = False

    @property
    def value(self) -> int:
        """What the chart draws: searches that found no help near."""
        return self.without_help_nearby


@dataclass
class SearchFigures:
    period: Period
    total: SearchRow
    by_area: list[SearchRow] = field(default_factory=list)
    by_topic: list[SearchRow] = field(default_factory=list)
    by_filters: list[SearchRow] = field(default_factory=list)


SEARCHES = func.coalesce(func.sum(SearchCount.searches), 0)
WITHOUT = func.coalesce(func.sum(SearchCount.without_help_nearby), 0)


def search_figures(period: Period) -> SearchFigures:
    return SearchFigures(period, search_totals(period), by_area(period), by_topic(period),
                         by_filters(period))


def search_totals(period: Period) -> SearchRow:
    searches, without = db.session.execute(
        select(SEARCHES, WITHOUT).where(_within(period))).one()
    return SearchRow(str(_l("All searches")), searches, without)


def _within(period: Period):
    return SearchCount.day.between(period.start, period.end)


def _grouped(period: Period, column) -> list:
    return list(db.session.execute(
        select(column, SEARCHES, WITHOUT).where(_within(period)).group_by(column)))


def _most_without_first(rows: list[SearchRow]) -> list[SearchRow]:
    return sorted(rows, key=lambda row: (-row.without_help_nearby, -row.searches, row.label))


def by_area(period: Period) -> list[SearchRow]:
    rows = _most_without_first([
        SearchRow(area or str(_l("Outside the municipality or not found")), searches, without)
        for area, searches, without in _grouped(period, SearchCount.postcode_area)])
    if len(rows) <= MOST_AREAS:
        return rows
    rest = rows[MOST_AREAS:]
    return rows[:MOST_AREAS] + [SearchRow(
        str(_l("Other postcode areas (%(count)d)", count=len(rest))),
        sum(row.searches for row in rest), sum(row.without_help_nearby for row in rest))]


def by_topic(period: Period) -> list[SearchRow]:
    english = str(get_locale()) == "en"
    names = {code: (en if english else nl) for code, nl, en in db.session.execute(
        select(Topic.code, Topic.name_nl, Topic.name_en))}
    return _most_without_first([
        SearchRow(names.get(code, code) if code else str(_l("No topic chosen")), searches,
                  without)
        for code, searches, without in _grouped(period, SearchCount.topic)])


def filters_label(filters: str) -> str:
    """'language:ar wheelchair' -> 'Arabic · Wheelchair accessible'."""
    parts = []
    for part in filters.split():
        kind, _, code = part.partition(":")
        if kind == "language":
            parts.append(language_name(code))
        elif kind == "mode":
            parts.append(str(MODE_NAMES.get(code, code)))
        else:
            parts.append(str(FLAG_NAMES.get(kind, kind)))
    return " · ".join(parts) or str(_l("No other filters"))


def by_filters(period: Period) -> list[SearchRow]:
    return _most_without_first([
        SearchRow(filters_label(filters), searches, without)
        for filters, searches, without in _grouped(period, SearchCount.filters)])
