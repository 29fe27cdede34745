"""The spatial index (issue 18, point 1): PostGIS on PostgreSQL, R*Tree on SQLite. It follows
every point, and the nearest it gives are the nearest by brute force, in a dense area, a sparse
one and an empty one."""

import random
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, text, true
from sqlalchemy.dialects import sqlite

from partnernet.geo.search import distance_km
from partnernet.geo.spatial import RTREE, _great_circle_km, add_math_functions, nearest
from partnernet.models import SupportPoint
from tests import factories

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
    found = nearest(*place, [true()], limit=21, filters_drive=filters_drive)
    assert [point_id for _km, point_id in found] == [point_id for _km, point_id in expected[:21]]
    assert [km for km, _id in found] == pytest.approx([km for km, _id in expected[:21]],
                                                      rel=1e-6)
    horizon = found[-1][0] + 1.5
    within = nearest(*place, [true()], within_km=horizon, filters_drive=filters_drive)
    assert [point_id for _km, point_id in within] == [
        point_id for km, point_id in expected if km <= horizon]


def test_fewer_points_than_asked_gives_them_all(scattered_points):
    found = nearest(*EMPTY_PLACE, [SupportPoint.id.in_(list(scattered_points)[:5])], limit=21)
    assert len(found) == 5


def test_an_sqlite_without_math_functions_gets_them_from_python():
    connection = sqlite3.connect(":memory:")
    add_math_functions(connection)  # they take the place of the built-in ones, if any
    connection.execute("CREATE TABLE support_points (id INTEGER, latitude REAL, longitude REAL)")
    connection.execute("INSERT INTO support_points VALUES (1, 52.37312, 4.89256)")
    query = select(_great_circle_km(53.21879, 6.57024)).select_from(SupportPoint.__table__)
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    (km,) = connection.execute(sql).fetchone()
    assert km == pytest.approx(distance_km(53.21879, 6.57024, 52.37312, 4.89256))
