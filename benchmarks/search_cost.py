"""Where a search's time goes (issue 18, point 3): the searches of served_pages.py, on N
support points laid out as in directory_search.py, each run through the app in one process
twice; the second pass is measured, as a worker that has kept its cards and forms serves it.

For each kind of search (with a topic, with other filters, with none) and for all together,
per search: the time in the app, the part of it spent in the database driver (PostgreSQL's
work and the round trips: from SQLAlchemy's cursor events, so every statement counts, the
nearest query's too) and the rest, the app's own Python; the statements run; and the
statements that took the most time in all, by their first words. On one machine the database
and the app share the CPUs, so under load both parts are what a search costs. (SQLite's driver
steps through the rows as they are fetched, after the event: there part of the database's work
counts as Python.)

    .venv/bin/python benchmarks/search_cost.py [POINTS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database: the
issue's figures are on PostgreSQL, with 50,000 points).
"""

import os
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import fields
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("PARTNERNET_ENV", "development")

from sqlalchemy import event  # noqa: E402

from benchmarks import directory_search as layout  # noqa: E402
from benchmarks.served_pages import search_paths  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo.search import SearchFilters  # noqa: E402

SHOWN_STATEMENTS = 8
# The search's filters other than the topic, named in the URL as in SearchFilters.
OTHER_FILTERS = tuple(field.name for field in fields(SearchFilters) if field.name != "topic")


class DriverClock:
    """The time statements spend in the driver, per statement's first words."""

    def __init__(self, engine) -> None:
        self.seconds = 0.0
        self.statements = 0
        self.by_statement: dict[str, list[float]] = defaultdict(list)
        self._started = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args) -> None:
        self._started = time.perf_counter()

    def _after(self, _connection, _cursor, statement, *_args) -> None:
        spent = time.perf_counter() - self._started
        self.seconds += spent
        self.statements += 1
        self.by_statement[" ".join(statement.split()[:6])[:60]].append(spent)


def kind_of(path: str) -> str:
    query = parse_qs(urlsplit(path).query)
    if "topic" in query:
        return "with a topic"
    if any(name in query for name in OTHER_FILTERS):
        return "other filters"
    return "no filter"


def main(points: int) -> None:
    rng = random.Random(2026)  # as served_pages.py's: the same places and the same searches
    app, building = layout.built_app(points, rng)
    with app.app_context():
        print(f"database: {db.engine.dialect.name}, support points: {points:,} "
              f"(built in {building:.0f} s)")
        db.session.remove()
        db.engine.dispose()  # searched on fresh connections, as a worker's are
        engine = db.engine
    paths, _places = search_paths(app, rng)
    client = app.test_client()
    for path in paths:  # the first pass: statements planned, cards and forms kept
        assert client.get(path).status_code == 200, path
    clock = DriverClock(engine)
    measured: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for path in paths:
        seconds, statements = clock.seconds, clock.statements
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        spent = time.perf_counter() - started
        measured[kind_of(path)].append((spent, clock.seconds - seconds,
                                        clock.statements - statements))
    measured["all"] = [search for searches in list(measured.values()) for search in searches]
    print(f"per search, in ms ({len(paths)} searches, the second pass):")
    for kind, searches in measured.items():
        whole = [spent * 1000 for spent, _driver, _count in searches]
        driver = [spent_in_driver * 1000 for _spent, spent_in_driver, _count in searches]
        python = statistics.mean(whole) - statistics.mean(driver)
        print(f"  {kind:14} ({len(searches):4}): whole mean {statistics.mean(whole):5.1f}, "
              f"median {statistics.median(whole):5.1f} | database driver "
              f"{statistics.mean(driver):5.1f} ({100 * sum(driver) / sum(whole):3.0f} %) | "
              f"app's Python {python:5.1f} | statements "
              f"{statistics.mean(count for _s, _d, count in searches):.1f}")
    print("statements with the most time in all (ms per search over all searches, mean ms "
          "each, runs):")
    ranked = sorted(clock.by_statement.items(), key=lambda item: -sum(item[1]))
    for words, times in ranked[:SHOWN_STATEMENTS]:
        print(f"  {1000 * sum(times) / len(paths):5.2f} | {1000 * statistics.mean(times):5.2f} "
              f"| {len(times):5} | {words}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
