"""What the migrations' comparison of models and database leaves out: the spatial index is the
migrations' own (`geo/spatial.py`), not the models'. Imported by the migrations and their tests
only: reading PostgreSQL's schema needs its dialect, which the app's start does not."""

from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.types import UserDefinedType

SPATIAL_TABLES = ("support_points_rtree", "spatial_ref_sys")  # spatial_ref_sys: PostGIS's own
SPATIAL_PREFIXES = ("support_points_rtree_",)  # the R*Tree's shadow tables


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
