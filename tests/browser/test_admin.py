"""The administrators' pages in a real browser: axe finds no violations, in Dutch and English,
and an invitation with a mistake shows its error summary."""

import re
from pathlib import Path

import pytest

from tests.support.browser import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_administration_pages_pass_axe(demo, live_server, page, lang):
    sign_in(page, live_server, "admin@example.org")
    for path in ("/admin/", "/admin/users", "/admin/users?status=active", "/admin/settings",
                 "/admin/audit", "/admin/audit?start=x", "/admin/organisations", "/admin/topics",
                 "/admin/users/invite"):
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        assert axe_violations(page) == [], path
    page.locator("main button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "invitation with errors"

    page.goto(f"{live_server}/admin/users?lang={lang}")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r".*/admin/users/\d+"))
    assert axe_violations(page) == [], "an account"
    screenshot(page, f"admin-user-{lang}")
    for listing, detail in (("organisations", r".*/admin/organisations/\d+"),
                            ("topics", r".*/admin/topics/\d+")):
        page.goto(f"{live_server}/admin/{listing}?lang={lang}")
        page.locator("main table a").first.click()
        page.wait_for_url(re.compile(detail))
        assert axe_violations(page) == [], detail


def test_settings_with_mistakes_pass_axe(demo, live_server, page):
    sign_in(page, live_server, "admin@example.org")
    page.goto(f"{live_server}/admin/settings")
    page.locator("#retention_months").fill("0")
    page.locator("#municipality_contact_url").fill("gemeente")
    page.locator("main button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "admin-settings-errors")


def test_suspending_with_open_referrals_asks_first_and_passes_axe(demo, live_server, page):
    sign_in(page, live_server, "admin@example.org")
    page.goto(f"{live_server}/admin/organisations")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r".*/admin/organisations/\d+"))
    assert axe_violations(page) == [], "an organisation"
    page.locator("main form[action$='/suspend'] button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "suspension without a reason"
    page.locator("#reason").fill("Tijdelijk geen vrijwilligers")
    page.locator("main form[action$='/suspend'] button[type=submit]").click()
    page.get_by_role("button", name="Organisatie weer toelaten").wait_for()
    assert axe_violations(page) == [], "a suspended organisation"
    screenshot(page, "admin-organisation-suspended")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_import_from_upload_to_done_passes_axe(demo, live_server, page, lang):
    example = Path(__file__).parents[2] / "partnernet" / "data" / "import-example.csv"
    sign_in(page, live_server, "admin@example.org")
    page.goto(f"{live_server}/admin/import?lang={lang}")
    assert axe_violations(page) == [], "the upload page"
    page.locator("main button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "no file chosen"

    page.locator("input[type=file]").set_input_files(str(example))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/import/[0-9a-f-]{36}"))
    assert axe_violations(page) == [], "the dry run"
    screenshot(page, f"admin-import-dry-run-{lang}")
    for radio in page.locator("input[type=radio][value=create]").all():
        radio.check()
    page.locator("main form button[type=submit]").last.click()
    page.locator("[role=status]").last.wait_for()
    assert page.locator("progress").last.get_attribute("value") == \
        page.locator("progress").last.get_attribute("max")
    assert axe_violations(page) == [], "the import done"
    screenshot(page, f"admin-import-done-{lang}")
