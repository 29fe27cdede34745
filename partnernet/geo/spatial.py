"""The spatial index that finds the support points nearest a place, on each database.

PostgreSQL: PostGIS. `support_points.location` is a geography point the database derives from
the latitude and longitude (a generated column), with a GiST index; the nearest come in KNN
order (`<->`), and "within so many metres" is ST_DWithin, both from the index. One statement
per search, compiled once per kind of search, with only the place and the search's values as
parameters, so PostgreSQL plans it once (`DriverSql`).

SQLite: its built-in R*Tree module (no system library needed). `support_points_rtree` holds
each point's coordinates, kept in step by triggers. One query finds a circle that holds a few
more points than wanted and little else (`_radius_statement`: boxes, then circles, halving the
range the radius lies in); the nearest are read from it as
latitude strips of the R*Tree (`_strips`), with the great-circle distance computed and sorted
in SQL (SQLite's math functions). So a search reads about as many points in an empty area as
in the city, whatever the number of points.

Both are created by migration 0026 and are not part of the models' metadata: the migrations'
comparison leaves them out (`geo/schema_comparison.py`). A later migration that rebuilds
support_points on SQLite (batch_alter_table copying the table) drops the triggers and must
create them again; tests/geo/test_spatial.py fails if it does not."""

import enum
import itertools
import math
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    Float,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    case,
    event,
    func,
    literal,
    literal_column,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.selectable import Exists, FromClause, ScalarSelect

from partnernet.extensions import db
from partnernet.models import SupportPoint

EARTH_RADIUS_KM = 6371.0088
# SQLite's boxes, as a radius in km: each twice the last (to 1,024), then the whole table.
BOX_RADII_KM = tuple(0.5 * 2 ** step for step in range(12))
DISC_STEPS = 5  # SQLite's circle: halvings of the range the box gives, 3 % in the end
ANYWHERE_METRES = 40_075_000  # further than anything on earth
STRIPS = 8  # boxes that hold a circle, on SQLite
STRIP_MARGIN_DEGREES = 1e-7  # about a centimetre: rounding never leaves a point out
ROUNDING_METRES = 0.001  # PostGIS's KNN distance and ST_Distance differ by nanometres
PROBE_FACTOR = 1.5  # points of any kind in SQLite's first circle, per point wanted
GROWTH_MARGIN = 1.15  # in radius, when SQLite's circle held too few fitting points

RTREE = Table("support_points_rtree", MetaData(), Column("id", Integer, primary_key=True),
              Column("min_lat", Float), Column("max_lat", Float), Column("min_lon", Float),
              Column("max_lon", Float))
LOCATION: ColumnElement = literal_column("support_points.location")  # PostgreSQL only


# What the distance in SQL needs; built into SQLite since 3.35 where compiled in (Debian's is).
MATH_FUNCTIONS = (("radians", 1, math.radians), ("sin", 1, math.sin), ("cos", 1, math.cos),
                  ("asin", 1, math.asin), ("sqrt", 1, math.sqrt), ("power", 2, math.pow))


