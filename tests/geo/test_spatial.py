"""The spatial index (issue 18, point 1): PostGIS on PostgreSQL, R*Tree on SQLite. It follows
every point, and the nearest it gives are the nearest by brute force, in a dense area, a sparse
one and an empty one."""

import json
import math
import random
import re
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import bindparam, exists, insert, literal_column, select, text, true
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError

from partnernet.geo.search import distance_km
from partnernet.geo.spatial import (
    EARTH_RADIUS_KM,
    RTREE,
    DriverSql,
    Nearest,
    _box,
    _great_circle_km,
    _strips,
    add_math_functions,
)
from partnernet.models import Organisation, SupportPoint
from tests import factories
from tests.support.country_layout import (
    NETHERLANDS,
    ZEELAND,
    ZEELAND_CORNER,
    spot,
    within,
)
from tests.support.queries import recorded_statements

DENSE = (53.20, 6.55, 53.24, 6.60)  # the city of Groningen
SPARSE = (52.0, 4.5, 53.5, 7.0)
EMPTY_PLACE = (51.45, 3.75)  # Zeeland: no point within 50 km


def indexed_location(db, point_id: int):
    """(latitude, longitude) as the spatial index holds it, or None."""
    if db.engine.dialect.name == "postgresql":
        row = db.session.execute(text(
            "SELECT ST_Y(location::geometry), ST_X(location::geometry) FROM support_points "
            "WHERE id = :id"), {"id": point_id}).first()
        return tuple(row) if row else None
    row = db.session.execute(select(RTREE.c.min_lat, RTREE.c.min_lon, RTREE.c.max_lat,
                                    RTREE.c.max_lon).where(RTREE.c.id == point_id)).first()
    if row is None:
        return None
    # The R*Tree keeps 32-bit floats, rounded outward: the box holds the exact point.
    min_lat, min_lon, max_lat, max_lon = row
    return ((min_lat + max_lat) / 2, (min_lon + max_lon) / 2)


def test_the_index_follows_every_point(db):
    point = factories.create_support_point(latitude=53.2188, longitude=6.5702)
    assert indexed_location(db, point.id) == pytest.approx((53.2188, 6.5702), abs=1e-5)
    point.latitude, point.longitude = 52.3731, 4.8926
    db.session.commit()
    assert indexed_location(db, point.id) == pytest.approx((52.3731, 4.8926), abs=1e-5)
    db.session.delete(point)
    db.session.commit()
    assert indexed_location(db, point.id) is None


@pytest.fixture
def scattered_points(db):
    """300 points in the city, 300 thinly across the north and east, none in Zeeland."""
    rng = random.Random(18)
    organisation = factories.create_organisation()
    now = datetime.now(UTC)
    rows = []
    for box in (DENSE, SPARSE):
        south, west, north, east = box
        rows += [{"public_id": uuid.uuid4(), "organisation_id": organisation.id,
                  "name": "Punt", "latitude": rng.uniform(south, north),
                  "longitude": rng.uniform(west, east), "created_at": now, "updated_at": now}
                 for _ in range(300)]
    db.session.execute(insert(SupportPoint.__table__), rows)
    db.session.commit()
    return {point_id: (latitude, longitude) for point_id, latitude, longitude in
            db.session.execute(select(SupportPoint.id, SupportPoint.latitude,
                                      SupportPoint.longitude))}


def brute_force(points, latitude, longitude):
    return sorted((distance_km(latitude, longitude, *where), point_id)
                  for point_id, where in points.items())


@pytest.mark.parametrize("place", [(53.2188, 6.5702), (52.9, 5.5), EMPTY_PLACE],
                         ids=["dense", "sparse", "empty"])
@pytest.mark.parametrize("filters_drive", [False, True], ids=["by area", "by filters"])
def test_the_nearest_are_the_nearest(scattered_points, place, filters_drive):
    expected = brute_force(scattered_points, *place)
    found = Nearest([true()], limit=21, filters_drive=filters_drive)(*place)[:21]
    assert [point_id for _km, point_id, _kind in found] == [
        point_id for _km, point_id in expected[:21]]
    assert [km for km, _id, _kind in found] == pytest.approx(
        [km for km, _id in expected[:21]], rel=1e-6)


