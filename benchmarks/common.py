"""What the benchmarks share: the database they build in, bulk inserts, fresh statistics."""

import atexit
import math
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, text

from partnernet import create_app
from partnernet.extensions import db, init_migrations

BATCH = 5000


def bench_app(**config):
    """The app on a fresh SQLite file, or on PARTNERNET_BENCH_DATABASE_URL (an empty
    PostgreSQL database). Prints the load at the start; when the run ends, the SQLite file is
    deleted, or the PostgreSQL database's public schema dropped and made anew, so it is empty
    again."""
    print_load()
    folder = None
    url = os.environ.get("PARTNERNET_BENCH_DATABASE_URL")
    if not url:
        folder = Path(tempfile.mkdtemp(prefix="partnernet-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, **config})
    init_migrations(app)
    atexit.register(_remove_database, app, folder)
    return app


def _remove_database(app, folder: Path | None) -> None:
    with app.app_context():
        app.extensions["search_tally"].write()  # what the app still counts, before it goes
        if folder is None:
            # Everything the migrations made (tables, the audit trail's trigger functions,
            # PostGIS), so the next benchmark finds the database empty.
            db.session.remove()
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    print("benchmark database removed")


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


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # of every benchmark account that needs one


def set_up_second_factor(email: str) -> None:
    """Staff and administrators sign in with a code: give the account TOTP_SECRET."""
    from datetime import UTC, datetime

    from partnernet.models import User

    user = db.session.scalar(select(User).where(User.email == email))
    user.totp_secret = TOTP_SECRET
    user.totp_enabled_at = datetime.now(UTC)
    db.session.commit()


def signed_in(app, email: str, password: str, totp_secret: str | None = TOTP_SECRET):
    """A test client with a signed-in session (the app must run with WTF_CSRF_ENABLED=False);
    staff and administrators give the code of their `totp_secret` too."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    if response.status_code == 302 and response.location == "/login/code" and totp_secret:
        from partnernet.auth.second_factor import code_for, time_step
        from partnernet.clock import utcnow

        response = client.post("/login/code", data={
            "code": code_for(totp_secret, time_step(utcnow()))})
    assert response.status_code == 302 and response.location != "/login/code", "login failed"
    return client


def timed(client, url: str) -> float:
    """Milliseconds for one GET through the app."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, f"{url}: {response.status_code} {response.location}"
    return elapsed


def report(name: str, times: list[float]) -> None:
    times.sort()
    print(f"{name}: median {statistics.median(times):.1f} ms, "
          f"p95 {times[math.ceil(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms")


def print_load() -> None:
    """The machine's load when the run starts: figures from a busy machine read differently."""
    one, five, fifteen = os.getloadavg()
    print(f"load average at start: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)")
