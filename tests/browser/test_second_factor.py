"""A staff member sets up two-step verification in a real browser, then signs in with a code
from the app and with a recovery code; axe checks each page in Dutch and English."""

import re

import pyotp
import pytest

from partnernet.auth.second_factor import code_for, time_step
from partnernet.clock import utcnow
from partnernet.seed import DEMO_PASSWORD
from tests.support.browser import axe_violations, screenshot

pytestmark = pytest.mark.browser


def give_password(page, live_server, lang="nl"):
    page.goto(f"{live_server}/login?lang={lang}")
    page.locator("input[name=email]").fill("staff@example.org")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/login/(set-up|code)"))


def sign_out(page):
    page.locator("header button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/signed-out"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_staff_set_up_two_step_verification_and_sign_in_with_code_and_recovery_code(
        demo, live_server, page, lang):
    give_password(page, live_server, lang)
    assert "/login/set-up" in page.url
    assert axe_violations(page) == []
    screenshot(page, f"second-factor-set-up-{lang}")
    secret = page.locator(".pn-secret").inner_text().replace(" ", "")
    assert page.locator("img.pn-qr").evaluate("image => image.naturalWidth") > 100

    page.locator("input[name=code]").fill("000000")
    page.locator("main button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == []

    page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    page.locator("main button[type=submit]").click()
    page.locator(".pn-recovery-codes code").first.wait_for()
    codes = page.locator(".pn-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    screenshot(page, f"second-factor-recovery-codes-{lang}")
    page.locator("main a.pn-button-link").click()
    page.wait_for_url(f"{live_server}/dashboard")

    sign_out(page)
    give_password(page, live_server, lang)
    assert "/login/code" in page.url
    assert axe_violations(page) == []
    page.locator("input[name=code]").fill(code_for(secret, time_step(utcnow()) + 1))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/dashboard")

    sign_out(page)
    give_password(page, live_server, lang)
    page.locator("input[name=code]").fill(codes[0])
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server}/dashboard")

    page.goto(f"{live_server}/account/two-factor")
    assert axe_violations(page) == []
    assert "9" in page.locator("main").inner_text()