@event.listens_for(Engine, "connect")
def _set_up_connection(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        try:
            dbapi_connection.execute("SELECT radians(1), power(2, 2)")
        except sqlite3.OperationalError:  # an SQLite built without its math functions
            add_math_functions(dbapi_connection)
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        # PostGIS costs a distance high, so a sort of a few hundred points crosses
        # jit_above_cost: compiling it took 40 ms, for a statement that runs in 2.
        autocommit, dbapi_connection.autocommit = dbapi_connection.autocommit, True
        dbapi_connection.execute("SET jit = off")
        dbapi_connection.autocommit = autocommit


def add_math_functions(connection: sqlite3.Connection) -> None:
    for name, arity, function in MATH_FUNCTIONS:
        connection.create_function(name, arity, function, deterministic=True)


class Nearest:
    """The points nearest a place that meet `conditions`, as (km, point id, kind), for an
    order by relevance: each of `detours` is a condition under which a point counts so many km
    further, and a point's kind says which apply (bit i: detour i; each condition is evaluated
    once per point). Given are the `limit` points first in that order, and every point with a
    detour that could come before the last of them, nearest first. Without detours, every point
    is of kind 0.

    Built once for a kind of search, its SQL compiled once, and run for any place:
    `nearest(latitude, longitude, **values)`, the values of the conditions' named parameters.
    `filters_drive`: the conditions fit few points in the whole country, so they are read
    first instead of the neighbourhood."""

    def __init__(self, conditions: list, *, limit: int,
                 detours: list[tuple[ColumnElement[bool], float]] | None = None,
                 filters_drive: bool = False) -> None:
        self.limit = limit
        self.detours = detours or []
        # The km a point of each kind counts further: the sum of its detours.
        self.kind_km = [sum(km for bit, (_condition, km) in enumerate(self.detours)
                            if kind & 1 << bit) for kind in range(2 ** len(self.detours))]
        self.filters_drive = filters_drive
        self.postgis = db.engine.dialect.name == "postgresql"
        if self.postgis:
            # One plan where planning costs more than the two statements that ask for it: a
            # detour with a subquery (does the help there name the topic?). Driven by the
            # filters, the plan depends on how many fit, and is made per search.
            one_plan = not filters_drive and _has_subquery(_kind_of(self.detours))
            self.statement = DriverSql(_postgis_statement(conditions, limit, self.detours,
                                                          filters_drive), one_plan=one_plan)
            return
        selected = (_great_circle_km(), SupportPoint.id, _kind_of(self.detours))
        # SQLite plans each statement as it runs: these stay SQLAlchemy's, built once.
        self.in_circle = _rtree_statement(selected, conditions, _with_margin(limit))
        self.anywhere = _rtree_statement(selected, conditions, _with_margin(limit),
                                         in_circle=False)
        self.beyond = _rtree_statement(
            selected, [*conditions, SupportPoint.id.not_in(bindparam("first", expanding=True))],
            None, from_km=True)
        self.radius = DriverSql(_radius_statement(_with_margin(limit)))  # hundreds of constants

    def __call__(self, latitude: float, longitude: float, **values) -> Sequence[tuple]:
        values |= {"latitude": latitude, "longitude": longitude,
                   "longitude_scale": 1 / max(math.cos(math.radians(latitude)), 0.01)}
        if self.postgis:
            return self.statement.run(values)
        return sorted(self._from_rtree(values), key=lambda row: (row[0], row[1]))

    def _from_rtree(self, values: dict) -> list[tuple]:
        """A circle that holds a few more points than wanted (one query), the nearest in it,
        a larger circle while the conditions leave too few there (`_grown`); then the points
        that their kind's detour could bring ahead of the last of them."""
        found = [] if self.filters_drive else self.radius.run(values)
        radius = found[0][0] if found else None
        wanted = _with_margin(self.limit)
        first = self._in(radius, values)
        while len(first) < wanted and radius is not None:  # the conditions left too few
            radius = _grown(radius, len(first), wanted)
            first = self._in(radius, values)
        if len(first) == wanted:
            # Read always, so a search costs the same number of queries wherever it is.
            reach = sorted(km + self.kind_km[kind] for km, _id, kind in first)[self.limit - 1]
            first += self._rows(self.beyond, values | _circle(values, reach) | {
                "first": [point_id for _km, point_id, _kind in first],
                "from_km": max(km for km, _id, _kind in first)})
        return first

    def _in(self, radius_km: float | None, values: dict) -> list[tuple]:
        if radius_km is None:
            return self._rows(self.anywhere, values)
        return self._rows(self.in_circle, values | _circle(values, radius_km))

    @staticmethod
    def _rows(statement, values: dict) -> list[tuple]:
        return [(float(km), *rest) for km, *rest in db.session.execute(statement, values).all()]


class DriverSql:
    """A statement compiled once, with the constants our code fixed written into its SQL (a
    status, a flag, a number; not text), and run as it is: nothing of it is built, compiled or
    looked up again per search. Its parameters are named (the place, and the values of the
    search's kind).

    `one_plan` (PostgreSQL): prepared at its first run on a connection, and run from one plan
    for every value. Left to itself, psycopg prepares a statement at its sixth run, and
    PostgreSQL then still plans it for each search's values when those plans look cheaper: for
    a search with a topic, planning took 3.5 ms of 7, and the plan for every place ran as fast
    as the ones for each. Asking for it takes two statements more (0.2 ms): more than a
    search without a topic spends planning."""

    def __init__(self, statement, *, one_plan: bool = False) -> None:
        # Named parameters on SQLite too, where the dialect's are positional: a place used a
        # hundred times in the SQL is given once.
        dialect_class: type = type(db.engine.dialect)
        dialect = dialect_class(paramstyle="named" if db.engine.dialect.name == "sqlite" else None)
        compiled = _constants_written(statement).compile(
            dialect=dialect, compile_kwargs={"render_postcompile": True})
        self.sql, self.fixed_values = str(compiled), compiled.params
        self.one_plan = one_plan and db.engine.dialect.name == "postgresql"

    def run(self, values: dict) -> Sequence[tuple]:
        connection = db.session.connection()
        if not self.one_plan:
            return self._rows(connection, values)
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        driver: Any = connection.connection.driver_connection  # psycopg's
        threshold, driver.prepare_threshold = driver.prepare_threshold, 0  # prepare now
        try:
            rows = self._rows(connection, values)
        finally:
            driver.prepare_threshold = threshold
        # What the transaction runs next is planned as before (a failed one ends anyway).
        connection.exec_driver_sql("SET LOCAL plan_cache_mode TO DEFAULT")
        return rows

    def _rows(self, connection, values: dict) -> Sequence[tuple]:
        """All rows at once, as the driver gives them. On the driver's cursor: SQLAlchemy's
        result object around them cost a search about 0.1 ms, a fifth of what bare KNN takes
        at 50,000 points. `_cursor_execute` is SQLAlchemy's own way to run SQL on a cursor (for
        sequences and defaults): listeners still see the statement, and an error comes as
        SQLAlchemy's, as with any other statement."""
        cursor = connection.connection.cursor()
        try:
            connection._cursor_execute(cursor, self.sql, self.fixed_values | values)
            return cursor.fetchall()
        finally:
            cursor.close()


def within_km(latitude: float, longitude: float, km: float) -> ColumnElement[bool]:
    """The support point lies within `km` of the place, read from the spatial index: for a
    statement built per request (the open data API's), with the place written into it."""
    if db.engine.dialect.name == "postgresql":
        return func.ST_DWithin(LOCATION, _geography(latitude, longitude), km * 1000, False)
    south, west, north, east = _box(latitude, longitude, km)
    in_box = select(RTREE.c.id).where(RTREE.c.max_lat >= south, RTREE.c.min_lat <= north,
                                      RTREE.c.max_lon >= west, RTREE.c.min_lon <= east)
    return and_(SupportPoint.id.in_(in_box), distance_km_from(latitude, longitude) <= km)


def distance_km_from(latitude: float, longitude: float) -> ColumnElement[float]:
    """The great-circle distance of the support point from the place, in SQL."""
    if db.engine.dialect.name == "postgresql":
        metres: ColumnElement[float] = func.ST_Distance(
            LOCATION, _geography(latitude, longitude), False, type_=Float)
        return metres / 1000.0
    return _great_circle_km((latitude, longitude))


def _geography(latitude, longitude) -> ColumnElement:
    return func.geography(func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326))


