"""The open data API at national scale: SERVICES offers (default 50,000) at half as many
support points, laid out as in directory_search.py (a tenth in the city of Groningen), then
pages of services through the app, each request in its own app context:

- `GET /api/v1/services?postcode=9711&per_page=50`, the issue's case: within 10 km of the
  postcode, nearest first;
- the same around every postcode of the city, at random;
- services at places around those postcodes (`/api/v1/service_at_locations`);
- pages of every service without a place, and one service with everything nested;
- the whole change feed as one stream (`format=ndjson&modified_after=...`): its time, and
  Python's peak memory while the first 5,000 lines are sent and while the rest are
  (tracemalloc): flat when the two are alike.

Prints the median and p95 time and the SQL queries per request for each.

    .venv/bin/python benchmarks/api_services.py [SERVICES] [REQUESTS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import math
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from sqlalchemy import event, select  # noqa: E402

from benchmarks.directory_search import built_app  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo import locator  # noqa: E402
from partnernet.models import Offer  # noqa: E402


def measure(app, name: str, urls: list[str]) -> None:
    client = app.test_client()
    statements: list[int] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    times, queries, items = [], [], []
    for url in urls:
        statements.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.json)
        queries.append(len(statements))
        items.append(len(response.json.get("contents", [None])))
    event.remove(engine, "before_cursor_execute", listener)
    times.sort()
    print(f"{name} ({len(urls)} requests, {statistics.median(items):.0f} items each):")
    print(f"  median {statistics.median(times):.1f} ms, p95 "
          f"{times[math.ceil(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms; "
          f"SQL queries per request: {min(queries)}–{max(queries)}")


def main(services: int, requests: int) -> None:
    rng = random.Random(2026)
    app, seconds = built_app(services // 2, rng)
    with app.app_context():
        print(f"database: {db.engine.dialect.name}, services: {services} at {services // 2} "
              f"support points (built in {seconds:.0f} s)")
        postcodes = sorted(locator().gazetteer.postcodes)
        offer_ids = [str(public_id) for public_id in db.session.scalars(
            select(Offer.public_id).where(Offer.is_shown).limit(1000))]
        db.session.remove()
        db.engine.dispose()
    measure(app, "warm-up, not counted", ["/api/v1/services?postcode=9711&per_page=50"] * 20)
    measure(app, "services near 9711, 50 a page",
            ["/api/v1/services?postcode=9711&per_page=50"] * requests)
    measure(app, "services near a postcode of the city, 50 a page",
            [f"/api/v1/services?postcode={rng.choice(postcodes)}&per_page=50"
             for _ in range(requests)])
    measure(app, "services at places near a postcode of the city, 50 a page",
            [f"/api/v1/service_at_locations?postcode={rng.choice(postcodes)}&per_page=50"
             for _ in range(requests)])
    pages = math.ceil(services * 0.9 / 50)
    measure(app, "every service, a page of 50 anywhere in the list",
            [f"/api/v1/services?per_page=50&page={rng.randint(1, pages)}"
             for _ in range(requests)])
    measure(app, "one service, fully nested",
            [f"/api/v1/services/{rng.choice(offer_ids)}" for _ in range(requests)])
    measure_stream(app)


def measure_stream(app) -> None:
    """The full change feed, read line by line as a client would, without keeping it."""
    client = app.test_client()
    url = "/api/v1/services?format=ndjson&modified_after=2000-01-01T00:00:00Z"
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    lines, sent, first_peak = 0, 0, 0
    for chunk in response.response:
        lines += 1
        sent += len(chunk)
        if lines == 5000:
            first_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
    seconds = time.perf_counter() - started
    rest_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    response.close()
    print(f"the whole change feed as ndjson: {lines} lines, {sent / 1e6:.1f} MB in "
          f"{seconds:.1f} s (under tracemalloc); peak memory: first 5,000 lines "
          f"{first_peak / 1e6:.1f} MB, the other {lines - 5000} {rest_peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 100)
