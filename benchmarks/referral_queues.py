"""The staff queue and the partner inbox with many referrals (default 100,000, over 200 partner
organisations, most of them closed as in a year of use). Prints the median and p95 response
time of each page, measured through the app with signed-in users.

    .venv/bin/python benchmarks/referral_queues.py [REFERRALS] [REQUESTS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402

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
from partnernet.models import Offer, Organisation, Referral, User  # noqa: E402
from partnernet.passwords import hash_password  # noqa: E402

ORGANISATIONS = 200
PASSWORD = "benchmark password 2026"
# A year of use: most referrals are closed, some are on their way.
STATES = (("completed", 70), ("cancelled", 15), ("new", 2), ("sent", 5), ("accepted", 6),
          ("declined", 1), ("unreachable", 1))
OPEN = {"new", "sent", "accepted", "declined", "unreachable"}


def build(referrals: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    batched_insert(Organisation.__table__, [
        {"public_id": uuid.uuid4(), "name": f"Partner {n}", "kind": "volunteer_org",
         "status": "approved", "description": "", "is_example": True, "created_at": now,
         "updated_at": now} for n in range(1, ORGANISATIONS + 1)])
    batched_insert(Offer.__table__, [
        {"public_id": uuid.uuid4(), "organisation_id": n, "title": f"Hulp {n}",
         "description": "", "audience": "", "accepts_referrals": True, "status": "active",
         "is_example": True, "created_at": now, "updated_at": now}
        for n in range(1, ORGANISATIONS + 1)])
    password_hash = hash_password(PASSWORD)
    batched_insert(User.__table__, [
        {"email": "staff@bench.example.org", "name": "Staff", "role": "staff",
         "organisation_id": None, "password_hash": password_hash, "active": True,
         "failed_login_count": 0, "created_at": now},
        *({"email": f"coordinator{n}@bench.example.org", "name": f"Coordinator {n}",
           "role": "coordinator", "organisation_id": n, "password_hash": password_hash,
           "active": True, "failed_login_count": 0, "created_at": now}
          for n in range(1, ORGANISATIONS + 1))])
    set_up_second_factor("staff@bench.example.org")
    states = [state for state, weight in STATES for _ in range(weight)]
    rows = []
    for n in range(referrals):
        state = rng.choice(states)
        organisation = rng.randint(1, ORGANISATIONS)
        created = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        sent = state != "new"
        rows.append({
            "public_id": uuid.uuid4(), "reference": f"B{n:09d}", "source": "staff",
            "state": state, "offer_id": organisation if sent else None,
            "organisation_id": organisation if sent else None, "created_by_id": 1,
            "resident_name": "Synthetische Bewoner", "resident_phone": "06 1234 5678",
            "resident_postcode": "9711 AB", "postcode_area": "9711",
            "preferred_contact": "either", "language": "nl",
            "need_description": "Hulp bij een formulier.",
            "urgency": "urgent" if rng.random() < 0.1 else "normal",
            "consent_given_at": created, "consent_text_version": "bench",
            "sent_at": created + timedelta(hours=1) if sent else None,
            "owner_id": 1 if state in OPEN else None,
            "due_at": created + timedelta(days=2 if sent else 1) if state in OPEN else None,
            "overdue_count": 0,
            "closed_at": created + timedelta(days=5) if state in ("completed", "cancelled")
            else None, "created_at": created, "updated_at": created, "version": 1})
    batched_insert(Referral.__table__, rows)
    db.session.commit()
    analyse()


def measure(app, requests: int, rng: random.Random) -> None:
    staff = signed_in(app, "staff@bench.example.org", PASSWORD)
    coordinators = [signed_in(app, f"coordinator{n}@bench.example.org", PASSWORD)
                    for n in rng.sample(range(1, ORGANISATIONS + 1), 10)]
    for url in ("/staff/referrals", "/staff/referrals?page=2", "/staff/referrals?show=mine",
                "/staff/referrals?show=closed"):
        timed(staff, url)  # warm up
        report(f"staff queue {url}", [timed(staff, url) for _ in range(requests)])
    for url in ("/partner/referrals", "/partner/referrals?show=closed"):
        report(f"partner inbox {url}",
               [timed(rng.choice(coordinators), url) for _ in range(requests)])


def main(referrals: int, requests: int) -> None:
    app = bench_app(WTF_CSRF_ENABLED=False)  # it signs in by posting the login form directly
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(referrals, rng)
        print(f"database: {db.engine.dialect.name}, referrals: {referrals} over "
              f"{ORGANISATIONS} partners (built in {time.perf_counter() - started:.0f} s)")
    measure(app, requests, rng)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 100)