def _place() -> tuple[BindParameter, BindParameter]:
    return bindparam("latitude", type_=Float), bindparam("longitude", type_=Float)


def _postgis_statement(conditions, limit, detours, filters_drive=False):
    """One statement: the nearest `limit` and one more, with their kind; and, only when a
    detour or a tie could bring one from further away ahead of the `limit`-th in order, the
    points within that reach beyond them (ST_DWithin). In km, nearest first.

    The nearest come in KNN order from the GiST index, checked one by one against the
    conditions. When the filters drive, the few points that meet the conditions are read
    first and only they are ranked: the walk in KNN order went through every point in the
    country when none was open (at lunchtime: 0.3 s at 50,000 points, now 5 ms)."""
    # Imported here: PostgreSQL's dialect package loads all its drivers, which a start on
    # SQLite does without.
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    latitude, longitude = _place()
    # The place once per search (an InitPlan), not once per point read: so a plan for every
    # place costs what one for this place does, and PostgreSQL keeps it. Evaluated per row,
    # it made the plan for every place dearer, and PostgreSQL planned each search anew (with a
    # million points, 2.5 ms of a search's 4).
    here = select(_geography(latitude, longitude)).scalar_subquery()
    points: FromClause = SupportPoint.__table__
    location: ColumnElement = LOCATION
    point_id: ColumnElement[int] = SupportPoint.__table__.c.id
    knn: ColumnElement = location.op("<->")(here)
    if filters_drive:
        fitting = (select(SupportPoint.id.label("id"), LOCATION.label("location"))
                   .where(*conditions).cte("fitting").prefix_with("MATERIALIZED"))
        points, location, point_id, conditions = fitting, fitting.c.location, fitting.c.id, []
        knn = func.ST_Distance(location, here, False)  # a sort of the few, not the index
    metres = func.ST_Distance(location, here, False)
    kind = _kind_of(detours)
    if filters_drive or _has_subquery(kind):
        nearest = (select(metres.label("metres"), point_id.label("id")).select_from(points)
                   .where(*conditions).order_by(knn).limit(_with_margin(limit))
                   .cte("nearest"))
        first = _with_kind(nearest, kind).cte("first")
    else:
        first = (select(metres.label("metres"), point_id.label("id"), kind.label("kind"))
                 .where(*conditions).order_by(knn)
                 .limit(_with_margin(limit)).cte("first"))
    detour: ColumnElement[float] = literal(0.0, Float)
    for bit, (_condition, km) in enumerate(detours):
        detour = detour + case((first.c.kind.op("&")(1 << bit) != 0, km * 1000), else_=0.0)
    # One pass over the first: the `limit`-th by relevance (arrays count from 1), the
    # furthest, how many.
    by_relevance = func.array_agg(aggregate_order_by(first.c.metres + detour,
                                                     first.c.metres + detour))
    reach = select(
        by_relevance[limit].label("metres"), func.max(first.c.metres).label("last"),
        func.count().label("found"),
    ).select_from(first).cte("first_reach")
    # Nearer than the last of the first, every point was read on the way to it (KNN order is
    # the order of `metres`, to a few nanometres): one that fits is among the first, and one
    # that did not fit is not checked again. A search with a topic read most of them twice.
    beyond = select(metres.label("metres"), point_id.label("id")).select_from(points).join(
        reach, true()).where(
        reach.c.found == _with_margin(limit), reach.c.metres >= reach.c.last,
        func.ST_DWithin(location, here, reach.c.metres, False),
        metres >= reach.c.last - ROUNDING_METRES,
        point_id.not_in(select(first.c.id)), *conditions).cte("beyond")
    found = union_all(select(first.c.metres, first.c.id, first.c.kind),
                      _with_kind(beyond, kind)).subquery("found")
    # In km and in order here: a few dozen rows cost less to sort in SQL than in Python.
    return (select((found.c.metres / 1000.0).label("km"), found.c.id, found.c.kind)
            .order_by(literal_column("km"), found.c.id))


