"""The directory in and out as an HSDS tabular datapackage, at national scale: SERVICES offers
(default 50,000) at half as many support points, laid out as in directory_search.py.

- `download`: `GET /api/v1/datapackage.zip`, read as a client reads it: the time to the
  first byte and to the last, its size, and Python's peak memory (tracemalloc) while the
  first fifth and while the rest are sent: flat when the two are alike;
- `import` (default 5,000 services): that datapackage imported into the emptied directory
  (the dry run, then the import, each timed), the directory approved and exported again and
  compared with the first export (a round trip at scale: must be identical but for
  last_modified), then the same file imported again (all unchanged);
- `import-csv` (default 5,000 services): our own CSV template, two offers a place and ten
  places an organisation, with addresses in the city's postcode areas and no coordinates
  (so every place is geocoded), imported into an empty directory, then again.

    .venv/bin/python benchmarks/open_data_exchange.py download [SERVICES]
    .venv/bin/python benchmarks/open_data_exchange.py import [SERVICES]
    .venv/bin/python benchmarks/open_data_exchange.py import-csv [SERVICES]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from collections import Counter  # noqa: E402

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import update  # noqa: E402

from benchmarks.directory_search import built_app  # noqa: E402
from partnernet.api import datapackage, imports  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo import locator  # noqa: E402
from partnernet.models import Organisation  # noqa: E402


def measure_download(app) -> None:
    client = app.test_client()
    started = time.perf_counter()
    response = client.get("/api/v1/datapackage.zip", buffered=False)
    assert response.status_code == 200
    first_byte = None
    pieces, sent, peaks = [], 0, []
    for chunk in response.response:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        pieces.append(len(chunk))
        sent += len(chunk)
    seconds = time.perf_counter() - started
    response.close()
    tracemalloc.start()
    # Memory apart from time: tracemalloc slows Python down by about half.
    response = client.get("/api/v1/datapackage.zip", buffered=False)
    for count, _chunk in enumerate(response.response, 1):
        if count == len(pieces) // 5:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.reset_peak()
    peaks.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    response.close()
    print(f"download of the datapackage: first byte after {first_byte * 1000:.0f} ms, "
          f"all {sent / 1e6:.1f} MB after {seconds:.1f} s ({len(pieces)} pieces); peak memory "
          f"while the first fifth is sent {peaks[0] / 1e6:.1f} MB, the rest "
          f"{peaks[-1] / 1e6:.1f} MB")


def measure_import(app) -> None:
    with app.test_request_context("/"), force_locale("nl"):
        first = b"".join(datapackage.stream())
        for table in ("offer_topics", "offer_support_points", "offer_languages",
                      "opening_periods", "closures", "offers", "support_points",
                      "organisations"):
            db.session.execute(db.metadata.tables[table].delete())
        db.session.commit()
        bundle, counts, (reading, checking, writing) = timed_import("partnernet-hsds.zip", first)
        print(f"import of {len(first) / 1e6:.1f} MB ({len(bundle.organisations)} organisations, "
              f"{len(bundle.places)} places, {len(bundle.offers)} services) into the emptied "
              f"directory: read {reading:.1f} s, dry run {checking:.1f} s, written "
              f"{writing:.1f} s; in all {reading + checking + writing:.1f} s")
        print_outcomes(counts)
        db.session.execute(update(Organisation).values(status="approved"))
        db.session.commit()
        second = b"".join(datapackage.stream())
        print(f"  round trip: the export after the import is "
              f"{'identical' if _same(first, second) else 'DIFFERENT'} (but for last_modified)")
        started = time.perf_counter()
        again = imports.plan(imports.read("partnernet-hsds.zip", first))
        print(f"the same file again: dry run in {time.perf_counter() - started:.1f} s; "
              f"outcomes {dict(Counter(line.outcome.value for line in again.lines))}")


def measure_csv_import(app, services: int) -> None:
    with app.app_context(), force_locale("nl"):
        areas = sorted(locator().gazetteer.postcodes)
        rows = ["organisatie;plek;straat;huisnummer;postcode;plaats;maandag;woensdag;aanbod;"
                "omschrijving;manieren;onderwerpen;talen"]
        for n in range(services):
            place = n // 2
            rows.append(f"Organisatie {place // 10};Hulppunt {place};Straat;{place % 200 + 1};"
                        f"{areas[place % len(areas)]} AB;Groningen;9:00-12:00;13:00-17:00;"
                        f"Hulp {n};Synthetisch aanbod;inloop|afspraak;digid|housing;nl|en")
        content = "\n".join(rows).encode()
        for attempt in ("into an empty directory", "again"):
            bundle, counts, (reading, checking, writing) = timed_import("aanbod.csv", content)
            print(f"our CSV, {len(content) / 1e6:.1f} MB ({len(bundle.organisations)} "
                  f"organisations, {len(bundle.places)} places geocoded, {len(bundle.offers)} "
                  f"offers), {attempt}: read and dry run {reading + checking:.1f} s, written "
                  f"{writing:.1f} s; in all {reading + checking + writing:.1f} s")
            print_outcomes(counts)


def timed_import(name: str, content: bytes):
    """The bundle, the outcomes, and the seconds reading, the dry run and writing took."""
    started = time.perf_counter()
    bundle = imports.read(name, content)
    read_at = time.perf_counter()
    plan = imports.plan(bundle)
    planned_at = time.perf_counter()
    counts = imports.apply(plan)
    return bundle, counts, (read_at - started, planned_at - read_at,
                            time.perf_counter() - planned_at)


def print_outcomes(counts: Counter) -> None:
    print("  outcomes: " + ", ".join(f"{kind} {outcome}: {count}"
                                     for (kind, outcome), count in sorted(counts.items())))


def _same(first: bytes, second: bytes) -> bool:
    import csv
    import io
    import zipfile

    def tables(package: bytes) -> dict:
        opened = zipfile.ZipFile(io.BytesIO(package))
        found = {}
        for name in opened.namelist():
            rows = list(csv.reader(io.StringIO(opened.read(name).decode())))
            if rows and "last_modified" in rows[0]:
                position = rows[0].index("last_modified")
                rows = [row[:position] + row[position + 1:] for row in rows]
            found[name] = rows
        return found
    before, after = tables(first), tables(second)
    for name in before:
        if before[name] != after.get(name):
            rows_before, rows_after = before[name], after.get(name, [])
            differing = [(old, new) for old, new in zip(rows_before, rows_after, strict=False)
                         if old != new]
            print(f"  {name}: {len(rows_before)} rows before, {len(rows_after)} after; "
                  f"first difference: {differing[:1]}")
    return before == after


def main(action: str, services: int) -> None:
    rng = random.Random(2026)
    # build() lays out two offers a place, pauses one in twenty and leaves one organisation
    # in twenty unapproved: about SERVICES are shown. Ten places an organisation.
    points = round(services / 2 / 0.95 / 0.95 / 10) * 10 if action != "import-csv" else 0
    app, seconds = built_app(points, rng)
    with app.app_context():
        print(f"database: {db.engine.dialect.name}, services: {2 * points} at {points} "
              f"support points (built in {seconds:.0f} s)")
        db.session.remove()
    if action == "download":
        measure_download(app)
    elif action == "import-csv":
        measure_csv_import(app, services)
    else:
        measure_import(app)


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else "download"
    main(chosen, int(sys.argv[2]) if len(sys.argv) > 2 else
         50_000 if chosen == "download" else 5_000)
