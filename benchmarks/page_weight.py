"""What a resident's browser downloads: the demo on a fresh SQLite file, served by the app
itself (compression and caching as in production), loaded in Debian's Chromium through
Playwright. Prints the bytes transferred (headers and compressed bodies) for a first visit and
a repeat visit of the home page, a results page and a point page, on a phone (360 x 640) and a
desktop screen (1280 x 900). The boundaries file is counted apart: the browser keeps it.

    .venv/bin/python benchmarks/page_weight.py [CHROMIUM]

Targets (issue 16): results page <= 60 KB on a first visit without the boundaries file, <= 15 KB
on a repeat visit."""

import logging
import os
import shutil
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from benchmarks.common import bench_app  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.seed import seed_demo  # noqa: E402

SCREENS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 900}}
BOUNDARIES = "boundaries_groningen"


def demo_server() -> tuple[str, object]:
    app = bench_app()
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


class Transfers:
    """Bytes on the wire per request of one page load: headers plus the (compressed) body."""

    def __init__(self, page):
        self.rows: list[tuple[str, int]] = []
        page.on("requestfinished", self._add)

    def _add(self, request):
        sizes = request.sizes()
        if request.url.startswith("data:"):
            return
        self.rows.append((request.url, sizes["responseHeadersSize"] + sizes["responseBodySize"]))

    def take(self) -> tuple[int, int]:
        """(everything but the boundaries, the boundaries); then starts afresh."""
        other = sum(size for url, size in self.rows if BOUNDARIES not in url)
        boundaries = sum(size for url, size in self.rows if BOUNDARIES in url)
        self.rows = []
        return other, boundaries


def scroll_through(page) -> None:
    """As a resident reads on: the map below the list loads when it comes near."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(1500)


def measure(browser, base: str, screen: str, path: str) -> tuple[int, int, int]:
    context = browser.new_context(viewport=SCREENS[screen], locale="nl-NL")
    page = context.new_page()
    transfers = Transfers(page)
    page.goto(base + path, wait_until="networkidle")
    first, boundaries = transfers.take()
    scroll_through(page)
    scrolled, scrolled_boundaries = transfers.take()
    page.goto(base + path, wait_until="networkidle")
    scroll_through(page)
    repeat, _ = transfers.take()
    context.close()
    return first + scrolled, boundaries + scrolled_boundaries, repeat


def point_path(base: str, browser) -> str:
    page = browser.new_page()
    page.goto(base + "/search?where=Haren")
    href = page.locator(".pn-result__name a").first.get_attribute("href")
    page.close()
    return href


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    chromium = sys.argv[1] if len(sys.argv) > 1 else shutil.which("chromium")
    base, server = demo_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            pages = {"home": "/", "results": "/search?where=9741&topic=digid",
                     "point": point_path(base, browser)}
            print(f"{'page':8} {'screen':8} {'first visit':>12} {'boundaries':>11} "
                  f"{'repeat visit':>13}")
            for name, path in pages.items():
                for screen in SCREENS:
                    first, boundaries, repeat = measure(browser, base, screen, path)
                    print(f"{name:8} {screen:8} {first / 1024:9.1f} KB {boundaries / 1024:8.1f} KB"
                          f" {repeat / 1024:10.1f} KB")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
