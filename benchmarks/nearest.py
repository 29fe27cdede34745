"""Nearest help on the spatial index (issue 18, points 1 and 2): N support points laid out as in
directory_search.py (a dense city, the country thinly, Zeeland empty), and the search's nearest
20 (the app's `_ranked`, as a results page asks for it) from three populations of places:

- dense: the city of Groningen;
- edges: just inside the edges of the data (the north coast, the German border);
- empty: Zeeland, where no point lies (the nearest is 40 km or more away).

The searches run in a process of their own, started once the database is built, as a
worker's do. Prints median and p95 per population. On PostgreSQL also the anchor: bare PostGIS
KNN with the same conditions (the app's WHERE clause, compiled) on the raw driver, and the
ratio. On a sample of each population the result is checked against brute force (every
fitting point's great-circle distance), and mismatches are printed: there must be none.

    .venv/bin/python benchmarks/nearest.py [POINTS] [QUERIES]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import math
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from sqlalchemy import select  # noqa: E402

from benchmarks import directory_search as layout  # noqa: E402
from partnernet import create_app  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo import search  # noqa: E402
from partnernet.geo.search import SearchFilters, distance_km  # noqa: E402
from partnernet.models import SupportPoint  # noqa: E402

MOMENT = datetime.fromisoformat("2026-11-24T11:30:00+01:00")
WANTED = search.PAGE_SIZE + 1
SAMPLE = 25  # queries per population checked against brute force
SEARCHED_DATABASE = "PARTNERNET_BENCH_SEARCHED_URL"  # for the searching process
POPULATIONS = {
    "dense": [(53.19, 6.52, 53.25, 6.62)],
    "edges": [(53.40, 5.0, 53.55, 7.0), (52.2, 7.0, 53.2, 7.21)],
    "empty": [layout.ZEELAND],
}


def places(count: int, rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    return {name: [layout.spot(rng.choice(boxes), rng) for _ in range(count)]
            for name, boxes in POPULATIONS.items()}


def ranked(latitude: float, longitude: float) -> list[tuple[float, int]]:
    """What the results page's first 20 come from, with no filter chosen."""
    found = search._ranked(latitude, longitude, SearchFilters(), MOMENT, WANTED, None)
    return [(candidate.distance_km, candidate.point_id) for candidate in found[:WANTED]]


def anchor_sql() -> str:
    """Bare PostGIS KNN with the app's own conditions, compiled once."""
    conditions = search._point_conditions(SearchFilters(), whole_country=False)
    where = select(SupportPoint.id).where(*conditions).compile(
        db.engine, compile_kwargs={"literal_binds": True})
    query = str(where).replace(
        "SELECT support_points.id",
        "SELECT support_points.id, ST_Distance(support_points.location, q.here, false)", 1)
    query = query.replace("FROM support_points",
                          "FROM support_points, (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, "
                          "%(lat)s), 4326)::geography AS here) AS q", 1)
    return query + f" ORDER BY support_points.location <-> q.here LIMIT {WANTED}"


def timed(function, queries) -> list[float]:
    times = []
    for latitude, longitude in queries:
        started = time.perf_counter()
        function(latitude, longitude)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def p95(times: list[float]) -> float:
    return times[math.ceil(0.95 * len(times)) - 1]


def brute_force_mismatches(queries) -> int:
    conditions = search._point_conditions(SearchFilters(), whole_country=True)
    fitting = db.session.execute(select(SupportPoint.id, SupportPoint.latitude,
                                        SupportPoint.longitude).where(*conditions)).all()
    mismatches = 0
    for latitude, longitude in queries:
        expected = sorted((distance_km(latitude, longitude, lat, lon), point_id)
                          for point_id, lat, lon in fitting)[:WANTED]
        found = ranked(latitude, longitude)
        if [point_id for _km, point_id in found] != [point_id for _km, point_id in expected]:
            mismatches += 1
            print(f"  mismatch at {latitude:.5f}, {longitude:.5f}")
    return mismatches


def main(points: int, count: int) -> None:
    rng = random.Random(2026)
    app, seconds = layout.built_app(points, rng)
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        print(f"database: {db.engine.dialect.name}, support points: {points:,} "
              f"(built in {seconds:.0f} s); {count} queries per population", flush=True)
        db.session.remove()
        db.engine.dispose()
    # Searched in a process of its own, as a worker's are: the heap building left in this one
    # slowed the app's Python (not bare KNN's, which has next to none) by about 0.1 ms a
    # search, a fifth of bare KNN at 50,000 points.
    # The URL in the environment, not the command line: other users of the machine see that.
    subprocess.run([sys.executable, __file__, "--search", str(count)], check=True,
                   env={**os.environ, SEARCHED_DATABASE: url})


def search_from_populations(url: str, count: int) -> None:
    """What main() prints per population, on the database at `url`, in this fresh process."""
    rng = random.Random(2027)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        postgis = db.engine.dialect.name == "postgresql"
        raw = db.engine.raw_connection() if postgis else None
        sql = anchor_sql() if postgis else ""

        def bare_knn(latitude, longitude):
            with raw.cursor() as cursor:
                cursor.execute(sql, {"lat": latitude, "lon": longitude})
                cursor.fetchall()

        for name, queries in places(count, rng).items():
            for latitude, longitude in queries[:10]:  # warm up
                ranked(latitude, longitude)
                if postgis:
                    bare_knn(latitude, longitude)
            # Each place searched by both, one after the other, so a moment of noise on the
            # machine weighs on both alike; which goes first alternates, as the second finds
            # the place's index pages warm.
            app_times, bare = [], []
            for number, place in enumerate(queries):
                if postgis and number % 2:
                    bare += timed(bare_knn, [place])
                app_times += timed(ranked, [place])
                if postgis and not number % 2:
                    bare += timed(bare_knn, [place])
            app_times.sort()
            bare.sort()
            line = (f"{name:6} search: median {statistics.median(app_times):6.2f} ms, "
                    f"p95 {p95(app_times):6.2f} ms")
            if postgis:
                line += (f" | bare KNN: median {statistics.median(bare):6.2f} ms, p95 "
                         f"{p95(bare):6.2f} ms | ratio: median "
                         f"{statistics.median(app_times) / statistics.median(bare):.2f}, "
                         f"p95 {p95(app_times) / p95(bare):.2f}")
            print(line)
            print(f"  brute force on {min(SAMPLE, count)} queries: "
                  f"{brute_force_mismatches(queries[:SAMPLE])} mismatches")
        if raw is not None:
            raw.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--search"]:
        search_from_populations(os.environ[SEARCHED_DATABASE], int(sys.argv[2]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000,
             int(sys.argv[2]) if len(sys.argv) > 2 else 300)
