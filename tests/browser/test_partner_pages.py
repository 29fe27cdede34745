"""Registration, approval and account pages in a real Chromium, checked by axe-core."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from partnernet.models import InformationReport, OrganisationStatus, Role, SupportPoint
from partnernet.tokens import INVITATION, PASSWORD_RESET, make_token
from tests import factories
from tests.support.browser import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


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


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_staff_pages_have_no_accessibility_violations(runner, live_server, page, db, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    outdated = db.session.scalars(select(SupportPoint).limit(2)).all()
    for point in outdated:
        point.assured_date = date(2025, 1, 1)
    db.session.add(InformationReport(organisation_id=outdated[0].organisation_id,
                                     subject="support_point", subject_name=outdated[0].name,
                                     message="De openingstijden kloppen niet."))
    db.session.commit()
    sign_in(page, live_server, "staff@example.org")
    for path in ("/staff/organisations", f"/staff/organisations/{outdated[0].organisation_id}",
                 "/staff/stale", "/dashboard"):
        page.goto(f"{live_server}{path}?lang={lang}")
        assert axe_violations(page) == [], path
        if lang == "nl":
            assert fits_a_phone(page, "staff" + path.replace("/", "-")), path


def fits_a_phone(page, name: str) -> bool:
    """Screenshot at 360 px wide; wide tables scroll in their own box, the page itself not."""
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, f"{name}-360")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return width == 360


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
    for path in ("/partner", "/partner/organisation", "/partner/points/new",
                 "/partner/offers/new", "/partner/volunteers", "/account/name"):
        page.goto(f"{live_server}{path}?lang={lang}")
        assert axe_violations(page) == [], path
        if lang == "nl":
            assert fits_a_phone(page, "coordinator" + path.replace("/", "-")), path
    page.goto(f"{live_server}/partner/volunteers?lang={lang}")
    page.locator("form button[type=submit]").last.click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "invite a volunteer with errors"
    page.goto(f"{live_server}/partner/points/new?lang={lang}")
    page.locator("form button[type=submit]").last.click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "new point with errors"
    page.goto(f"{live_server}/partner/offers/new?lang={lang}")
    page.locator("form button[type=submit]").last.click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "new offer with errors"
    page.goto(f"{live_server}/partner?lang={lang}")
    page.locator("a[href*='/offers/'][href$='/edit']").first.click()
    page.locator("h1").wait_for()
    assert axe_violations(page) == [], "edit offer"
    page.goto(f"{live_server}/partner?lang={lang}")
    page.locator("a[href*='/points/'][href$='/edit']").first.click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == [], "edit point"


def test_register_approve_invite_add_place_and_help_then_residents_find_it(
        runner, live_server, page, chromium, db):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    # 1. The organisation registers.
    page.goto(live_server + "/register")
    for label, value in [("Naam van de organisatie", "Digihulp Ten Boer"),
                         ("Over uw organisatie", "Vrijwilligers helpen in het dorpshuis."),
                         ("Welke hulp geeft u?", "DigiD en brieven."),
                         ("Contactpersoon", "Fenna Bakker"),
                         ("E-mailadres van de contactpersoon", "fenna@example.org"),
                         ("Telefoonnummer", "050 111 2222")]:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw aanmelding").wait_for()
    # 2. Staff approve it.
    staff = chromium.new_context(locale="nl-NL").new_page()
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(live_server + "/staff/registrations")
    staff.get_by_role("button", name="Goedkeuren en de contactpersoon uitnodigen").click()
    staff.get_by_text("Digihulp Ten Boer is goedgekeurd.").wait_for()
    staff.context.close()
    # 3. The coordinator accepts the invitation.
    from sqlalchemy import select

    from partnernet.models import OutboxMessage
    body = db.session.scalar(select(OutboxMessage.body).where(
        OutboxMessage.body.contains("/invite/")))
    page.goto(live_server + re.search(r"https?://[^/\s]+(/invite/\S+)", body).group(1))
    page.get_by_label("Nieuw wachtwoord").fill("fenna kiest een lang wachtwoord")
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill("fenna kiest een lang wachtwoord")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_role("heading", name="Mijn overzicht").wait_for()
    # 4. They add a place with opening hours, and help given there.
    page.goto(live_server + "/partner/points/new")
    for label, value in [("Naam van de plaats", "Dorpshuis Ten Boer"), ("Straat", "Stationsweg"),
                         ("Huisnummer", "1"), ("Postcode", "9791 AA"),
                         ("Maandag", "9:00-12:00, 13:00-17:00")]:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Dorpshuis Ten Boer is opgeslagen.").wait_for()
    page.goto(live_server + "/partner/offers/new")
    page.get_by_label("Welke hulp geeft u? (titel)").fill("DigiD-spreekuur in het dorp")
    page.get_by_label("Beschrijving").fill("Samen uw DigiD regelen.")
    page.get_by_label("DigiD", exact=True).check()
    page.get_by_label("Binnenlopen zonder afspraak").check()
    page.get_by_label("Dorpshuis Ten Boer").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("DigiD-spreekuur in het dorp is opgeslagen.").wait_for()
    # 5. A resident finds it.
    page.goto(live_server + "/search?where=Ten+Boer&topic=digid")
    assert page.locator(".pn-result__name a").first.inner_text() == "Dorpshuis Ten Boer"
