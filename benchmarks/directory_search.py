"""A resident's search at national scale: N support points and 2N offers (default 50,000 and
100,000), then searches through the app (geocode + nearest 20 + results page with its map)
from three populations of places, each printed on its own (median and p95 time, the largest
page, the SQL queries per search):

- dense city: the postcodes and places of the municipality of Groningen, where a tenth of the
  points lie (the offline gazetteer finds them);
- sparse countryside: anywhere else in the Netherlands, where the other points are spread
  thinly (about one per 2 km²);
- outside the data: Zeeland, where no point lies (an empty area: the nearest help is 40 km or
  more away, further than the search's largest box).

The last two are addresses a local fake of PDOK answers with their coordinates, as PDOK would
for a full address (PARTNERNET_GEOCODER=pdok).

    .venv/bin/python benchmarks/directory_search.py [POINTS] [SEARCHES] [MOMENT]

SEARCHES per population (default 200).

The searches run at MOMENT (ISO 8601, default Tuesday 24 November 2026 11:30 in Groningen), so
"open now" weighs the same whatever the time of the run: by day it fits most points, at night
none (try MOMENT=2026-11-24T22:30:00+01:00).

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import math
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode

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
from tests.support import fake_pdok  # noqa: E402
from tests.support.country_layout import (  # noqa: E402
    NETHERLANDS,
    ZEELAND,
    ZEELAND_CORNER,
    spot,
    within,
)

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
        latitude, longitude = spot(GRONINGEN if n % 10 == 0 else NETHERLANDS, rng)
        while n % 10 and within(ZEELAND_CORNER, latitude, longitude):
            latitude, longitude = spot(NETHERLANDS, rng)
        point_rows.append({
            "public_id": uuid.uuid4(), "organisation_id": (n - 1) // POINTS_PER_ORGANISATION + 1,
            "name": f"Hulppunt {n}", "street": "Straat", "house_number": str(n % 200 + 1),
            "postcode": "9711 AB", "city": "Plaats", "latitude": latitude,
            "longitude": longitude, "location_is_approximate": False,
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


def built_app(points: int, rng: random.Random, **config):
    """The benchmark's app (`bench_app`) with its migrations run and `points` laid out; the
    seconds building took."""
    app = bench_app(**config)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(points, rng)
        return app, time.perf_counter() - started


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


def populations(app, count: int, rng: random.Random) -> dict[str, list[str]]:
    """Places to search from, per population: what a resident types."""
    with app.app_context():
        gazetteer = locator().gazetteer
    city = list(gazetteer.postcodes) + gazetteer.place_names() + ["9711 AB"]
    places = {"dense city": [rng.choice(city) for _ in range(count)]}
    for name, box, avoid in (("sparse countryside", NETHERLANDS, (GRONINGEN, ZEELAND_CORNER)),
                             ("outside the data", ZEELAND, ())):
        places[name] = []
        while len(places[name]) < count:
            latitude, longitude = spot(box, rng)
            if not any(within(area, latitude, longitude) for area in avoid):
                places[name].append(_address_at(latitude, longitude))
    return places


def _address_at(latitude: float, longitude: float) -> str:
    """An address the fake PDOK answers with these coordinates."""
    address = f"Benchmarkweg {len(fake_pdok.ADDRESSES) + 1}, Ergens"
    fake_pdok.ADDRESSES[address] = {
        "weergavenaam": address, "type": "adres", "postcode": "4321AB",
        "centroide_ll": f"POINT({longitude:.5f} {latitude:.5f})"}
    return address


def search_urls(wheres: list[str], topics: list[str], rng: random.Random) -> list[str]:
    urls = []
    for where in wheres:
        query = {"where": where}
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
    for url in urls:
        statements.clear()
        started = real_perf_counter()
        response = client.get(url)
        times.append((real_perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        sizes.append(len(response.data))
        queries.append(len(statements))
    times.sort()
    print(f"  time per search: median {statistics.median(times):.1f} ms, "
          f"p95 {times[math.ceil(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms")
    print(f"  results page: largest {max(sizes) / 1024:.1f} KB, median "
          f"{statistics.median(sizes) / 1024:.1f} KB")
    print(f"  SQL queries per search: min {min(queries)}, max {max(queries)}, "
          f"most common {statistics.mode(queries)}")


def main(points: int, searches: int, moment: str) -> None:
    pdok = fake_pdok.FakePdok()
    pdok.start()
    app = bench_app(GEOCODER="pdok", PDOK_URL=pdok.url)
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(points, rng)
        print(f"database: {db.engine.dialect.name}, support points: {points}, "
              f"offers: {2 * points} (built in {time.perf_counter() - started:.0f} s)")
        topics = [code for (code,) in db.session.execute(select(Topic.code))]
        db.session.remove()
        db.engine.dispose()  # searched on fresh connections, as a worker's are
    places = populations(app, searches, rng)
    print(f"searching at {moment}, {searches} searches from each population")
    with freeze_time(moment, tick=True):
        print("warm-up, not counted:")
        measure(app, search_urls(places["dense city"][:20], topics, rng))
        for name, wheres in places.items():
            print(f"{name}:")
            measure(app, search_urls(wheres, topics, rng))
    pdok.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 200,
         sys.argv[3] if len(sys.argv) > 3 else "2026-11-24T11:30:00+01:00")