def _has_subquery(expression: ColumnElement) -> bool:
    return any(isinstance(element, Exists | ScalarSelect)
               for element in visitors.iterate(expression))


def _with_kind(found, kind: ColumnElement[int]):
    """The kind of the points found, computed for them alone: with a subquery in it (does an
    offer there name the topic?), PostgreSQL may compute that for every point in the country at
    once (a hashed subplan), which took a search with a topic 100 ms in the KNN query itself."""
    return (select(found.c.metres, found.c.id, kind.label("kind"))
            .join_from(found, SupportPoint, SupportPoint.id == found.c.id))


def _grown(radius_km: float, found: int, wanted: int) -> float | None:
    """A circle that likely holds `wanted` fitting points where the one of `radius_km` held
    `found`: as much larger in area as it lacked, and a little more (the conditions leave some
    fraction of the points everywhere: a fifth of them inactive, say), or twice as large when
    it held too few to tell; None (anywhere) past the largest box. Doubling every time read
    four times the points where one more in five would have done."""
    if radius_km >= BOX_RADII_KM[-1]:
        return None
    if found < wanted / 4:
        return radius_km * 2
    return radius_km * min(2.0, GROWTH_MARGIN * math.sqrt(wanted / found))


def _with_margin(limit: int) -> int:
    """How many nearest are read for the first `limit` in order: one more. Where it is further
    than the `limit`-th, by relevance too, nothing unread can come before that one, and no
    second look is needed; where it is not (a detour among them, or a tie), the second look
    reads only as far as the `limit`-th by relevance."""
    return limit + 1