@pytest.mark.parametrize("place", [(53.2188, 6.5702), (52.9, 5.5), EMPTY_PLACE],
                         ids=["dense", "sparse", "empty"])
@pytest.mark.parametrize("filters_drive", [False, True], ids=["by area", "by filters"])
def test_points_that_count_further_come_where_they_count(scattered_points, place,
                                                         filters_drive):
    """Points with an odd id count 1.5 km further (a detour, as for a place without a street
    address): the first 21 in that order are among the points given, with their kind."""
    def order(km, point_id):
        return (km + (1.5 if point_id % 2 else 0.0), km, point_id)

    detours = [(SupportPoint.id % 2 == 1, 1.5)]
    found = Nearest([true()], limit=21, detours=detours, filters_drive=filters_drive)(*place)
    expected = sorted(brute_force(scattered_points, *place), key=lambda row: order(*row))
    first = sorted(found, key=lambda row: order(row[0], row[1]))[:21]
    assert [point_id for _km, point_id, _kind in first] == [
        point_id for _km, point_id in expected[:21]]
    assert all(kind == point_id % 2 for _km, point_id, kind in found)


@pytest.mark.parametrize("place", [(53.2188, 6.5702), (52.9, 5.5), EMPTY_PLACE],
                         ids=["dense", "sparse", "empty"])
@pytest.mark.parametrize("filters_drive", [False, True], ids=["by area", "by filters"])
def test_points_that_do_not_fit_stay_out_however_near(scattered_points, place, filters_drive):
    """A third of the points do not fit, and those with an odd id count 1.5 km further: the
    first 21 in that order are the fitting ones by brute force. (The points nearer than the
    last of the nearest are checked once, when those are read, not again for the detours.)"""
    def order(km, point_id):
        return (km + (1.5 if point_id % 2 else 0.0), km, point_id)

    fitting = {point_id: where for point_id, where in scattered_points.items() if point_id % 3}
    found = Nearest([SupportPoint.id % 3 != 0], limit=21,
                    detours=[(SupportPoint.id % 2 == 1, 1.5)],
                    filters_drive=filters_drive)(*place)
    expected = sorted(brute_force(fitting, *place), key=lambda row: order(*row))
    first = sorted(found, key=lambda row: order(row[0], row[1]))[:21]
    assert [point_id for _km, point_id, _kind in first] == [
        point_id for _km, point_id in expected[:21]]
    assert all(point_id % 3 for _km, point_id, _kind in found)


def test_places_at_the_same_spot_come_in_the_order_of_their_ids(db):
    """Thirty places in one building all lie as far away: the first 21 are those with the
    lowest ids, however the index happens to hand out the equally near."""
    organisation = factories.create_organisation()
    now = datetime.now(UTC)
    db.session.execute(insert(SupportPoint.__table__), [
        {"public_id": uuid.uuid4(), "organisation_id": organisation.id, "name": "Punt",
         "latitude": 53.2188, "longitude": 6.5702, "created_at": now, "updated_at": now}
        for _ in range(30)])
    db.session.commit()
    ids = sorted(db.session.scalars(select(SupportPoint.id)))
    found = Nearest([true()], limit=21)(53.2200, 6.5690)[:21]
    assert [point_id for _km, point_id, _kind in found] == ids[:21]


def test_fewer_points_than_asked_gives_them_all(scattered_points):
    found = Nearest([SupportPoint.id.in_(list(scattered_points)[:5])], limit=21)(*EMPTY_PLACE)
    assert len(found) == 5


def test_an_sqlite_without_math_functions_gets_them_from_python():
    connection = sqlite3.connect(":memory:")
    add_math_functions(connection)  # they take the place of the built-in ones, if any
    connection.execute("CREATE TABLE support_points (id INTEGER, latitude REAL, longitude REAL)")
    connection.execute("INSERT INTO support_points VALUES (1, 52.37312, 4.89256)")
    query = select(_great_circle_km()).select_from(SupportPoint.__table__).params(
        latitude=53.21879, longitude=6.57024)
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    (km,) = connection.execute(sql).fetchone()
    assert km == pytest.approx(distance_km(53.21879, 6.57024, 52.37312, 4.89256))


