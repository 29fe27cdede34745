"""Nearest help: support points of approved organisations with an active offer that fits.

The spatial index (geo/spatial.py: PostGIS on PostgreSQL, R*Tree on SQLite) gives the points
that fit, nearest first, for as many as the page needs, and every other fitting point a detour
could bring ahead of them. Relevance corrects the order a little (the `..._KM` detours): help
that names the searched topic, and places with a street address, come before loosely related
help and places one has to ask the way to, at a similar distance. What relevance needs comes
with the points, in the same query.

A filter that fits few offers in the whole country (a rare language, "open now" at night)
drives the search instead: the fitting points are read from the filters' indexes first, and
only they are ranked by distance."""

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from time import monotonic
from typing import NamedTuple

from flask import current_app
from sqlalchemy import (
    ARRAY,
    JSON,
    Date,
    Integer,
    Select,
    String,
    Time,
    and_,
    any_,
    bindparam,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import BindParameter, ColumnElement, SQLCoreOperations

from partnernet import page_cache
from partnernet.clock import LOCAL_TIMEZONE
from partnernet.extensions import db
from partnernet.geo.spatial import EARTH_RADIUS_KM, Nearest
from partnernet.models import (
    Closure,
    Offer,
    OfferLanguage,
    OpeningPeriod,
    SupportPoint,
    Topic,
)
from partnernet.models.organisations import OFFER_MODES, offer_support_points, offer_topics

PAGE_SIZE = 20
MAX_PAGE = 50
# A filter that fits at most this many offers (or opening periods) nationwide drives the search.
FEW_FIT = 2000
FEW_FIT_KEPT_SECONDS = 300  # how long a worker keeps what it counted for `_few_fit`
MAX_FEW_FIT_KEPT = 1000  # filters counted per worker, at most
# How much further a place counts in the order of the results (the about page explains it):
LOOSELY_RELATED_KM = 1.0  # a topic was chosen, and no fitting offer there names it
NO_STREET_ADDRESS_KM = 0.5  # no street and house number: the resident must ask the way first


@dataclass(frozen=True)
class SearchFilters:
    topic: str | None = None  # a Topic.code
    language: str | None = None  # an ISO 639-1 code
    mode: str | None = None  # one of MODES
    wheelchair: bool = False
    open_now: bool = False
    free: bool = False


class Hours(NamedTuple):
    """One opening period of a day, as the results list shows it."""

    opens: time
    closes: time


@dataclass
class Match:
    """One support point in the results, with the offers there that fit the search."""

    point: SupportPoint
    distance_km: float
    offers: list[Offer] = field(default_factory=list)
    hours_today: list[Hours] = field(default_factory=list)  # none when closed today
    names_topic: bool = True  # the help there names the searched topic (or none was chosen)
    language_codes: set[str] = field(default_factory=set)  # of the offers

    @property
    def languages(self) -> list[str]:
        return sorted(self.language_codes)

    @property
    def modes(self) -> list[str]:
        return [mode for mode in OFFER_MODES if any(getattr(o, mode) for o in self.offers)]


@dataclass(frozen=True)
class SearchedTopic:
    """What a search needs of its topic: kept per worker (`_topic`), as the form's topics are."""

    id: int
    name_nl: str
    name_en: str
    naming_words: tuple[str, ...]
    digital_government: bool

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl


@dataclass
class Results:
    matches: list[Match]
    page: int
    has_next: bool
    topic: SearchedTopic | None = None  # the searched topic

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_support_points(
    latitude: float, longitude: float, filters: SearchFilters, page: int = 1,
    moment: datetime | None = None,
) -> Results:
    page = min(max(page, 1), MAX_PAGE)
    moment = moment or datetime.now(UTC)
    wanted = page * PAGE_SIZE + 1  # one more than the page, to know whether a next page exists
    topic = _topic(filters)
    ranked = _ranked(latitude, longitude, filters, moment, wanted, topic)
    ordered = sorted(ranked, key=lambda candidate: candidate.order)
    window = ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    today = moment.astimezone(LOCAL_TIMEZONE).date()
    matches = _load_matches([(c.distance_km, c.point_id) for c in window], filters, topic,
                            today)
    for match, candidate in zip(matches, window, strict=True):
        match.names_topic = candidate.relevance.names_topic
    return Results(matches, page, has_next=len(ranked) > page * PAGE_SIZE, topic=topic)


@dataclass(frozen=True)
class Relevance:
    """What puts a point further back in the order than its distance alone."""

    has_street_address: bool
    names_topic: bool

    @property
    def detour_km(self) -> float:
        return ((0.0 if self.has_street_address else NO_STREET_ADDRESS_KM)
                + (0.0 if self.names_topic else LOOSELY_RELATED_KM))


# The kinds of point the nearest query gives, without and with a topic: bit 0, no street
# address; bit 1, the help there does not name the topic (Nearest's detours, in that order).
RELEVANCE = (Relevance(True, True), Relevance(False, True))
RELEVANCE_FOR_TOPIC = (*RELEVANCE, Relevance(True, False), Relevance(False, False))


class Candidate(NamedTuple):  # a tuple: a page reads a few dozen per search
    distance_km: float
    point_id: int
    relevance: Relevance

    @property
    def order(self) -> tuple:
        return (self.distance_km + self.relevance.detour_km, self.distance_km, self.point_id)


def _ranked(latitude: float, longitude: float, filters: SearchFilters, moment: datetime,
            wanted: int, topic: SearchedTopic | None) -> list[Candidate]:
    """The fitting points, nearest first: the `wanted` first by relevance, and every other one
    that could come before the last of them. Relevance comes with them, in the same query."""
    values = _values_of(filters, moment, topic)
    filters_drive = _few_fit(filters, values)
    topic_key = None
    if topic:
        words = topic.naming_words
        topic_key = (_slots_for(len(words)), topic.digital_government)
        values |= _naming_values(words, topic_key[0])
    nearest = _nearest_for(db.engine.dialect.name, _shape_of(filters), filters_drive, wanted,
                           topic_key)
    relevance = RELEVANCE_FOR_TOPIC if topic else RELEVANCE
    return [Candidate(km, point_id, relevance[kind])
            for km, point_id, kind in nearest(latitude, longitude, **values)]


@functools.lru_cache(maxsize=256)
def _nearest_for(dialect: str, shape: SearchFilters, filters_drive: bool, wanted: int,
                 topic_key: tuple[int, bool] | None) -> Nearest:
    """The nearest query of a kind of search, built once: the chosen codes, the moment and the
    topic's naming words are its parameters (`_values_of`, `_naming_values`), so every topic
    with as many word slots shares one statement, and PostgreSQL plans it once."""
    detours = [(not_(func.coalesce(SupportPoint.has_street_address, False)),
                NO_STREET_ADDRESS_KM)]
    if topic_key:
        detours.append((not_(_names_topic(*topic_key, shape)), LOOSELY_RELATED_KM))
    return Nearest(_point_conditions(shape, whole_country=filters_drive), limit=wanted,
                   detours=detours, filters_drive=filters_drive)


def _shape_of(filters: SearchFilters) -> SearchFilters:
    """The filters without the codes chosen: what the SQL of a search depends on."""
    return replace(filters, topic="?" if filters.topic else None,
                   language="?" if filters.language else None)


def _values_of(filters: SearchFilters, moment: datetime, topic: SearchedTopic | None) -> dict:
    """The parameters of a search's statements. The topic by its id, found from the code once
    per search: checked by code, each offer's topics were looked up in `topics` again, for
    every point a search with a topic reads (about a fifth of its time)."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    return {"topic": _topic_id(topic), "language": filters.language,
            "weekday": local.weekday(), "now": local.time().replace(microsecond=0),
            "today": local.date()}


def _topic_id(topic: SearchedTopic | None) -> int | None:
    """The searched topic's id; none when no topic was chosen, or the code names no topic
    (then no offer fits: `topic_id = NULL` is never true)."""
    return topic.id if topic else None


def _topic(filters: SearchFilters) -> SearchedTopic | None:
    """The searched topic, retired ones too; none for a code that names no topic. Read once per
    worker and kept as the search form's topics are: a change made in this worker counts at
    once, one made in another within page_cache.KEEP_SECONDS."""
    if not filters.topic:
        return None
    return page_cache.same_on_every_page("searched topics", _searched_topics).get(filters.topic)


def _searched_topics() -> dict[str, SearchedTopic]:
    return {topic.code: SearchedTopic(topic.id, topic.name_nl, topic.name_en,
                                      tuple(topic.naming_words), topic.digital_government)
            for topic in db.session.scalars(select(Topic))}


def _slots_for(words: int) -> int:
    """Word slots in the statement for a topic with so many naming words: 4, 8, 16, ..."""
    return max(4, 1 << (words - 1).bit_length())


def _naming_values(words: Sequence[str], slots: int) -> dict[str, str | None]:
    """The parameters `naming_0`, ... : LIKE patterns of the words, NULL in the slots left
    (LIKE NULL is never true)."""
    patterns = ["%" + word.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
                for word in words]
    return {f"naming_{slot}": patterns[slot] if slot < len(patterns) else None
            for slot in range(slots)}


def _names_topic(slots: int, digital_government: bool,
                 filters: SearchFilters) -> ColumnElement[bool]:
    """A fitting offer there names the topic in its title or description (one of the
    parameters `naming_0`, ...); for the digital government's topics, an Informatiepunt
    Digitale Overheid counts as naming it."""
    named = or_(*(
        or_(func.lower(Offer.title).like(pattern, escape="/"),
            func.lower(Offer.description).like(pattern, escape="/"))
        for pattern in (bindparam(f"naming_{slot}", type_=String) for slot in range(slots))
    ))
    offer_names_it = exists(
        select(offer_support_points.c.support_point_id)
        .join(Offer, Offer.id == offer_support_points.c.offer_id)
        .where(offer_support_points.c.support_point_id == SupportPoint.id,
               *offer_conditions(filters), named)
    )
    if digital_government:
        return or_(SupportPoint.has_digital_government_desk.is_(True), offer_names_it)
    return offer_names_it


def _few_fit(filters: SearchFilters, values: dict) -> bool:
    """Whether one of the filters fits at most FEW_FIT offers or opening periods nationwide,
    counted once per worker for FEW_FIT_KEPT_SECONDS: it only chooses how the search runs (both
    ways find the same points), and the counts change slowly. `values`: of `_values_of`."""
    key = (values["topic"] if filters.topic else None,
           values["language"] if filters.language else None,
           (values["weekday"], values["now"].replace(second=0)) if filters.open_now else None)
    if key == (None, None, None):
        return False
    window = int(monotonic() // FEW_FIT_KEPT_SECONDS)
    kept: tuple[int, dict[tuple, bool]] | None = current_app.extensions.get("few_fit")
    if kept is None or kept[0] != window or len(kept[1]) > MAX_FEW_FIT_KEPT:
        kept = current_app.extensions["few_fit"] = (window, {})
    if key not in kept[1]:
        kept[1][key] = _counted_few_fit(filters, values)
    return kept[1][key]


def _counted_few_fit(filters: SearchFilters, values: dict) -> bool:
    """One query of bounded counts on indexed columns."""
    probes = []
    if filters.topic:
        probes.append(_offers_on_topic(values["topic"]))
    if filters.language:
        probes.append(_offers_in_language(values["language"]))
    if filters.open_now:
        probes.append(_periods_open_at(values["weekday"], values["now"]))
    counts = db.session.execute(select(*(
        select(func.count()).select_from(probe.limit(FEW_FIT + 1).subquery()).scalar_subquery()
        for probe in probes
    ))).one()
    return min(counts) <= FEW_FIT


def _point_conditions(filters: SearchFilters, whole_country: bool) -> list:
    """Within a small box, each candidate point is checked (correlated EXISTS). Across the
    whole country the filters drive instead (IN over indexed subqueries), so a filter that
    matches few points nationwide, or none ("open now" at night), costs little. The chosen
    codes and the moment are parameters (`_values_of`)."""
    offers_here = select(offer_support_points.c.support_point_id).join(
        Offer, Offer.id == offer_support_points.c.offer_id
    ).where(*offer_conditions(filters, driving=whole_country))
    conditions: list[SQLCoreOperations[bool]] = [SupportPoint.is_shown]
    if filters.wheelchair:
        conditions.append(SupportPoint.wheelchair_accessible.is_(True))
    if filters.open_now:
        conditions.append(_open_at(whole_country))
    if whole_country:
        conditions.append(SupportPoint.id.in_(offers_here))
    else:
        # Correlated, so SQLite scans the box's index instead of every offer's points.
        conditions.append(exists(
            offers_here.where(offer_support_points.c.support_point_id == SupportPoint.id)
        ))
    return conditions


def _offers_on_topic(topic_id: int | BindParameter | None):
    return select(offer_topics.c.offer_id).where(offer_topics.c.topic_id == topic_id)


def _offers_in_language(code: str | BindParameter):
    return select(OfferLanguage.offer_id).where(OfferLanguage.code == code)


def offer_conditions(filters: SearchFilters, driving: bool = False) -> list:
    """SQL conditions for a shown offer that fits the filters, with the chosen topic's id and
    language as the parameters `topic` and `language`. Driving: the topic and language lists
    are read once from their indexes (IN), instead of checked per offer."""
    conditions: list[SQLCoreOperations[bool]] = [Offer.is_shown]
    for chosen, fitting in (
            (filters.topic, _offers_on_topic(bindparam("topic", type_=Integer))),
            (filters.language, _offers_in_language(bindparam("language", type_=String)))):
        if not chosen:
            continue
        conditions.append(Offer.id.in_(fitting) if driving else exists(
            fitting.where(fitting.selected_columns[0] == Offer.id)))
    if filters.mode in OFFER_MODES:
        conditions.append(getattr(Offer, filters.mode).is_(True))
    if filters.free:
        conditions.append(Offer.free_of_charge.is_(True))
    return conditions


def _periods_open_at(weekday: int | BindParameter, now: time | BindParameter):
    return select(OpeningPeriod.support_point_id).where(
        OpeningPeriod.weekday == weekday,
        OpeningPeriod.opens <= now,
        OpeningPeriod.closes > now,
    )


def _open_at(whole_country: bool):
    """Open at the moment of the parameters `weekday`, `now` and `today`."""
    open_periods = _periods_open_at(bindparam("weekday", type_=Integer),
                                    bindparam("now", type_=Time))
    closed_today = _closed_on(bindparam("today", type_=Date))
    open_now: ColumnElement[bool]
    if whole_country:
        open_now = SupportPoint.id.in_(open_periods)
    else:
        open_now = exists(open_periods.where(OpeningPeriod.support_point_id == SupportPoint.id))
    return and_(open_now, not_(closed_today))


def _closed_on(day: BindParameter) -> ColumnElement[bool]:
    """The support point is closed all of `day` (a holiday, a move)."""
    return exists(select(Closure.id).where(Closure.support_point_id == SupportPoint.id,
                                           Closure.starts_on <= day, Closure.ends_on >= day))


def _load_matches(window: list[tuple[float, int]], filters: SearchFilters,
                  topic: SearchedTopic | None, today: date) -> list[Match]:
    """The page's points with what the results list shows (the fitting offers with their
    languages, today's hours), in two queries. Languages and hours come as lists in the rows:
    objects for them cost a page more than reading them did."""
    if not window:
        return []
    ids = [point_id for _distance, point_id in window]
    statements = _page_statements(_shape_of(filters), db.engine.dialect.name)
    found = {point.id: (point, hours) for point, hours in db.session.execute(statements.points, {
        "ids": ids, "day": today, "weekday": today.weekday()})}
    matches = {}
    for distance, point_id in window:
        point, hours = found[point_id]
        matches[point_id] = Match(point, distance, hours_today=sorted(
            Hours(_as_time(opens), _as_time(closes)) for opens, closes in hours or ()))
    for point_id, offer, codes in db.session.execute(statements.offers, {
            "ids": ids, "topic": _topic_id(topic), "language": filters.language}):
        matches[point_id].offers.append(offer)
        matches[point_id].language_codes.update(codes or ())
    return list(matches.values())


class PageStatements(NamedTuple):
    """A results page's two statements, with the parameters each takes.

    points: (point with its organisation, the [opens, closes] of `day`): `ids`, `day`,
    `weekday`; no periods when the point is closed that day.
    offers: (point id, offer, its languages' codes), by title: `ids`, `topic`, `language`."""

    points: Select
    offers: Select


def _as_time(value: time | str) -> time:
    """A time from a list of them read in one column: PostgreSQL's array holds times, SQLite's
    JSON their text."""
    return value if isinstance(value, time) else time.fromisoformat(value)


@functools.lru_cache(maxsize=64)
def _page_statements(shape: SearchFilters, dialect: str) -> PageStatements:
    """What loads a page of results, built once for a kind of search (`_shape_of`): two
    statements, with what each place and offer shows of its own as lists in its row (a
    statement less costs a page a round trip and SQLAlchemy's work: about 0.8 ms)."""
    def among(column):
        """The column is one of a list given as one parameter. On PostgreSQL an array, so the
        statement's SQL and its parameter's type are the same for every page, and it stays
        prepared: as separate values psycopg sends each id as int2 or int4 by its size, and
        a statement with other types counts as another one."""
        if dialect == "postgresql":
            return column == any_(bindparam("ids", type_=ARRAY(Integer)))
        return column.in_(bindparam("ids", expanding=True))

    def as_list(value, postgresql_type: ARRAY):
        """The values of the rows as one list (none on PostgreSQL when there are no rows);
        a list, not text joined, whatever the values hold."""
        if dialect == "postgresql":
            return func.array_agg(value, type_=postgresql_type)
        return func.json_group_array(value, type_=JSON)

    codes = (select(as_list(OfferLanguage.code, ARRAY(String)))
             .where(OfferLanguage.offer_id == Offer.id).scalar_subquery())
    if dialect == "postgresql":
        # Imported here: PostgreSQL's dialect package loads all its drivers, which a start on
        # SQLite does without.
        from sqlalchemy.dialects.postgresql import array

        pair: ColumnElement = array([OpeningPeriod.opens, OpeningPeriod.closes])
    else:
        pair = func.json_array(OpeningPeriod.opens, OpeningPeriod.closes)
    hours = (select(as_list(pair, ARRAY(Time, dimensions=2)))
             .where(OpeningPeriod.support_point_id == SupportPoint.id,
                    OpeningPeriod.weekday == bindparam("weekday", type_=Integer),
                    not_(_closed_on(bindparam("day", type_=Date))))
             .scalar_subquery())
    return PageStatements(
        points=select(SupportPoint, hours).where(among(SupportPoint.id))
        .options(joinedload(SupportPoint.organisation)),
        offers=select(offer_support_points.c.support_point_id, Offer, codes)
        .join(Offer, Offer.id == offer_support_points.c.offer_id)
        .where(among(offer_support_points.c.support_point_id), *offer_conditions(shape))
        .order_by(Offer.title),
    )
