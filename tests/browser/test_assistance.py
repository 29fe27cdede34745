"""A volunteer on a phone logs help in a few taps; axe-core finds nothing on the pages."""

import pytest
from sqlalchemy import func, select

from partnernet.models import AssistanceLog, User
from tests.support.browser import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_volunteer_logs_help_on_a_phone_in_under_ten_interactions(runner, live_server,
                                                                    page, db):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    logged_before = logs_of(db, "volunteer@example.org")
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, "volunteer@example.org")
    page.goto(live_server + "/log/new")
    assert axe_violations(page) == [], "log help"
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    screenshot(page, "log-help-360")
    interactions = 0
    for action in (lambda: page.get_by_label("DigiD", exact=True).check(),
                   lambda: page.get_by_label("30 minuten").check(),
                   lambda: page.get_by_label("Opgelost", exact=True).check(),
                   lambda: page.get_by_role("button", name="Opslaan en nog een registreren")
                   .click()):
        action()
        interactions += 1
    page.get_by_text("De hulp is geregistreerd.").wait_for()
    assert interactions < 10
    assert axe_violations(page) == [], "log another"
    page.goto(live_server + "/log")
    assert axe_violations(page) == [], "own logs"
    assert logs_of(db, "volunteer@example.org") == logged_before + 1


def logs_of(db, email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AssistanceLog).join(
        User, User.id == AssistanceLog.volunteer_id).where(User.email == email))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_log_form_with_errors_is_accessible(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "volunteer@example.org")
    page.goto(f"{live_server}/log/new?lang={lang}")
    page.locator(".pn-log-form button[type=submit]").first.click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == []
