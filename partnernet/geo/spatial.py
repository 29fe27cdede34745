"""The spatial index that finds the support points nearest a place, on each database.

PostgreSQL: PostGIS. `support_points.location` is a geography point the database derives from
the latitude and longitude (a generated column), with a GiST index; the nearest come in KNN
order (`<->`), and "within so many metres" is ST_DWithin, both from the index.

SQLite: its built-in R*Tree module (no system library needed). `support_points_rtree` holds
each point's coordinates, kept in step by triggers; boxes that double in size find the nearest,
and the great-circle distance is computed and sorted in SQL (SQLite's math functions).

Both are created by migration 0026 and are not part of the models' metadata: the migrations'
comparison leaves them out (`include_object`). A later migration that rebuilds support_points
on SQLite (batch_alter_table copying the table) drops the triggers and must create them again;
tests/geo/test_spatial.py fails if it does not."""

import math
import sqlite3

from sqlalchemy import (
    Column,
    ColumnElement,
    Engine,
    Float,
    Integer,
    MetaData,
    Table,
    event,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.types import UserDefinedType

from partnernet.extensions import db
from partnernet.models import SupportPoint

EARTH_RADIUS_KM = 6371.0088
# SQLite's boxes, as a radius in km: each twice the last, then the whole table.
BOX_RADII_KM = (2, 4, 8, 16, 32, 64, 128, 256, 512)

RTREE = Table("support_points_rtree", MetaData(), Column("id", Integer, primary_key=True),
              Column("min_lat", Float), Column("max_lat", Float), Column("min_lon", Float),
              Column("max_lon", Float))
LOCATION: ColumnElement = literal_column("support_points.location")  # PostgreSQL only
SPATIAL_TABLES = ("support_points_rtree", "spatial_ref_sys")  # spatial_ref_sys: PostGIS's own
SPATIAL_PREFIXES = ("support_points_rtree_",)  # the R*Tree's shadow tables


# What the distance in SQL needs; built into SQLite since 3.35 where compiled in (Debian's is).
MATH_FUNCTIONS = (("radians", 1, math.radians), ("sin", 1, math.sin), ("cos", 1, math.cos),
                  ("asin", 1, math.asin), ("sqrt", 1, math.sqrt), ("power", 2, math.pow))


@event.listens_for(Engine, "connect")
def _math_for_sqlite(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        try:
            dbapi_connection.execute("SELECT radians(1), power(2, 2)")
        except sqlite3.OperationalError:  # an SQLite built without its math functions
            add_math_functions(dbapi_connection)


def add_math_functions(connection: sqlite3.Connection) -> None:
    for name, arity, function in MATH_FUNCTIONS:
        connection.create_function(name, arity, function, deterministic=True)


class Geography(UserDefinedType):
    """PostGIS's type, named so that reading the schema (the migrations' comparison) knows it."""

    cache_ok = True

    def __init__(self, *type_arguments):  # as the schema names them: Point, 4326
        self.type_arguments = type_arguments

    def get_col_spec(self, **kw) -> str:
        return "geography"


ischema_names.setdefault("geography", Geography)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's comparison of models and database: the spatial index is the migrations'
    own, not the models'."""
    if type_ == "table" and (name in SPATIAL_TABLES or name.startswith(SPATIAL_PREFIXES)):
        return False
    if type_ == "column" and name == "location" and obj.table.name == "support_points":
        return False
    return not (type_ == "index" and name == "ix_support_points_geography")


def nearest(latitude: float, longitude: float, conditions: list, *, limit: int | None = None,
            within_km: float | None = None, filters_drive: bool = False,
            ) -> list[tuple[float, int]]:
    """(km, point id) of the points that meet `conditions`, nearest first: the `limit`
    nearest, or all within `within_km`. `filters_drive`: the conditions fit few points in the
    whole country, so they are read first instead of the neighbourhood."""
    if db.engine.dialect.name == "postgresql":
        rows = _nearest_postgis(latitude, longitude, conditions, limit, within_km)
    else:
        rows = _nearest_rtree(latitude, longitude, conditions, limit, within_km, filters_drive)
    return sorted(rows)


def _nearest_postgis(latitude, longitude, conditions, limit, within_km):
    here = func.geography(func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326))
    query = (select(func.ST_Distance(LOCATION, here, False) / 1000, SupportPoint.id)
             .where(*conditions).order_by(LOCATION.op("<->")(here)))
    if within_km is not None:
        query = query.where(func.ST_DWithin(LOCATION, here, within_km * 1000, False))
    if limit is not None:
        query = query.limit(limit)
    return [(float(km), point_id) for km, point_id in db.session.execute(query)]


def _nearest_rtree(latitude, longitude, conditions, limit, within_km, filters_drive):
    if within_km is not None:
        return _in_box(latitude, longitude, conditions, within_km, limit)
    if not filters_drive:
        for radius in BOX_RADII_KM:
            rows = _in_box(latitude, longitude, conditions, radius, limit)
            if limit is not None and len(rows) >= limit:
                return rows
    return _in_box(latitude, longitude, conditions, None, limit)


def _in_box(latitude, longitude, conditions, radius_km, limit):
    """Within `radius_km` (None: anywhere), nearest first, at most `limit`."""
    distance = _great_circle_km(latitude, longitude)
    query = select(distance, SupportPoint.id).where(*conditions)
    if radius_km is not None:
        south, west, north, east = _box(latitude, longitude, radius_km)
        query = (query.join(RTREE, RTREE.c.id == SupportPoint.id)
                 .where(RTREE.c.max_lat >= south, RTREE.c.min_lat <= north,
                        RTREE.c.max_lon >= west, RTREE.c.min_lon <= east,
                        distance <= radius_km))
    query = query.order_by(distance, SupportPoint.id)
    if limit is not None:
        query = query.limit(limit)
    return [(float(km), point_id) for km, point_id in db.session.execute(query)]


def _box(latitude: float, longitude: float, radius_km: float) -> tuple[float, ...]:
    """South, west, north, east of a box holding the circle of `radius_km`."""
    lat_delta = math.degrees(radius_km / EARTH_RADIUS_KM)
    lon_delta = lat_delta / max(math.cos(math.radians(latitude)), 0.01)
    return (latitude - lat_delta, longitude - lon_delta, latitude + lat_delta,
            longitude + lon_delta)


def _great_circle_km(latitude: float, longitude: float) -> ColumnElement[float]:
    """The haversine distance from (latitude, longitude) to each point, in SQL."""
    phi = math.radians(latitude)
    d_phi = func.radians(SupportPoint.latitude) - phi
    d_lambda = func.radians(SupportPoint.longitude) - math.radians(longitude)
    haversine = (func.power(func.sin(d_phi / 2), 2) + math.cos(phi)
                 * func.cos(func.radians(SupportPoint.latitude))
                 * func.power(func.sin(d_lambda / 2), 2))
    return 2 * EARTH_RADIUS_KM * func.asin(func.min(1.0, func.sqrt(haversine)))
