"""What a person sees: a real Chromium signs in and out, and axe-core checks the pages."""

from pathlib import Path

import pytest

from partnernet.seed import DEMO_PASSWORD
from tests.support.browser import axe_violations, wait_until

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_demo_coordinator_signs_in_and_out(demo, live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Inloggen voor partners en medewerkers").click()
    page.get_by_label("E-mailadres").fill("coordinator@example.org")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn overzicht").wait_for()
    assert "WIJS" in page.locator("main").inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="U bent uitgelogd").wait_for()
    page.goto(live_server + "/dashboard")
    assert page.url.startswith(live_server + "/login")


def test_wrong_password_shows_the_error_summary(demo, live_server, page):
    page.goto(live_server + "/login")
    page.get_by_label("E-mailadres").fill("coordinator@example.org")
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("button", name="Inloggen").click()
    summary = page.get_by_role("alert")
    assert "Er is een probleem" in summary.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "coordinator@example.org"
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/login", "/about", "/?lang=en", "/no-such-page",
                                  "/privacy", "/privacy?lang=en", "/toegankelijkheid",
                                  "/toegankelijkheid?lang=en"])
def test_pages_have_no_accessibility_violations(live_server, page, path):
    page.goto(live_server + path)
    SCREENSHOTS.mkdir(exist_ok=True)
    name = path.strip("/").replace("?", "_").replace("=", "-") or "home"
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert axe_violations(page) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement?.id === 'main'")


def test_pages_make_no_request_to_another_host(live_server, page):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for path in ("/", "/login", "/about"):
        page.goto(live_server + path)
    assert hosts == {live_server.split("/")[2]}


def test_focus_moves_to_the_error_summary_after_a_failed_submit(live_server, page):
    page.goto(live_server + "/login")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("alert").wait_for()
    # forms.js runs after the page has loaded: wait for it to move focus, do not race it
    wait_until(page, "document.activeElement?.classList.contains('pn-error-summary')")
    page.get_by_role("link", name="Vul uw e-mailadres in.").click()
    wait_until(page, "document.activeElement?.id === 'email'")
