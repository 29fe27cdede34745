"""Staff find a resident's records, see, export and correct them in a real browser; axe finds
no violations on these pages, in Dutch and English."""

import re

import pytest

from tests import factories
from tests.support.browser import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_resident_s_records_pass_axe(demo, live_server, page, lang):
    referral = factories.create_referral(state="completed", resident_email="jannie@example.org")
    sign_in(page, live_server, "staff@example.org")
    page.goto(f"{live_server}/staff/residents?lang={lang}")
    assert axe_violations(page) == [], "search"
    page.locator("#term").fill("Jannie@example.org")
    page.locator("main button[type=submit]").click()
    page.get_by_role("link", name=referral.reference).click()
    page.wait_for_url(re.compile(r".*/resident$"))
    assert axe_violations(page) == [], "the resident's records"
    screenshot(page, f"resident-records-{lang}")
    for path in ("/resident/export", "/resident/correct"):
        page.goto(f"{live_server}/staff/referrals/{referral.id}{path}")
        assert axe_violations(page) == [], path
    page.locator("#resident_name").fill("")
    page.locator("main button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "correction with an error"
