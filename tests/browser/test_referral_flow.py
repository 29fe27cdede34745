"""Staff refer a resident, the partner accepts and completes, staff see the loop closed: in a
real Chromium, with axe-core on every page."""

import pytest

from tests.support.browser import ask_for_help, axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_staff_refer_partner_accepts_and_completes_staff_see_it_closed(runner, live_server,
                                                                       page, chromium):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    sign_in(page, live_server, "staff@example.org")
    page.get_by_role("link", name="Een inwoner doorverwijzen").click()
    page.get_by_role("heading", name="Een inwoner doorverwijzen").wait_for()
    assert axe_violations(page) == [], "new referral"
    page.get_by_role("button", name="Doorverwijzing opslaan").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "new referral with errors"
    page.get_by_label("Naam van de inwoner").fill("Jannie de Boer")
    page.get_by_label("Telefoonnummer").fill("06 1234 5678")
    page.get_by_label("Postcode van de inwoner").fill("9712 KN")
    page.locator("#topic").select_option("digid")
    page.get_by_label("Wat heeft de inwoner nodig?").fill("Hulp bij DigiD aanvragen.")
    page.locator("#consent").check()
    page.get_by_role("button", name="Doorverwijzing opslaan").click()
    page.get_by_role("heading", name="Waar kan de inwoner terecht?").wait_for()
    assert axe_violations(page) == [], "referral with proposals"
    screenshot(page, "referral-staff-proposals")
    page.get_by_role("button", name="Verstuur naar WIJS").first.click()
    page.get_by_text("De doorverwijzing is verstuurd naar").wait_for()
    referral_url = page.url

    partner = chromium.new_context(locale="nl-NL").new_page()
    sign_in(partner, live_server, "coordinator@example.org")
    partner.goto(live_server + "/partner/referrals")
    assert axe_violations(partner) == [], "inbox"
    partner.locator("tbody a").first.click()
    partner.get_by_role("heading", name="Kunt u helpen?").wait_for()
    assert axe_violations(partner) == [], "referral, sent"
    partner.get_by_role("button", name="Ja, wij nemen haar aan").click()
    partner.get_by_role("heading", name="Contact met de inwoner").wait_for()
    assert axe_violations(partner) == [], "referral, accepted"
    screenshot(partner, "referral-partner-accepted")
    partner.get_by_label("Geholpen", exact=True).check()
    partner.get_by_role("button", name="Afronden").click()
    partner.get_by_text("De doorverwijzing is afgerond.").wait_for()
    partner.context.close()

    page.goto(referral_url)
    assert page.locator("h1 + p strong").inner_text() == "Afgerond"
    assert axe_violations(page) == [], "referral, completed"
    page.goto(live_server + "/staff/referrals")
    assert axe_violations(page) == [], "queue"
    assert page.get_by_text("Geen open doorverwijzingen.").is_visible()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_resident_asks_for_help_and_looks_it_up(live_server, page, db, lang):
    page.goto(f"{live_server}/help?lang={lang}")
    assert axe_violations(page) == [], "help"
    page.locator("form button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "help with errors"
    page.locator("#resident_name").fill("Piet Jansen")
    page.locator("#resident_phone").fill("06 1234 5678")
    page.locator("#postcode").fill("9741 AB")
    page.locator("#need_description").fill("Ik snap een brief niet.")
    page.locator("#consent").check()
    page.locator("form button[type=submit]").click()
    page.locator(".pn-reference").wait_for()
    assert axe_violations(page) == [], "thanks"
    reference = page.locator(".pn-reference").inner_text()
    if lang == "nl":
        screenshot(page, "help-thanks")
    page.goto(f"{live_server}/status?lang={lang}")
    page.locator("#reference").fill(reference)
    page.locator("#postcode").fill("9741ab")
    page.locator("form button[type=submit]").click()
    page.locator(".pn-notice").wait_for()
    assert axe_violations(page) == [], "status"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_staff_pick_up_a_residents_request_and_an_admin_sets_due_times(runner, live_server,
                                                                        page, chromium, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    reference = ask_for_help(page, live_server, lang)

    page.goto(f"{live_server}/?lang=nl")  # signing in reads the Dutch labels
    sign_in(page, live_server, "staff@example.org")
    page.goto(f"{live_server}/staff/referrals?lang={lang}")
    assert axe_violations(page) == [], "queue with a new request"
    page.get_by_role("link", name=reference).click()
    page.locator("form[action$='/pick-up'] button").click()
    page.locator(".pn-flashes").wait_for()
    assert axe_violations(page) == [], "referral, picked up"
    page.goto(f"{live_server}/staff/referrals?show=mine&lang={lang}")
    assert page.get_by_role("link", name=reference).is_visible()
    assert axe_violations(page) == [], "my referrals"
    page.set_viewport_size({"width": 360, "height": 740})
    row = page.locator("tbody tr").first
    assert row.locator("td").nth(1).is_visible() and row.locator("td").nth(2).is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})

    admin = chromium.new_context(locale="nl-NL").new_page()
    sign_in(admin, live_server, "admin@example.org")
    admin.goto(f"{live_server}/staff/referrals/due-times?lang={lang}")
    assert axe_violations(admin) == [], "due times"
    admin.locator("#answer").fill("0")
    admin.locator("main form button[type=submit]").click()
    admin.locator(".pn-error-summary").wait_for()
    assert axe_violations(admin) == [], "due times with an error"
    admin.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_resident_hears_their_request_closed_and_answers_the_question(runner, live_server,
                                                                         page, chromium, lang):
    assert runner.invoke(args=["partnernet", "seed-demo"]).exit_code == 0
    reference = ask_for_help(page, live_server, lang, email="piet@example.org")
    assert axe_violations(page) == [], "thanks, with updates asked for"

    staff = chromium.new_context(locale="nl-NL").new_page()
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(f"{live_server}/staff/referrals?lang={lang}")
    staff.get_by_role("link", name=reference).click()
    staff.locator("form[action$='/send'] button").first.click()
    staff.locator(".pn-flashes").wait_for()
    assert axe_violations(staff) == [], "referral, sent, can be sent elsewhere"
    staff.locator("#note").fill("Zelf al geholpen")
    staff.locator("form[action$='/cancel'] button").click()
    staff.locator(".pn-flashes").wait_for()

    page.goto(f"{live_server}/status?lang={lang}")
    page.locator("#reference").fill(reference)
    page.locator("#postcode").fill("9741ab")
    page.locator("main form:not([action]) button[type=submit]").click()
    page.locator("input[name=answer]").first.wait_for()
    assert axe_violations(page) == [], "status, closed, with the question"
    page.locator("form[action*='/status/feedback/'] button[type=submit]").click()
    page.locator(".pn-error-summary").wait_for()
    assert axe_violations(page) == [], "question with an error"
    page.locator("input[name=answer][value=partly]").check()
    page.locator("form[action*='/status/feedback/'] button[type=submit]").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/status/feedback/thanks" in page.url
    assert axe_violations(page) == [], "thanks for the answer"

    staff.goto(f"{live_server}/staff/figures/feedback?lang={lang}")
    assert staff.locator("tbody tr").first.inner_text().split("\t")[-1].strip() == "1"
    assert axe_violations(staff) == [], "feedback figures"
    staff.goto(f"{live_server}/staff/organisations?lang={lang}")
    assert axe_violations(staff) == [], "organisations, with those that cannot receive"
    staff.locator("main a[href$='#coordinators']").first.click()
    staff.locator("#invite").wait_for()
    assert axe_violations(staff) == [], "organisation with its coordinators"
    staff.context.close()
