"""The pages of logged help and its figures in a real Chromium: axe-core finds nothing in
either language, nothing scrolls sideways at 360 pixels, the export downloads, and a follow-up
can be picked up from the staff queue."""

import pytest

from tests.support.browser import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser
YEAR = "start=2026-01-01&end=2026-12-31"
COORDINATOR_PAGES = ("/partner/figures?" + YEAR, "/partner/assistance?" + YEAR)
STAFF_PAGES = ("/staff/figures?" + YEAR, "/staff/figures/services?" + YEAR,
               "/staff/figures/referrals?" + YEAR, "/staff/figures/searches?" + YEAR,
               "/staff/assistance?" + YEAR, "/staff/follow-ups", "/staff/services",
               "/staff/services/1/edit", "/staff/referrals")


def check(page, url: str, name: str) -> None:
    page.goto(url)
    assert axe_violations(page) == [], url
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") == 360, url
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coordinator_figures_and_logs(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "coordinator@example.org")
    for path in COORDINATOR_PAGES:
        check(page, f"{live_server}{path}&lang={lang}",
              f"coordinator-{path.split('?')[0].strip('/').replace('/', '-')}-{lang}-360")
    page.goto(f"{live_server}/partner/assistance?{YEAR}&lang=nl")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "partnernet-2026-01-01-2026-12-31.csv"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_staff_figures_follow_ups_and_services(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "staff@example.org")
    for path in STAFF_PAGES:
        separator = "&" if "?" in path else "?"
        check(page, f"{live_server}{path}{separator}lang={lang}",
              f"staff-{path.split('?')[0].strip('/').replace('/', '-')}-{lang}-360")


def test_staff_pick_up_a_follow_up_from_the_queue(runner, live_server, page):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "staff@example.org")
    page.goto(live_server + "/staff/referrals")
    buttons = page.get_by_role("button", name="Opgepakt")
    waiting = int(page.locator("h2 .pn-badge").inner_text())  # the queue shows the oldest 5
    assert buttons.count() == min(waiting, 5) >= 1
    buttons.first.click()
    page.get_by_text("Gemarkeerd als opgepakt.").wait_for()
    assert int(page.locator("h2 .pn-badge").inner_text()) == waiting - 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_public_figures_without_an_account(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    check(page, f"{live_server}/figures?lang={lang}", f"public-figures-{lang}-360")
    check(page, f"{live_server}/figures?quarter=2026-Q5&lang={lang}",
          f"public-figures-bad-quarter-{lang}-360")
    page.goto(f"{live_server}/figures?lang={lang}")
    page.select_option("#quarter", index=1)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**quarter=**")  # on a busy machine the new page comes after the click
    assert page.locator(".pn-key-figures").count() == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_council_report_on_screen_and_on_a4(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "staff@example.org")
    check(page, f"{live_server}/staff/report?lang={lang}", f"staff-report-{lang}-360")
    check(page, f"{live_server}/staff/report?period=2026-Q5&lang={lang}",
          f"staff-report-bad-period-{lang}-360")
    page.goto(f"{live_server}/staff/report?period=2026&lang={lang}")
    page.locator("[data-print]").wait_for(state="visible")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less its margins, at 96 dpi
    assert not page.locator(".pn-header").is_visible()
    assert not page.locator(".pn-report-tools").is_visible()
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.pn-report table')]"
                           ".map(table => table.getBoundingClientRect().right))")
    assert widest <= 718  # no table is cut at the edge of the paper
    screenshot(page, f"staff-report-print-{lang}")
    page.emulate_media(media="screen")
