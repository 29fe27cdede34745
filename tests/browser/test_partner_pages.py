"""Registration, approval and account pages in a real Chromium, checked by axe-core."""

import re

import pytest

from partnernet.auth.tokens import INVITATION, PASSWORD_RESET, make_token
from partnernet.models import OrganisationStatus, Role
from partnernet.seed import DEMO_PASSWORD
from tests import factories
from tests.support.browser import axe_violations

pytestmark = pytest.mark.browser


def sign_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Mijn overzicht").wait_for()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_register_page_and_its_errors(live_server, page, lang):
    page.goto(f"{live_server}/register?lang={lang}")
    assert axe_violations(page) == []
    page.locator("button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == []


def test_staff_approve_a_registration_in_the_browser(runner, live_server, page):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    factories.create_organisation(name="Digihulp Selwerd", status=OrganisationStatus.PENDING,
                                  email="info@digihulp.example.org", contact_name="Ali")
    sign_in(page, live_server, "staff@example.org")
    page.get_by_role("link", name="Aanmeldingen om te beoordelen").click()
    page.get_by_role("heading", name="Digihulp Selwerd").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile(r"Afwijzen, met een reden\W+Digihulp Selwerd")).click()
    page.get_by_role("heading", name="De aanmelding van Digihulp Selwerd afwijzen").wait_for()
    assert axe_violations(page) == []
    page.go_back()
    page.get_by_role("button", name="Goedkeuren en de contactpersoon uitnodigen").click()
    page.get_by_text("Digihulp Selwerd is goedgekeurd.").wait_for()


def test_account_link_pages(live_server, page, db):
    user = factories.create_user(role=Role.COORDINATOR)
    for path in (f"/invite/{make_token(user, INVITATION)}",
                 f"/password/reset/{make_token(user, PASSWORD_RESET)}",
                 "/password/reset", "/invite/expired-or-wrong"):
        page.goto(live_server + path)
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coordinator_pages_have_no_accessibility_violations(runner, live_server, page, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "coordinator@example.org")
    for path in ("/partner", "/partner/organisation", "/partner/points/new"):
        page.goto(f"{live_server}{path}?lang={lang}")
        assert axe_violations(page) == [], path
    page.goto(f"{live_server}/partner/points/new?lang={lang}")
    page.locator("form button[type=submit]").last.click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "new point with errors"
    page.goto(f"{live_server}/partner?lang={lang}")
    page.locator("a[href$='/edit']").first.click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == [], "edit point"