def _kind_of(detours) -> ColumnElement[int]:
    kind: ColumnElement[int] = literal(0, Integer)
    for bit, (condition, _km) in enumerate(detours):
        kind = kind + case((condition, 1 << bit), else_=0)
    return kind


def _rtree_statement(selected, conditions, limit, in_circle=True, from_km=False):
    """Nearest first within the circle of the parameter `radius` (km), read from the R*Tree
    as the STRIPS boxes of `_strips` (parameters `south_0`, `west_0`, ...), or anywhere; at
    most `limit`. The distance is checked before the conditions, so they are only checked for
    points in the circle. `from_km`: and no nearer than the parameter `from_km` (the points
    nearer than the last of the first were checked when those were read)."""
    distance = selected[0]
    query = select(*selected)
    if in_circle:
        in_strips = union(*(
            select(RTREE.c.id).where(RTREE.c.max_lat >= bindparam(f"south_{n}"),
                                     RTREE.c.min_lat <= bindparam(f"north_{n}"),
                                     RTREE.c.max_lon >= bindparam(f"west_{n}"),
                                     RTREE.c.min_lon <= bindparam(f"east_{n}"))
            for n in range(STRIPS))).subquery()
        query = (query.join_from(in_strips, SupportPoint, SupportPoint.id == in_strips.c.id)
                 .where(distance <= bindparam("radius")))
    if from_km:
        query = query.where(distance >= bindparam("from_km"))
    query = query.where(*conditions).order_by(distance, SupportPoint.id)
    return query if limit is None else query.limit(limit)


def _circle(values: dict, radius_km: float) -> dict:
    circle = {"radius": radius_km}
    for n, (south, west, north, east) in enumerate(
            _strips(values["latitude"], values["longitude"], radius_km)):
        circle |= {f"south_{n}": south, f"west_{n}": west, f"north_{n}": north,
                   f"east_{n}": east}
    return circle


def _strips(latitude: float, longitude: float, radius_km: float) -> list[tuple[float, ...]]:
    """South, west, north, east of STRIPS boxes that together hold the circle of `radius_km`
    around the place: it cut into strips of latitude, each as wide as the circle is within it.
    Far less than the circle's box holds outside the circle, in its corners."""
    delta = radius_km / EARTH_RADIUS_KM  # the circle's radius as an angle
    phi = math.radians(latitude)
    if abs(phi) + delta >= math.radians(89):  # near a pole: the box
        south, west, north, east = _box(latitude, longitude, radius_km)
        return [(south - STRIP_MARGIN_DEGREES, west - STRIP_MARGIN_DEGREES,
                 north + STRIP_MARGIN_DEGREES, east + STRIP_MARGIN_DEGREES)] * STRIPS
    # A circle on the sphere is widest slightly poleward of its centre, and narrows on both
    # sides of there: a strip is as wide as the circle at its latitude nearest that.
    widest = math.asin(math.sin(phi) / math.cos(delta))
    edges = [phi - delta + 2 * delta * n / STRIPS for n in range(STRIPS + 1)]
    strips: list[tuple[float, ...]] = []
    for south, north in itertools.pairwise(edges):
        half = math.degrees(_half_width(phi, delta, min(max(widest, south), north)))
        half += STRIP_MARGIN_DEGREES
        strips.append((math.degrees(south) - STRIP_MARGIN_DEGREES, longitude - half,
                       math.degrees(north) + STRIP_MARGIN_DEGREES, longitude + half))
    return strips