def test_a_circle_grows_when_the_conditions_leave_too_few_in_it(scattered_points):
    """SQLite's first circle holds a few more points than asked; when most of them do not fit,
    a larger one is read, and the nearest are still the nearest."""
    every_tenth = sorted(scattered_points)[::10]
    fitting = {point_id: scattered_points[point_id] for point_id in every_tenth}
    place = (53.2188, 6.5702)
    found = Nearest([SupportPoint.id.in_(every_tenth)], limit=21)(*place)[:21]
    assert [point_id for _km, point_id, _kind in found] == [
        point_id for _km, point_id in brute_force(fitting, *place)[:21]]


def test_a_circle_grows_as_much_as_it_lacks_when_most_points_fit(scattered_points):
    """A fifth of the points do not fit (inactive, say): the circle grows by what it lacked,
    and the nearest are still the nearest."""
    fitting_ids = [point_id for point_id in sorted(scattered_points) if point_id % 5]
    fitting = {point_id: scattered_points[point_id] for point_id in fitting_ids}
    rng = random.Random(5)
    for place in [(rng.uniform(53.205, 53.235), rng.uniform(6.56, 6.59)) for _ in range(8)]:
        found = Nearest([SupportPoint.id.in_(fitting_ids)], limit=21)(*place)[:21]
        assert [point_id for _km, point_id, _kind in found] == [
            point_id for _km, point_id in brute_force(fitting, *place)[:21]]


def destination(latitude: float, longitude: float, km: float, bearing: float):
    """The point `km` from (latitude, longitude) in the direction `bearing` (degrees)."""
    phi, lam, delta = math.radians(latitude), math.radians(longitude), km / EARTH_RADIUS_KM
    theta = math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(delta)
                     + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                            math.cos(delta) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), math.degrees(lam2)


@given(latitude=st.floats(-75, 75), longitude=st.floats(-170, 170),
       radius=st.floats(0.01, 1500), share=st.floats(0, 1), bearing=st.floats(0, 360))
def test_the_strips_hold_the_whole_circle(latitude, longitude, radius, share, bearing):
    """Every point within the circle lies in one of the boxes SQLite reads it as."""
    point = destination(latitude, longitude, radius * share, bearing)
    assert any(south <= point[0] <= north and west <= point[1] <= east
               for south, west, north, east in _strips(latitude, longitude, radius))


def test_the_strips_hold_less_than_the_box(db):
    south, west, north, east = _box(53.2, 6.5, 50)
    box_area = (north - south) * (east - west)
    strips_area = sum((n - s) * (e - w) for s, w, n, e in _strips(53.2, 6.5, 50))
    assert strips_area < 0.9 * box_area


def test_postgresql_plans_the_nearest_once_for_every_place(db, scattered_points):
    """Only the place is a parameter (constants are written into the SQL), so PostgreSQL
    keeps one plan of the prepared statement for every place instead of planning each search:
    with a status or the LIMIT as a parameter, it planned every search anew."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans of prepared statements")
    nearest = Nearest([SupportPoint.is_shown], limit=21,
                      detours=[(SupportPoint.active.is_not(True), 0.5)])
    for step in range(12):
        nearest(52.0 + step / 10, 6.0)
    generic_plans = db.session.scalars(text(
        "SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE '%<->%'")).all()
    assert max(generic_plans, default=0) > 0


def test_postgresql_plans_what_follows_the_nearest_as_before(db, scattered_points):
    """The nearest query runs from its one plan for every place; what the transaction runs
    after it is planned as PostgreSQL would."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans of prepared statements")
    default = db.session.scalar(text("SHOW plan_cache_mode"))
    of_an_organisation = exists(select(Organisation.id).where(
        Organisation.id == SupportPoint.organisation_id))  # a subquery, as a topic's
    Nearest([SupportPoint.is_shown], limit=21,
            detours=[(~of_an_organisation, 1.0)])(53.2, 6.5)
    assert db.session.scalar(text("SHOW plan_cache_mode")) == default


