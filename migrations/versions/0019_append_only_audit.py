"""The audit trail is append-only in the database itself (criterion 20)

No role that runs the app can change an access_log row, remove one before its retention
period (the settings row audit_retention_months, 24 months without one) has passed, or empty
the table; only the owner, who runs migrations, could drop these triggers. SQLite, the
embedded demo database, refuses updates.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 16:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

POSTGRESQL_UP = [
    """
    CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        months integer;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            SELECT COALESCE((SELECT value::integer FROM settings
                             WHERE key = 'audit_retention_months'), 24) INTO months;
            IF OLD.at < now() - make_interval(months => months) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'access_log row % is kept for % months', OLD.id, months
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'access_log is append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
    "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
    "CREATE TRIGGER access_log_no_early_delete BEFORE DELETE ON access_log "
    "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
    "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER access_log_no_truncate ON access_log",
    "DROP TRIGGER access_log_no_early_delete ON access_log",
    "DROP TRIGGER access_log_no_update ON access_log",
    "DROP FUNCTION access_log_append_only()",
]
SQLITE_UP = ["""
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END
"""]
SQLITE_DOWN = ["DROP TRIGGER access_log_no_update"]


def _run(statements_by_dialect):
    dialect = op.get_bind().dialect.name
    for statement in statements_by_dialect.get(dialect, []):
        op.execute(statement)


def upgrade():
    _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP})


def downgrade():
    _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN})