def _half_width(phi: float, delta: float, at: float) -> float:
    """Half the circle's width in longitude (radians) at latitude `at`: the circle of angular
    radius `delta` around latitude `phi` (all in radians)."""
    cosine = (math.cos(delta) - math.sin(phi) * math.sin(at)) / (math.cos(phi) * math.cos(at))
    return math.acos(min(1.0, max(-1.0, cosine)))


def _radius_statement(limit: int):
    """A circle around the place that holds PROBE_FACTOR times `limit` points of any kind, and
    little more; None when the country holds fewer. One statement:

    1. the smallest of BOX_RADII_KM whose box holds that many (SQLite evaluates a CASE's
       subqueries in turn, and stops at the first that does). The box of half that radius
       held fewer, and so does the circle in it; the circle around the box holds that many:
       the radius sought lies between half the box's and √2 times it;
    2. DISC_STEPS halvings of that range (`_flat_disc`): each keeps the smaller radius when its
       circle still holds that many;
    3. the farthest of the nearest that many in the circle found.

    Circles, not boxes, from step 2: beside an area full of points (an empty area at the edge
    of the data), the box that first reaches it holds a long strip of it, and the circle only
    its edge. Ordering the strip of a box made this statement up to 40 times the work there
    that it is in a city, at 200,000 points (SQLite's instructions)."""
    latitude, longitude = _place()
    scale = bindparam("longitude_scale", type_=Float)
    wanted = math.ceil(limit * PROBE_FACTOR)
    rungs = []
    for radius in BOX_RADII_KM:
        half = math.degrees(radius / EARTH_RADIUS_KM)
        box = select(RTREE.c.id).where(RTREE.c.max_lat >= latitude - half,
                                       RTREE.c.min_lat <= latitude + half,
                                       RTREE.c.max_lon >= longitude - half * scale,
                                       RTREE.c.min_lon <= longitude + half * scale)
        rungs.append((_holds(box, wanted), half * math.sqrt(2)))
    # The radius in degrees of latitude from here on, as the R*Tree holds the points.
    found = _kept(select(case(*rungs, else_=None).label("degrees")), "box_found")
    span = math.log2(2 * math.sqrt(2))  # from half the box's radius to √2 times it
    for step in range(1, DISC_STEPS + 1):
        smaller = 2 ** (-span / 2 ** step)
        in_smaller = _flat_disc(_radius_of(found) * smaller)
        found = _kept(select(case((_holds(in_smaller, wanted), found.c.degrees * smaller),
                                  else_=found.c.degrees).label("degrees")).select_from(found),
                      f"disc_{step}")
    # Any `wanted` points bound the nearest that many from above: these come close.
    in_strips = _disc_strips(_radius_of(found))
    nearest = (select(in_strips.c.id).order_by(_flat_squared(in_strips)).limit(wanted)
               .subquery())
    farthest = (select(func.max(_great_circle_km()))
                .join_from(nearest, SupportPoint, SupportPoint.id == nearest.c.id)
                .having(func.count() >= wanted).scalar_subquery())
    return select(farthest.label("km")).select_from(found)


def _holds(points, wanted: int) -> ColumnElement[bool]:
    """Whether the select `points` gives `wanted` rows; it stops reading there."""
    return select(func.count()).select_from(
        points.limit(wanted).subquery()).scalar_subquery() >= wanted


def _kept(radius, name: str):
    """The one-row select `radius` as a CTE SQLite works out once, not at each use."""
    return radius.cte(name).prefix_with("MATERIALIZED")


