"""Residents ask for help themselves and look up their request with its code and postcode."""

import pytest
from sqlalchemy import func, select

from partnernet.models import OutboxMessage, Referral
from partnernet.referrals import service
from tests.html import error_summary, fresh, parse

REQUEST = {"resident_name": "Piet Jansen", "resident_phone": "", "resident_email":
           "piet@example.org", "preferred_contact": "email", "language": "nl",
           "postcode": "9741 AB", "topic": "", "need_description": "Ik snap een brief niet.",
           "consent": "y", "fax": ""}


def ask(client, **changes):
    return client.post("/help?lang=en", data=fresh({**REQUEST, **changes}))


def test_a_resident_asks_for_help_and_gets_a_code(client, db, staff, topic):
    response = ask(client)
    assert response.location == "/help/thanks"
    referral = db.session.scalar(select(Referral))
    assert (referral.source, referral.state, referral.created_by_id) == ("resident", "new", None)
    page = parse(client.get("/help/thanks?lang=en"))
    assert page.select_one(".pn-reference").get_text() == referral.reference
    assert parse(client.get("/help/thanks")).select_one(".pn-reference") is None  # shown once
    told = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert told == [staff.email]
    assert "/staff/referrals/" in db.session.scalar(select(OutboxMessage.body))


@pytest.mark.parametrize(("changes", "error"), [
    ({"consent": ""}, "Tick the box, so we may use your details to help you"),
    ({"resident_email": ""}, "Enter a phone number or an e-mail address"),
    ({"postcode": "<script>"}, "Enter a postcode like 9711 AB"),
])
def test_the_form_says_what_to_fix_and_keeps_what_was_typed(client, db, changes, error):
    response = ask(client, **changes)
    assert error in error_summary(response)
    assert parse(response).select_one("#resident_name")["value"] == "Piet Jansen"
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_stored(client, db):
    assert ask(client, fax="spam").location == "/help/thanks"
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_double_click_asks_once(client, db):
    sent = fresh(REQUEST)
    client.post("/help", data=sent)
    client.post("/help", data=sent)
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_asking_is_rate_limited(client):
    statuses = [ask(client, resident_name=f"Bewoner {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]


def lookup(client, reference, postcode):
    return client.post("/status?lang=en", data={"reference": reference, "postcode": postcode})


def test_the_status_shows_the_state_and_the_partner_once_accepted(client, db, staff, partner):
    ask(client)
    referral = db.session.scalar(select(Referral))
    page = parse(lookup(client, referral.reference.lower(), "9741ab"))
    assert "We received your question" in page.select_one(".pn-notice").get_text()
    service.send_referral(referral, partner.offer, staff, referral.version)
    assert partner.offer.organisation.name not in lookup(
        client, referral.reference, "9741 AB").get_data(as_text=True)
    service.change_state(referral, "accepted", partner.coordinator, referral.version)
    notice = parse(lookup(client, referral.reference, "9741 AB")).select_one(".pn-notice")
    assert partner.offer.organisation.name in notice.get_text()
    assert "Piet" not in notice.get_text() and "brief" not in notice.get_text()


def test_a_wrong_code_or_postcode_says_nothing_about_the_request(client, db):
    ask(client)
    referral = db.session.scalar(select(Referral))
    for reference, postcode in ((referral.reference, "9711 AA"), ("ZZZZZZZZ", "9741 AB")):
        response = lookup(client, reference, postcode)
        assert response.status_code == 404
        assert "We found no request with this code and postcode" in response.get_data(
            as_text=True)


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_wrong_guesses_are_rate_limited_but_right_ones_are_not(client, db):
    ask(client)
    referral = db.session.scalar(select(Referral))
    for _ in range(12):
        assert lookup(client, referral.reference, "9741 AB").status_code == 200
    guesses = [lookup(client, f"GUESS{n:03d}", "9741 AB").status_code for n in range(11)]
    assert guesses == [404] * 10 + [429]
