"""Accounting at scale (issue 17, point 6): N logs of help (default 1,000,000, as in
assistance_figures.py), M referrals (default 200,000) with their steps over three years, and
two years of the directory's search counts. Prints, through the app with a signed-in staff
member, the time of the council report for a quarter, of the staff's referral figures for a
month and for a year, and of the staff's search figures for a year.

    .venv/bin/python benchmarks/council_report.py [LOGS] [REFERRALS] [REQUESTS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from benchmarks import assistance_figures  # noqa: E402
from benchmarks.common import (  # noqa: E402
    analyse,
    batched_insert,
    bench_app,
    report,
    set_up_second_factor,
    signed_in,
    timed,
)
from partnernet.clock import working_days_between  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.models import (  # noqa: E402
    AuditEvent,
    Offer,
    Referral,
    ReferralEvent,
    ResidentFeedback,
    SearchCount,
    Topic,
)
from partnernet.models.referrals import CONTACT_STATES  # noqa: E402

PARTNERS = assistance_figures.ORGANISATIONS
FIRST, LAST = datetime(2023, 12, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
CHUNK = 20_000
# Most requests are closed after a few steps, some are on their way.
ENDINGS = (("completed", 70), ("cancelled", 12), ("sent", 5), ("accepted", 8),
           ("declined", 3), ("unreachable", 2))
OUTCOMES = ("helped",) * 6 + ("partly_helped",) * 2 + ("referred_on", "not_needed")
AREAS = [f"97{n}" for n in range(11, 58)] + [""]
FILTERS = ("", "", "", "wheelchair", "language:ar", "open_now", "free")
QUARTER = "2026-Q3"
MONTH = "start=2026-10-01&end=2026-10-31"
YEAR = "start=2025-11-01&end=2026-10-31"


def build_referrals(count: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    batched_insert(Offer.__table__, [
        {"public_id": uuid.uuid4(), "organisation_id": n, "title": f"Hulp {n}",
         "description": "", "audience": "", "accepts_referrals": True, "status": "active",
         "is_example": True, "created_at": now, "updated_at": now}
        for n in range(1, PARTNERS + 1)])
    topics = list(db.session.scalars(select(Topic.id)))
    endings = [state for state, weight in ENDINGS for _ in range(weight)]
    seconds = int((LAST - FIRST).total_seconds())
    for first in range(0, count, CHUNK):
        referrals, events, feedback = [], [], []
        for n in range(first, min(first + CHUNK, count)):
            created = FIRST + timedelta(seconds=rng.randrange(seconds))
            state = rng.choice(endings)
            partner = rng.randint(1, PARTNERS)
            steps = _steps(state, created, rng)
            closed = steps[-1][1] if state in ("completed", "cancelled") else None
            contacts = [at for step, at in steps if step in CONTACT_STATES]
            referrals.append({
                "id": n + 1, "public_id": uuid.uuid4(), "reference": f"B{n:09d}",
                "source": "resident" if rng.random() < 0.3 else "staff", "state": state,
                "outcome": rng.choice(OUTCOMES) if state == "completed" else None,
                "offer_id": partner, "organisation_id": partner, "created_by_id": 1,
                "topic_id": rng.choice(topics), "resident_name": "Synthetische Bewoner",
                "resident_phone": "06 1234 5678", "postcode_area": rng.choice(AREAS) or None,
                "preferred_contact": "either", "language": "nl",
                "need_description": "Hulp bij een formulier.", "urgency": "normal",
                "consent_given_at": created, "consent_text_version": "bench",
                "sent_at": created + timedelta(hours=1),
                "owner_id": None if closed else 1,
                "due_at": None if closed else created + timedelta(days=2),
                "overdue_count": 0, "closed_at": closed, "created_at": created,
                "days_to_first_contact": (working_days_between(created, contacts[0])
                                          if contacts else None),
                "days_to_close": working_days_between(created, closed) if closed else None,
                "updated_at": closed or created, "version": 1})
            events.extend({"referral_id": n + 1, "at": at, "from_state": before,
                           "to_state": after}
                          for (before, _), (after, at) in zip([(None, None), *steps], steps,
                                                              strict=False))
            if state == "completed" and rng.random() < 0.3:
                feedback.append({"organisation_id": partner,
                                 "answer": rng.choice(("yes", "yes", "partly", "no")),
                                 "given_on": (closed + timedelta(days=2)).date()})
        batched_insert(Referral.__table__, referrals)
        batched_insert(ReferralEvent.__table__, events)
        batched_insert(ResidentFeedback.__table__, feedback)
        db.session.commit()


def _steps(state: str, created: datetime, rng: random.Random) -> list[tuple[str, datetime]]:
    """(state, moment) from the request to where it ended."""
    path = {"completed": ["new", "sent", "accepted", "completed"],
            "cancelled": ["new", "cancelled"], "sent": ["new", "sent"],
            "accepted": ["new", "sent", "accepted"], "declined": ["new", "sent", "declined"],
            "unreachable": ["new", "sent", "unreachable"]}[state]
    moment, steps = created, []
    for step in path:
        steps.append((step, moment))
        moment += timedelta(hours=rng.randint(1, 96))
    return steps


def build_audit_and_searches(rng: random.Random) -> None:
    views = [{"action": rng.choice(("referral_view", "resident_view")),
              "at": FIRST + timedelta(minutes=rng.randrange(1_500_000)), "actor_id": 1,
              "actor_role": "staff", "organisation_id": None, "result": "success"}
             for _ in range(100_000)]
    batched_insert(AuditEvent.__table__, views)
    day, rows = date(2024, 12, 1), []
    while day <= LAST.date():
        for area in AREAS:
            for topic in ("", "digid", "benefits"):
                for filters in set(rng.sample(FILTERS, 2)):
                    searches = rng.randint(1, 40)
                    rows.append({"day": day, "postcode_area": area, "topic": topic,
                                 "filters": filters, "searches": searches,
                                 "without_help_nearby": rng.randint(0, searches // 4)})
        day += timedelta(days=1)
    batched_insert(SearchCount.__table__, rows)
    db.session.commit()
    print(f"search counts: {len(rows):,} rows over two years")


def measure(app, requests: int) -> None:
    staff = signed_in(app, "staff@bench.example.org", assistance_figures.PASSWORD)
    pages = ((f"/staff/report?period={QUARTER}", "council report, a quarter"),
             (f"/staff/report.csv?period={QUARTER}", "council report as CSV, a quarter"),
             (f"/staff/figures/referrals?{MONTH}", "staff referral figures, a month"),
             (f"/staff/figures/referrals?{YEAR}", "staff referral figures, a year"),
             (f"/staff/figures/searches?{YEAR}", "staff search figures, a year"),
             (f"/figures?quarter={QUARTER}", "public figures, a quarter"))
    for url, name in pages:
        timed(staff, url)  # warm up
        report(f"{name} {url}", [timed(staff, url) for _ in range(requests)])


def main(logs: int, referrals: int, requests: int) -> None:
    app = bench_app(WTF_CSRF_ENABLED=False)
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        assistance_figures.build(logs, rng)
        build_referrals(referrals, rng)
        build_audit_and_searches(rng)
        set_up_second_factor("staff@bench.example.org")
        analyse()
        print(f"database: {db.engine.dialect.name}, {logs:,} logs, {referrals:,} referrals "
              f"(built in {time.perf_counter() - started:.0f} s)")
    measure(app, requests)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 200_000,
         int(sys.argv[3]) if len(sys.argv) > 3 else 10)
