"""Issue 14's walk, in a real Chromium with axe-core on every page, in Dutch and English: a
resident asks for help, staff pick it up and send it to an organisation without accounts, which
answers through its link and declines with an alternative; staff send it elsewhere; the partner
accepts and completes; the resident sees it closed and answers the one question."""

import re

import pytest
from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.models import Organisation, OutboxMessage
from tests.support.browser import ask_for_help, axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser
HAREN = "Computerhulp aan huis Haren (voorbeeld)"
HAREN_ADDRESS = "info@computerhulp-haren.example.org"


def _checked(page, what: str) -> None:
    assert axe_violations(page) == [], what


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_request_is_helped_further_until_the_resident_answers(runner, live_server, db,
                                                                chromium, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    haren = db.session.scalar(select(Organisation).where(Organisation.name == HAREN))
    haren.email, haren.email_verified_at = HAREN_ADDRESS, utcnow()  # confirmed earlier
    db.session.commit()

    resident = chromium.new_context(locale="nl-NL").new_page()
    reference = ask_for_help(resident, live_server, lang, postcode="9751 AB",
                             email="piet@example.org")
    _checked(resident, "thanks")

    staff = chromium.new_context(locale="nl-NL").new_page()
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(f"{live_server}/staff/referrals?lang={lang}")
    staff.get_by_role("link", name=reference).click()
    staff.locator("form[action$='/pick-up'] button").click()
    staff.locator(".pn-flashes").wait_for()
    referral_url = staff.url.split("?")[0]
    _checked(staff, "picked up")
    staff.locator("#proposals ~ ol form[action$='/send'] button",
                  has_text="Computerhulp").first.click()
    staff.locator(".pn-flashes").wait_for()
    _checked(staff, "sent to an organisation without accounts")

    body = db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.recipient == HAREN_ADDRESS)).all()[-1]
    answer = re.search(r"https?://[^/\s]+(/answer/\S+)", body).group(1)
    partner = chromium.new_context(locale="nl-NL").new_page()
    partner.goto(f"{live_server}{answer.split('?')[0]}?lang={lang}")
    partner.locator("input[name=decline-reason]").first.wait_for()
    _checked(partner, "answer by link")
    screenshot(partner, f"answer-by-link-{lang}")
    partner.locator("input[name=decline-reason][value=not_our_help]").check()
    partner.locator("#decline-alternative").fill("WIJS in de stad")
    partner.locator("form[action$='/decline'] button").click()
    partner.locator(".pn-flashes").wait_for()
    _checked(partner, "answered by link")
    partner.context.close()

    staff.goto(f"{referral_url}?lang={lang}")
    assert "WIJS in de stad" in staff.locator("h1 ~ .pn-notice").inner_text()
    _checked(staff, "returned with the alternative")
    staff.locator("form[action$='/send'] button", has_text="WIJS").first.click()
    staff.locator(".pn-flashes").wait_for()

    coordinator = chromium.new_context(locale="nl-NL").new_page()
    sign_in(coordinator, live_server, "coordinator@example.org")
    coordinator.goto(f"{live_server}/partner/referrals?lang={lang}")
    _checked(coordinator, "inbox")
    coordinator.get_by_role("link", name=reference).click()
    coordinator.locator("form[action$='/accept'] button").click()
    coordinator.locator("form[action$='/complete']").wait_for()
    coordinator.locator("input[name=complete-outcome][value=helped]").check()
    coordinator.locator("form[action$='/complete'] button").click()
    coordinator.locator(".pn-flashes").wait_for()
    coordinator.goto(f"{live_server}/partner/referrals?show=closed&lang={lang}")
    assert coordinator.get_by_role("link", name=reference).is_visible()
    _checked(coordinator, "closed tab")
    coordinator.context.close()

    resident.goto(f"{live_server}/status?lang={lang}")
    resident.locator("#reference").fill(reference)
    resident.locator("#postcode").fill("9751ab")
    resident.locator("main form:not([action]) button[type=submit]").click()
    resident.locator("input[name=answer]").first.wait_for()
    _checked(resident, "closed, with the question")
    resident.locator("input[name=answer][value=yes]").check()
    resident.locator("form[action*='/status/feedback/'] button[type=submit]").click()
    resident.get_by_role("heading", level=1).wait_for()
    assert "/status/feedback/thanks" in resident.url
    _checked(resident, "thanks for the answer")
    subjects = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient == "piet@example.org")).all()
    assert len(subjects) == 4  # sent, sent again, accepted, closed
    assert db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.body.contains("Piet Jansen"))) is None
    staff.context.close()
    resident.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_someone_from_an_organisation_asks_to_manage_its_listing(runner, live_server, db,
                                                                  chromium, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    haren = db.session.scalar(select(Organisation).where(Organisation.name == HAREN))
    person = chromium.new_context(locale="nl-NL").new_page()
    person.goto(f"{live_server}/organisations/{haren.public_id}?lang={lang}")
    person.locator(f"a[href$='/organisations/{haren.public_id}/claim']").click()
    person.locator("#name").wait_for()
    _checked(person, "claim form")
    person.locator("main form button[type=submit]").click()
    person.locator(".pn-error-summary").wait_for()
    _checked(person, "claim form with errors")
    person.locator("#name").fill("Henk de Vries")
    person.locator("#email").fill("henk@computerhulp-haren.example.org")
    person.locator("main form button[type=submit]").click()
    person.get_by_role("heading", level=1).wait_for()
    _checked(person, "claim sent")
    person.context.close()

    staff = chromium.new_context(locale="nl-NL").new_page()
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(f"{live_server}/staff/registrations?lang={lang}")
    assert "Henk de Vries" in staff.locator("#claims ~ section").first.inner_text()
    _checked(staff, "registrations with a claim")
    staff.locator("form[action$='/approve'] button").last.click()
    staff.locator(".pn-flashes").wait_for()
    _checked(staff, "claim approved")
    staff.context.close()
