"""A spatial index for nearest help: PostGIS geography with a GiST index on PostgreSQL, the
R*Tree module on SQLite (kept in step by triggers)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 05:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE support_points_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    "INSERT INTO support_points_rtree SELECT id, latitude, latitude, longitude, longitude FROM support_points",
    "CREATE TRIGGER support_points_rtree_insert AFTER INSERT ON support_points BEGIN "
    "INSERT INTO support_points_rtree VALUES (NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude); END",
    "CREATE TRIGGER support_points_rtree_update AFTER UPDATE OF id, latitude, longitude ON support_points BEGIN "
    "DELETE FROM support_points_rtree WHERE id = OLD.id; "
    "INSERT INTO support_points_rtree VALUES (NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude); END",
    "CREATE TRIGGER support_points_rtree_delete AFTER DELETE ON support_points BEGIN "
    "DELETE FROM support_points_rtree WHERE id = OLD.id; END",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER support_points_rtree_delete",
    "DROP TRIGGER support_points_rtree_update",
    "DROP TRIGGER support_points_rtree_insert",
    "DROP TABLE support_points_rtree",
)
POSTGRESQL_UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS postgis",
    "ALTER TABLE support_points ADD COLUMN location geography(Point, 4326) GENERATED ALWAYS AS "
    "(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography) STORED",
    "CREATE INDEX ix_support_points_geography ON support_points USING gist (location)",
)
POSTGRESQL_DOWNGRADE = (
    "DROP INDEX ix_support_points_geography",
    "ALTER TABLE support_points DROP COLUMN location",
)


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    # The box on latitude and longitude the search used before: the spatial index replaces it.
    op.drop_index('ix_support_points_location', table_name='support_points')
    if op.get_bind().dialect.name == 'postgresql':
        _run(POSTGRESQL_UPGRADE)
    else:
        _run(SQLITE_UPGRADE)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        _run(POSTGRESQL_DOWNGRADE)
    else:
        _run(SQLITE_DOWNGRADE)
    op.create_index('ix_support_points_location', 'support_points', ['latitude', 'longitude'],
                    unique=False)