def test_postgresql_works_out_the_place_once_per_search(db, scattered_points):
    """In the plan for every place, the place (a geography made of the two parameters) is an
    InitPlan, worked out once per search, not once per point read. Per point, it made that plan
    cost more than one made for a given place; with a million points, by more than planning
    costs, and PostgreSQL planned every search anew (2.5 ms of its 4)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans of prepared statements")
    nearest = Nearest([SupportPoint.is_shown], limit=21,
                      detours=[(SupportPoint.active.is_not(True), 0.5)])
    names: list[str] = []

    def numbered(match):
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    sql = re.sub(r"%\((\w+)\)s", numbered, nearest.statement.sql)
    values = nearest.statement.fixed_values | {"latitude": 53.2188, "longitude": 6.5702,
                                               "longitude_scale": 1.65}
    arguments = ", ".join(_literal(values[name]) for name in names)
    connection = db.session.connection()
    connection.exec_driver_sql("PREPARE nearest_plan AS " + sql)
    try:
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        plan = connection.exec_driver_sql(
            f"EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE nearest_plan({arguments})").scalar()
    finally:
        connection.exec_driver_sql("DEALLOCATE nearest_plan")
    per_row = [node["Node Type"] for node in _nodes(plan[0]["Plan"])
               if "st_makepoint" in json.dumps(node).lower()
               and not node.get("Subplan Name", "").startswith("InitPlan")]
    assert per_row == []


def _nodes(node: dict):
    """A plan's node with its own fields, and every node below it."""
    yield {key: value for key, value in node.items() if key != "Plans"}
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _literal(value) -> str:
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else repr(value)


def test_a_statement_run_on_the_drivers_cursor_is_run_as_any_other(db, scattered_points):
    """The nearest statement runs on the driver's cursor, without SQLAlchemy's result object:
    listeners still see it (statement counts, tests), and an error still comes as
    SQLAlchemy's, which the request's error handling knows."""
    statement = DriverSql(select(SupportPoint.id).where(
        SupportPoint.latitude > bindparam("latitude")).order_by(SupportPoint.id).limit(3))
    with recorded_statements(db.engine) as statements:
        rows = statement.run({"latitude": 0.0})
    assert [tuple(row) for row in rows] == [(point_id,) for point_id in
                                           sorted(scattered_points)[:3]]
    assert statements == [statement.sql]
    broken = DriverSql(select(literal_column("no_such_column")).select_from(SupportPoint))
    with pytest.raises(DBAPIError):
        broken.run({})
    db.session.rollback()


def test_postgresql_compiles_no_plan_to_machine_code(db):
    """PostGIS costs a distance high, so a sort of a few hundred points crossed the JIT's
    threshold: compiling took 40 ms for a statement that ran in 2."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's JIT")
    assert db.session.scalar(text("SHOW jit")) == "off"


def sqlite_steps(db, search) -> int:
    """How many instructions SQLite's virtual machine ran for `search()`: the work its
    statements did, the same on every machine and in every run."""
    connection = db.session.connection().connection.dbapi_connection
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    connection.set_progress_handler(count, 10)
    try:
        search()
    finally:
        connection.set_progress_handler(None, 0)
    return steps * 10


def test_sqlite_does_as_little_work_in_an_empty_area_as_in_a_dense_one(db):
    """The country full of points but for Zeeland, as in benchmarks/nearest.py: the nearest to
    a place in Zeeland lie 40 to 70 km away, along the edges of the data to the north and the
    east. A square around the place that reaches those edges holds long strips of them, and
    sorting them made such a search several times the work of one in a city (issue 18,
    point 2: flat from 1,000 to 200,000 points, empty areas included)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's R*Tree")
    rng = random.Random(60)
    organisation = factories.create_organisation()
    now = datetime.now(UTC)
    rows = []
    while len(rows) < 60_000:
        latitude, longitude = spot(NETHERLANDS, rng)
        if not within(ZEELAND_CORNER, latitude, longitude):
            rows.append({"public_id": uuid.uuid4(), "organisation_id": organisation.id,
                         "name": "Punt", "latitude": latitude, "longitude": longitude,
                         "created_at": now, "updated_at": now})
    db.session.execute(insert(SupportPoint.__table__), rows)
    db.session.commit()
    nearest = Nearest([true()], limit=21)
    nearest(53.0, 6.0)  # SQLite prepares the statements once

    def most_work(box) -> int:
        return max(sqlite_steps(db, lambda: nearest(*spot(box, rng))) for _ in range(10))

    in_zeeland, in_the_country = most_work(ZEELAND), most_work(SPARSE)
    assert in_zeeland < 2 * in_the_country