def _radius_of(found) -> ColumnElement[float]:
    """The radius of the CTE `found`, named by its name. Given as the column, SQLAlchemy puts
    the CTE into the FROM of the subquery that uses it (a subquery in FROM does not correlate);
    and SQLite copies a CTE into every FROM that names it, so each step held the one before it
    ten times over, and five steps were more than SQLite takes."""
    return literal_column(f"{found.name}.degrees", Float)


def _flat_disc(degrees: ColumnElement[float]):
    """The points of the R*Tree within `degrees` of the place by a flat approximation of the
    distance (`_flat_squared`). It decides only how large a circle is read first: the circle
    itself is read by great-circle distance, and grows when it holds too few (`_grown`); a
    point on the line between two strips counts twice, for the same reason."""
    in_strips = _disc_strips(degrees)
    return select(in_strips.c.id).where(_flat_squared(in_strips) <= degrees * degrees)


def _disc_strips(degrees: ColumnElement[float]):
    """The points of the R*Tree in STRIPS strips of latitude that hold the flat disc of
    `degrees` around the place, each as wide as the disc in it."""
    latitude, longitude = _place()
    scale = bindparam("longitude_scale", type_=Float)
    edges = [-1 + 2 * n / STRIPS for n in range(STRIPS + 1)]  # in radii, south to north
    strips = []
    for south, north in itertools.pairwise(edges):
        nearest_centre = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
        half_width = degrees * math.sqrt(1 - nearest_centre ** 2) * scale
        strips.append(select(RTREE.c.id, RTREE.c.min_lat, RTREE.c.min_lon).where(
            RTREE.c.max_lat >= latitude + degrees * south,
            RTREE.c.min_lat <= latitude + degrees * north,
            RTREE.c.max_lon >= longitude - half_width, RTREE.c.min_lon <= longitude + half_width))
    return union_all(*strips).subquery()


def _flat_squared(points) -> ColumnElement[float]:
    """The square of a flat distance: in degrees of latitude, and of longitude scaled by the
    cosine of the place's latitude."""
    latitude, longitude = _place()
    scale = bindparam("longitude_scale", type_=Float)
    return (func.power(points.c.min_lat - latitude, 2)
            + func.power((points.c.min_lon - longitude) / scale, 2))


def _constants_written(statement):
    """The statement with the values our code fixed (a status, a flag, a number, not text)
    written into its SQL; parameters without a value stay parameters."""
    def write(bind: BindParameter) -> None:
        if bind.value is not None and _is_constant(bind.value):
            bind.literal_execute = True
        else:
            bind.required = False  # given when the statement runs
    return visitors.cloned_traverse(statement, {}, {"bindparam": write})


def _is_constant(value) -> bool:
    return isinstance(value, enum.Enum | bool | int | float)


def _box(latitude: float, longitude: float, radius_km: float) -> tuple[float, ...]:
    """South, west, north, east of a box holding the circle of `radius_km`."""
    lat_delta = math.degrees(radius_km / EARTH_RADIUS_KM)
    lon_delta = lat_delta / max(math.cos(math.radians(latitude)), 0.01)
    return (latitude - lat_delta, longitude - lon_delta, latitude + lat_delta,
            longitude + lon_delta)


def _great_circle_km(place: tuple[float, float] | None = None) -> ColumnElement[float]:
    """The haversine distance from the place (by default the `latitude` and `longitude`
    parameters) to each point, in SQL."""
    latitude, longitude = place or _place()
    d_phi = func.radians(SupportPoint.latitude) - func.radians(latitude)
    d_lambda = func.radians(SupportPoint.longitude) - func.radians(longitude)
    haversine = (func.power(func.sin(d_phi / 2), 2) + func.cos(func.radians(latitude))
                 * func.cos(func.radians(SupportPoint.latitude))
                 * func.power(func.sin(d_lambda / 2), 2))
    return 2 * EARTH_RADIUS_KM * func.asin(func.min(1.0, func.sqrt(haversine)))
