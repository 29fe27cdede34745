"""A resident's search at national scale: N support points and 2N offers (default 50,000 and
100,000), then searches through the app (geocode + nearest 20 + results page with its map).
Prints the median and p95 time, the largest page, and the SQL queries per search.

    .venv/bin/python benchmarks/directory_search.py [POINTS] [SEARCHES] [MOMENT]

The searches run at MOMENT (ISO 8601, default Tuesday 24 November 2026 11:30 in Groningen), so
"open now" weighs the same whatever the time of the run: by day it fits most points, at night
none (try MOMENT=2026-11-24T22:30:00+01:00).

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
A tenth of the points lie in the municipality of Groningen (where the gazetteer's searches
land), the rest anywhere in the Netherlands.
"""

import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from freezegun import freeze_time  # noqa: E402
from freezegun.api import real_perf_counter  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from benchmarks.common import analyse, batched_insert, bench_app  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo import locator  # noqa: E402
from partnernet.models import (  # noqa: E402
    Offer,
    OfferLanguage,
    OpeningPeriod,
    Organisation,
    SupportPoint,
    Topic,
)
from partnernet.models.organisations import offer_support_points, offer_topics  # noqa: E402
from partnernet.seed import load_topics  # noqa: E402

NETHERLANDS = (50.76, 3.36, 53.55, 7.21)
GRONINGEN = (53.14, 6.45, 53.30, 6.75)
POINTS_PER_ORGANISATION = 10
OTHER_LANGUAGES = ("ar", "tr", "pl", "de", "uk", "so", "ti")
MODES = ("walk_in", "by_appointment", "by_phone", "home_visit", "online")


def build(points: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    load_topics()
    topic_ids = list(db.session.scalars(select(Topic.id)))
    organisations = points // POINTS_PER_ORGANISATION
    batched_insert(Organisation.__table__, [
        {"public_id": uuid.uuid4(), "name": f"Organisatie {n}", "kind": "volunteer_org",
         "status": "approved" if n % 20 else "pending", "description": "Synthetisch",
         "is_example": True, "created_at": now, "updated_at": now}
        for n in range(1, organisations + 1)])
    point_rows = []
    for n in range(1, points + 1):
        south, west, north, east = GRONINGEN if n % 10 == 0 else NETHERLANDS
        point_rows.append({
            "public_id": uuid.uuid4(), "organisation_id": (n - 1) // POINTS_PER_ORGANISATION + 1,
            "name": f"Hulppunt {n}", "street": "Straat", "house_number": str(n % 200 + 1),
            "postcode": "9711 AB", "city": "Plaats", "latitude": rng.uniform(south, north),
            "longitude": rng.uniform(west, east), "location_is_approximate": False,
            "has_digital_government_desk": n % 7 == 0, "wheelchair_accessible": n % 3 != 0,
            "hours_are_example": True, "active": n % 50 != 0, "created_at": now,
            "updated_at": now})
    batched_insert(SupportPoint.__table__, point_rows)
    batched_insert(OpeningPeriod.__table__, [
        {"support_point_id": n, "weekday": day, "opens": opens, "closes": closes}
        for n in range(1, points + 1) for day in range(5)
        for opens, closes in ((clock(9), clock(12)), (clock(13), clock(17)))
        if n % 4 or opens.hour == 9])
    build_offers(points, topic_ids, rng, now)
    db.session.commit()
    analyse()


def build_offers(points: int, topic_ids: list[int], rng: random.Random, now) -> None:
    offers, links, topics, languages = [], [], [], []
    for n in range(1, 2 * points + 1):
        point = (n - 1) // 2 + 1
        modes = {mode: rng.random() < 0.35 for mode in MODES}
        offers.append({"public_id": uuid.uuid4(), "organisation_id": (point - 1) // 10 + 1,
                       "title": f"Hulp {n}", "description": "Synthetisch aanbod",
                       "audience": "", **modes, "free_of_charge": rng.random() < 0.8,
                       "accepts_referrals": rng.random() < 0.5,
                       "status": "active" if n % 20 else "paused", "is_example": True,
                       "created_at": now, "updated_at": now})
        links.append({"offer_id": n, "support_point_id": point})
        topics.extend({"offer_id": n, "topic_id": topic}
                      for topic in rng.sample(topic_ids, rng.randint(1, 3)))
        codes = {"nl"} | ({"en"} if rng.random() < 0.3 else set())
        codes |= {rng.choice(OTHER_LANGUAGES)} if rng.random() < 0.1 else set()
        languages.extend({"offer_id": n, "code": code} for code in codes)
    batched_insert(Offer.__table__, offers)
    batched_insert(offer_support_points, links)
    batched_insert(offer_topics, topics)
    batched_insert(OfferLanguage.__table__, languages)


def search_urls(app, count: int, rng: random.Random) -> list[str]:
    from urllib.parse import urlencode

    with app.app_context():
        gazetteer = locator().gazetteer
    wheres = list(gazetteer.postcodes) + gazetteer.place_names() + ["1012 AB", "9711 AB"]
    topics = [code for (code,) in db.session.execute(select(Topic.code))]
    urls = []
    for _ in range(count):
        query = {"where": rng.choice(wheres)}
        if rng.random() < 0.3:
            query["topic"] = rng.choice(topics)
        if rng.random() < 0.2:
            query["language"] = rng.choice(("en", "ar", "tr"))
        for name, chance in (("wheelchair", 0.1), ("open_now", 0.1), ("free", 0.1)):
            if rng.random() < chance:
                query[name] = "y"
        if rng.random() < 0.1:
            query["mode"] = rng.choice(MODES)
        if rng.random() < 0.1:
            query["page"] = 2
        urls.append("/search?" + urlencode(query))
    return urls


def measure(app, urls: list[str]) -> None:
    """Each request in its own app context, as in production (no session carries over)."""
    client = app.test_client()
    statements = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
    times, sizes, queries = [], [], []
    for url in urls[:20]:  # warm up
        client.get(url)
    for url in urls:
        statements.clear()
        started = real_perf_counter()
        response = client.get(url)
        times.append((real_perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        sizes.append(len(response.data))
        queries.append(len(statements))
    times.sort()
    print(f"searches: {len(urls)}")
    print(f"time per search: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms")
    print(f"results page: largest {max(sizes) / 1024:.1f} KB, median "
          f"{statistics.median(sizes) / 1024:.1f} KB")
    print(f"SQL queries per search: min {min(queries)}, max {max(queries)}, "
          f"most common {statistics.mode(queries)}")


def main(points: int, searches: int, moment: str) -> None:
    app = bench_app()
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(points, rng)
        print(f"database: {db.engine.dialect.name}, support points: {points}, "
              f"offers: {2 * points} (built in {time.perf_counter() - started:.0f} s)")
        urls = search_urls(app, searches, rng)
    print(f"searching at {moment}")
    with freeze_time(moment, tick=True):
        measure(app, urls)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 300,
         sys.argv[3] if len(sys.argv) > 3 else "2026-11-24T11:30:00+01:00")
