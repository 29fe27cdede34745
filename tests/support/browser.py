"""Browser fixtures: the app served on 127.0.0.1 in a thread, and Debian's Chromium driven by
Playwright (never a downloaded browser). Without Chromium the browser tests are skipped, unless
PARTNERNET_REQUIRE_BROWSER=1 (as in CI), where they fail instead."""

import json
import os
import re
import shutil
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PARTNERNET_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@contextmanager
def serving(body: bytes, content_type: str):
    """Another local server than the app's, which answers every GET with `body`; its port."""
    class Answer(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("PARTNERNET_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(runner):
    """The demo data `make run` shows: its organisations, places and one account per role."""
    result = runner.invoke(args=["partnernet", "seed-demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def wait_until(page, expression: str, timeout_ms: int = 5000) -> None:
    """Poll a JavaScript expression until it is true. page.wait_for_function would eval it,
    which the app's Content-Security-Policy (rightly) forbids."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(timeout_ms // 50):
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError:
            pass  # the page was being replaced by the next one: ask again
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the page, each described so a failure says what to fix."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, so the page's CSP allows it
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"""
    )
    return [
        f"{v['id']}: {v['help']} at {json.dumps([n['target'] for n in v['nodes']])}"
        for v in violations
    ]


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def screenshot(page, name: str) -> None:
    """A full-page screenshot in test-artifacts/, for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def ask_for_help(page, live_server, lang: str, postcode: str = "9741 AB",
                 email: str | None = None) -> str:
    """A resident fills in /help (asking for e-mail updates when `email` is given) and sends
    it; returns the reference code the thank-you page shows."""
    page.goto(f"{live_server}/help?lang={lang}")
    page.locator("#resident_name").fill("Piet Jansen")
    if email:
        page.locator("#resident_email").fill(email)
        page.locator("#email_updates").check()
    else:
        page.locator("#resident_phone").fill("06 1234 5678")
    page.locator("#postcode").fill(postcode)
    page.locator("#need_description").fill("Ik snap een brief niet.")
    page.locator("#consent").check()
    page.locator("main form button[type=submit]").click()
    return page.locator(".pn-reference").inner_text()


# Second factors set up during a test, by (server, e-mail): the demo's staff set theirs up at
# their first sign-in, as a real new staff member would.
_secrets: dict[tuple[str, str], str] = {}


def sign_in(page, live_server: str, email: str, password: str | None = None,
            secret: str | None = None) -> None:
    """Sign in through the pages, setting up the second factor when asked (its secret read
    from the set-up page, as someone would type it into their app), ending on the overview."""
    from partnernet.auth.second_factor import code_for, time_step
    from partnernet.clock import utcnow
    from partnernet.seed import DEMO_PASSWORD

    page.goto(live_server + "/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/(login/set-up|login/code|dashboard)"))
    if "/login/set-up" in page.url:
        secret = page.locator(".pn-secret").inner_text().replace(" ", "")
        _secrets[live_server, email] = secret
        page.get_by_label("Code uit de app").fill(code_for(secret, time_step(utcnow())))
        page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
        page.get_by_role("link", name="Ik heb mijn codes bewaard: verder").click()
    elif "/login/code" in page.url:
        secret = secret or _secrets[live_server, email]
        # One step ahead: a code works once, and this test may have used the current one.
        page.get_by_label("Code").fill(code_for(secret, time_step(utcnow()) + 1))
        page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn overzicht").wait_for()
