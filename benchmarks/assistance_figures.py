"""Logged help at scale: N logs (default 1,000,000) over three years and 100 organisations, the
largest holding a fifth of them. Prints, through the app with signed-in users, the time of the
coordinator's monthly figures and log list, the staff's monthly figures and service view, and
of a one-year CSV export of the largest organisation, with the export's peak Python memory
next to that of a one-month export (streamed: it should not grow with the rows).

    .venv/bin/python benchmarks/assistance_figures.py [LOGS] [REQUESTS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import random
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from benchmarks.common import (  # noqa: E402
    analyse,
    batched_insert,
    bench_app,
    report,
    set_up_second_factor,
    signed_in,
    timed,
)
from partnernet.extensions import db  # noqa: E402
from partnernet.models import (  # noqa: E402
    AssistanceLog,
    AssistanceLogObstacle,
    MunicipalService,
    Organisation,
    SupportPoint,
    Topic,
    User,
)
from partnernet.models.assistance import assistance_log_topics  # noqa: E402
from partnernet.passwords import hash_password  # noqa: E402
from partnernet.seed import load_municipal_services, load_topics  # noqa: E402

ORGANISATIONS = 100
POINTS_PER_ORGANISATION = 10
VOLUNTEERS_PER_ORGANISATION = 8
LARGEST_SHARE = 0.2  # organisation 1, as a big library would be
FIRST_DAY, LAST_DAY = date(2023, 12, 1), date(2026, 11, 30)
CHUNK = 50_000
PASSWORD = "benchmark password 2026"
CHANNELS = ("walk_in",) * 6 + ("phone",) * 2 + ("home_visit", "online")
OUTCOMES = ("solved",) * 6 + ("partly",) * 2 + ("referred_on", "municipal_follow_up")
OBSTACLES = ("letter_unclear", "form_hard", "no_digid", "no_device", "language",
             "website_broken")
MONTH = "start=2026-10-01&end=2026-10-31"
YEAR = "start=2025-11-01&end=2026-10-31"


def build(logs: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    load_topics()
    load_municipal_services()
    batched_insert(Organisation.__table__, [
        {"public_id": uuid.uuid4(), "name": f"Partner {n}", "kind": "volunteer_org",
         "status": "approved", "description": "", "is_example": True, "created_at": now,
         "updated_at": now} for n in range(1, ORGANISATIONS + 1)])
    batched_insert(SupportPoint.__table__, [
        {"public_id": uuid.uuid4(), "organisation_id": n // POINTS_PER_ORGANISATION + 1,
         "name": f"Plek {n}", "street": "Straat", "city": "Groningen", "latitude": 53.2,
         "longitude": 6.56, "active": True, "created_at": now, "updated_at": now}
        for n in range(ORGANISATIONS * POINTS_PER_ORGANISATION)])
    _users(now)
    db.session.commit()
    set_up_second_factor("staff@bench.example.org")
    topics = list(db.session.scalars(select(Topic.id)))
    services = list(db.session.scalars(select(MunicipalService.id)))
    for first in range(1, logs + 1, CHUNK):
        _log_chunk(range(first, min(first + CHUNK, logs + 1)), rng, topics, services, now)
        db.session.commit()
    analyse()


def _users(now) -> None:
    password_hash = hash_password(PASSWORD)
    people = [{"email": "staff@bench.example.org", "name": "Staff", "role": "staff",
               "organisation_id": None}]
    for n in range(1, ORGANISATIONS + 1):
        people.append({"email": f"coordinator{n}@bench.example.org",
                       "name": f"Coordinator {n}", "role": "coordinator", "organisation_id": n})
        people.extend({"email": f"volunteer{n}-{v}@bench.example.org",
                       "name": f"Vrijwilliger {n}-{v}", "role": "volunteer",
                       "organisation_id": n} for v in range(VOLUNTEERS_PER_ORGANISATION))
    batched_insert(User.__table__, [
        {**person, "password_hash": password_hash, "active": True, "failed_login_count": 0,
         "created_at": now} for person in people])


def _volunteer_id(organisation: int, rng: random.Random) -> int:
    # staff is user 1; then per organisation a coordinator and its volunteers
    return 2 + (organisation - 1) * (VOLUNTEERS_PER_ORGANISATION + 1) + 1 + rng.randrange(
        VOLUNTEERS_PER_ORGANISATION)


def _log_chunk(ids, rng, topics, services, now) -> None:
    days = (LAST_DAY - FIRST_DAY).days
    logs, topic_links, obstacles = [], [], []
    for log_id in ids:
        organisation = 1 if rng.random() < LARGEST_SHARE else rng.randint(2, ORGANISATIONS)
        logs.append({
            "id": log_id, "organisation_id": organisation,
            "support_point_id": (organisation - 1) * POINTS_PER_ORGANISATION + rng.randint(
                1, POINTS_PER_ORGANISATION),
            "volunteer_id": _volunteer_id(organisation, rng),
            "given_on": FIRST_DAY + timedelta(days=rng.randint(0, days)),
            "minutes": rng.choice((15, 30, 30, 45, 60, 90)), "channel": rng.choice(CHANNELS),
            "outcome": rng.choice(OUTCOMES),
            "municipal_service_id": rng.choice(services) if rng.random() < 0.5 else None,
            "postcode_area": f"97{rng.randint(11, 57)}" if rng.random() < 0.8 else None,
            "note": None, "created_at": now, "updated_at": now})
        topic_links.extend({"assistance_log_id": log_id, "topic_id": topic}
                           for topic in rng.sample(topics, rng.choice((1, 1, 2))))
        if rng.random() < 0.3:
            obstacles.append({"assistance_log_id": log_id, "code": rng.choice(OBSTACLES)})
    batched_insert(AssistanceLog.__table__, logs)
    batched_insert(assistance_log_topics, topic_links)
    batched_insert(AssistanceLogObstacle.__table__, obstacles)


def export(client, url: str) -> tuple[float, int, int]:
    """(milliseconds, bytes, lines) of a streamed CSV, read chunk by chunk as a browser would."""
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200 and response.is_streamed, url
    size = lines = 0
    for chunk in response.response:
        data = chunk.encode() if isinstance(chunk, str) else chunk
        size += len(data)
        lines += data.count(b"\n")
    response.close()
    return (time.perf_counter() - started) * 1000, size, lines


def peak_memory(client, url: str) -> int:
    tracemalloc.start()
    export(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def queries_of(app, client, url: str) -> int:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(url)
    event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def measure(app, requests: int) -> None:
    coordinator = signed_in(app, "coordinator1@bench.example.org", PASSWORD)
    staff = signed_in(app, "staff@bench.example.org", PASSWORD)
    pages = ((coordinator, f"/partner/figures?{MONTH}", requests, "coordinator's month figures"),
             (coordinator, f"/partner/assistance?{MONTH}", requests, "coordinator's month list"),
             (staff, f"/staff/figures?{MONTH}", max(requests // 3, 5), "staff month figures"),
             (staff, f"/staff/figures/services?{MONTH}", max(requests // 3, 5),
              "staff month service view"))
    for client, url, count, name in pages:
        timed(client, url)  # warm up
        report(f"{name} {url}", [timed(client, url) for _ in range(count)])
    print(f"SQL queries, coordinator's month figures: "
          f"{queries_of(app, coordinator, f'/partner/figures?{MONTH}')}")
    runs = [export(coordinator, f"/partner/assistance/export.csv?{YEAR}") for _ in range(3)]
    elapsed, size, lines = sorted(runs)[1]
    print(f"one-year CSV export of the largest organisation: {lines - 1:,} rows, "
          f"{size / 1e6:.1f} MB, median {elapsed / 1000:.2f} s "
          f"({(lines - 1) / elapsed * 1000:,.0f} rows/s)")
    month = peak_memory(coordinator, f"/partner/assistance/export.csv?{MONTH}")
    year = peak_memory(coordinator, f"/partner/assistance/export.csv?{YEAR}")
    print(f"peak Python memory while exporting: one month {month / 1e6:.1f} MB, "
          f"one year {year / 1e6:.1f} MB (the CSV itself: {size / 1e6:.1f} MB)")


def main(logs: int, requests: int) -> None:
    app = bench_app(WTF_CSRF_ENABLED=False)  # it signs in by posting the login form directly
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(logs, rng)
        print(f"database: {db.engine.dialect.name}, assistance logs: {logs:,} over "
              f"{ORGANISATIONS} organisations, {LARGEST_SHARE:.0%} in the largest "
              f"(built in {time.perf_counter() - started:.0f} s)")
    measure(app, requests)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 30)
