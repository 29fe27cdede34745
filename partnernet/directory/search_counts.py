"""Counting what residents look for, so staff see where help is sought and not found.

A search adds one to a counter in this process's memory, keyed by day, postcode area (four
digits, worked out from the place found, never the typed text), topic and filters. Nothing
about the request is kept; no cookie is set. The counters are added to the table at most every
SEARCH_COUNT_SECONDS (and when the process ends), in one statement that adds each key's counts
to what is there, so several workers can write side by side. A search costs a dictionary update."""

import atexit
import logging
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Table
from sqlalchemy.dialects import sqlite

from partnernet.clock import local_today
from partnernet.extensions import db
from partnernet.geo.search import Results, SearchFilters
from partnernet.models import SearchCount
from partnernet.models.searches import NEARBY_KM

log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)  # ordered: the rows of a minute are written in key order
class SearchKey:
    day: object  # a date
    postcode_area: str
    topic: str
    filters: str


def filters_text(filters: SearchFilters) -> str:
    """The chosen filters apart from the topic, in a fixed order: "language:ar wheelchair"."""
    chosen = [f"language:{filters.language}" if filters.language else "",
              f"mode:{filters.mode}" if filters.mode else "",
              "wheelchair" if filters.wheelchair else "", "open_now" if filters.open_now else "",
              "free" if filters.free else ""]
    return " ".join(part for part in chosen if part)


def found_nearby(results: Results | None) -> bool:
    if results is None or not results.matches:
        return False
    return min(match.distance_km for match in results.matches) <= NEARBY_KM


class SearchTally:
    def __init__(self, every_seconds: float):
        self.every_seconds = every_seconds
        self._lock = threading.Lock()
        self._searches: Counter = Counter()
        self._without: Counter = Counter()
        self._last_written = time.monotonic()

    def count(self, key: SearchKey, nearby: bool) -> None:
        with self._lock:
            self._searches[key] += 1
            if not nearby:
                self._without[key] += 1
            due = time.monotonic() - self._last_written >= self.every_seconds
        if due:
            self.write()

    def write(self) -> None:
        """Add the counted searches to the table; on failure they are kept for next time."""
        with self._lock:
            searches, without = self._searches, self._without
            self._searches, self._without = Counter(), Counter()
            self._last_written = time.monotonic()
        if not searches:
            return
        rows = [{"day": key.day, "postcode_area": key.postcode_area, "topic": key.topic,
                 "filters": key.filters, "searches": number,
                 "without_help_nearby": without.get(key, 0)}
                for key, number in sorted(searches.items())]
        try:
            with db.engine.begin() as connection:
                # One statement for them all: this search waits for it, and so do those
                # queued behind it in the worker (one per key took 1,500 keys a second). In
                # key order, so two workers writing at once lock their rows in the same order:
                # one waits for the other, and they never deadlock.
                connection.execute(_adding(connection.dialect.name), rows)
        except Exception:  # a count is not worth a failed search: keep it, try again later
            log.exception("search counts not written; kept for the next attempt")
            with self._lock:
                self._searches.update(searches)
                self._without.update(without)


def _adding(dialect: str):
    """Adds each row's counts to its key's, or inserts it."""
    table = SearchCount.__table__
    assert isinstance(table, Table)
    if dialect == "postgresql":
        # Imported here: PostgreSQL's dialect package loads all its drivers, which a start on
        # SQLite does without.
        from sqlalchemy.dialects.postgresql import insert

        statement: Any = insert(table)
    else:
        statement = sqlite.insert(table)
    return statement.on_conflict_do_update(
        index_elements=["day", "postcode_area", "topic", "filters"],
        set_={"searches": table.c.searches + statement.excluded.searches,
              "without_help_nearby": table.c.without_help_nearby
              + statement.excluded.without_help_nearby})


def init_app(app) -> None:
    app.extensions["search_tally"] = SearchTally(app.config.get("SEARCH_COUNT_SECONDS", 60))
    atexit.register(_write_at_exit, weakref.ref(app))


def _write_at_exit(app_ref: weakref.ref) -> None:
    app = app_ref()
    if app is not None:
        with app.app_context():
            app.extensions["search_tally"].write()


def count_search(postcode_area: str | None, filters: SearchFilters, results: Results | None):
    tally: SearchTally = current_app.extensions["search_tally"]
    tally.count(SearchKey(local_today(), postcode_area or "", filters.topic or "",
                          filters_text(filters)), found_nearby(results))


def write_search_counts() -> None:
    """Now, rather than at the next due moment (for tests and `flask partnernet`)."""
    current_app.extensions["search_tally"].write()
