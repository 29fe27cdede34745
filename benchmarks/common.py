"""What the benchmarks share: the database they build in, bulk inserts, fresh statistics."""

import os
import tempfile
from pathlib import Path

from sqlalchemy import insert, text

from partnernet import create_app
from partnernet.extensions import db

BATCH = 5000


def bench_app(**config):
    """The app on a fresh SQLite file, or on PARTNERNET_BENCH_DATABASE_URL (an empty
    PostgreSQL database)."""
    url = os.environ.get("PARTNERNET_BENCH_DATABASE_URL") or (
        f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}")
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, **config})


def batched_insert(table, rows) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start:start + BATCH])


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would gather after a bulk load."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
