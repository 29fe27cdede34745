"""What pages cost to serve under load (issue 18, point 3): the app under gunicorn with 2
workers, on N support points laid out as in directory_search.py, and beside it a bare Flask
app (benchmarks/bare_flask.py) under gunicorn with the same settings, both driven by wrk with
16 connections in the same run:

- the bare Flask page: the anchor;
- the home page;
- the search page: searches a resident types in the city (the gazetteer's postcodes and
  places, some with a topic, a language or other filters, some on page 2), each connection
  going through them in turn, so the searches differ;
- the same searches again ("search again"): the workers have now built and planned each kind
  of search and kept the cards, as a worker that has run a while has.

Prints requests per second, the latency's median, p95 and p99, the responses that were not 200,
and each page's requests per second as a share of the bare app's.

    .venv/bin/python benchmarks/served_pages.py [POINTS] [SECONDS]

Needs wrk (Debian: `apt-get install wrk`). Uses a fresh SQLite file, or
PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database: the issue's figures are on
PostgreSQL, with 50,000 points).
"""

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("PARTNERNET_ENV", "development")

from sqlalchemy import select  # noqa: E402

from benchmarks import directory_search as layout  # noqa: E402
from benchmarks import nearest  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.geo import locator  # noqa: E402
from partnernet.models import Topic  # noqa: E402

WORKERS = 2
CONNECTIONS = 16
SEARCHES = 2000  # different search URLs the connections go through

WRK_SCRIPT = """
local paths = {%s}
local next_path = 1
init = function(args)
  next_path = math.random(#paths)
end
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  io.write(string.format("latency_ms %%.2f %%.2f %%.2f\\n", latency:percentile(50) / 1000,
                         latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app_path: str, environment: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn with WORKERS workers and the project's gunicorn.conf.py, access log discarded
    (it goes to stdout)."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", str(PROJECT / "gunicorn.conf.py"), "-w", str(WORKERS),
         "-b", f"127.0.0.1:{port}", app_path],
        cwd=PROJECT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app_path} did not start")


def process_stat(pid: int | str) -> tuple[str, list[str]] | None:
    """A process's name and the fields of /proc/PID/stat after it (state first), or None when
    it is gone. The name is cut at its last ")": it may hold spaces and brackets."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used (those gone since are skipped)."""
    stats = [stat for stat in map(process_stat, pids) if stat is not None]
    ticks = sum(int(fields[11]) + int(fields[12]) for _name, fields in stats)  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def processes(named: str | None = None, parent: int | None = None) -> list[int]:
    """Running processes with this name (comm) or this parent."""
    found = []
    for entry in Path("/proc").iterdir():
        stat = process_stat(entry.name) if entry.name.isdigit() else None
        if stat is not None and (stat[0] == named or int(stat[1][1]) == parent):  # ppid
            found.append(int(entry.name))
    return found


def drive(base: str, paths: list[str], seconds: int, folder: Path,
          server: subprocess.Popen) -> dict:
    """wrk on `paths`, and the CPU each request took in the server's workers and in
    PostgreSQL's processes on this machine (SQLite's work is in the workers')."""
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-s", str(script), base]
    subprocess.run([*command[:1], "-d", "3s", *command[1:]], check=True,
                   capture_output=True)  # warm-up, not counted
    workers = [server.pid, *processes(parent=server.pid)]
    database = processes(named="postgres")
    before = cpu_seconds(workers), cpu_seconds(database)
    output = subprocess.run([*command[:1], "-d", f"{seconds}s", *command[1:]], check=True,
                            capture_output=True, text=True).stdout
    after = cpu_seconds(workers), cpu_seconds(database)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    median, p95, p99 = (float(value) for value in
                        re.search(r"latency_ms (\S+) (\S+) (\S+)", output).groups())
    not_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+(\S+)", output).group(1)),
            "median": median, "p95": p95, "p99": p99,
            "not_ok": int(not_ok.group(1)) if not_ok else 0,
            "app_cpu": 1000 * (after[0] - before[0]) / requests,
            "database_cpu": 1000 * (after[1] - before[1]) / requests}


def search_paths(app, rng: random.Random) -> tuple[list[str], list[str]]:
    """The searches, and the same places as the floor page's ?lat=&lon=."""
    with app.app_context():
        gazetteer = locator().gazetteer
        topics = [code for (code,) in db.session.execute(select(Topic.code))]
    city = list(gazetteer.postcodes) + gazetteer.place_names()
    wheres = [rng.choice(city) for _ in range(SEARCHES)]
    places = [gazetteer.geocode(where) for where in wheres]
    return (layout.search_urls(wheres, topics, rng),
            [f"/?lat={place.latitude}&lon={place.longitude}" for place in places])


def main(points: int, seconds: int) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("needs wrk: apt-get install wrk")
    rng = random.Random(2026)
    app, building = layout.built_app(points, rng)
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        postgis = db.engine.dialect.name == "postgresql"
        print(f"database: {db.engine.dialect.name}, support points: {points:,} (built in "
              f"{building:.0f} s); gunicorn with {WORKERS} workers, wrk "
              f"with {CONNECTIONS} connections, {seconds} s per page")
        knn_sql = nearest.anchor_sql().replace(
            "SELECT support_points.id,", "SELECT support_points.name,", 1) if postgis else ""
        db.session.remove()
        db.engine.dispose()
    searches, floor_paths = search_paths(app, rng)
    environment = {**os.environ, "PARTNERNET_DATABASE_URL": url,
                   "PARTNERNET_RATELIMIT_ENABLED": "false", "PARTNERNET_BENCH_KNN_SQL": knn_sql}
    folder = Path(tempfile.mkdtemp(prefix="partnernet-served-"))
    servers = []
    try:
        bare_server, bare_base = serve("benchmarks.bare_flask:app", environment)
        servers.append(bare_server)
        app_server, app_base = serve("wsgi:app", environment)
        servers.append(app_server)
        if postgis:
            floor_server, floor_base = serve("benchmarks.bare_knn_page:app", environment)
            servers.append(floor_server)
        bare = drive(bare_base, ["/"], seconds, folder, bare_server)
        figures = {"bare Flask": bare,
                   "home page": drive(app_base, ["/"], seconds, folder, app_server),
                   "search page": drive(app_base, searches, seconds, folder, app_server),
                   # The same searches again: what a worker that has run a while serves, once
                   # its statements are built and planned and its cards kept.
                   "search again": drive(app_base, searches, seconds, folder, app_server)}
        if postgis:
            # The floor: the same places, one bare KNN statement and a list of 20 names.
            figures["bare KNN page"] = drive(floor_base, floor_paths, seconds, folder,
                                               floor_server)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    for name, result in figures.items():
        share = 100 * result["rps"] / bare["rps"]
        print(f"{name:12} {result['rps']:8.1f} requests/s ({share:5.1f} % of bare Flask) | "
              f"latency median {result['median']:6.1f} ms, p95 {result['p95']:6.1f} ms, "
              f"p99 {result['p99']:6.1f} ms | CPU per request: app {result['app_cpu']:.2f} ms"
              + (f", PostgreSQL {result['database_cpu']:.2f} ms" if postgis else "")
              + f" | not 200: {result['not_ok']}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 15)
