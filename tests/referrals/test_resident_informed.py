"""The resident is kept informed: e-mails when asked for, the status page's dates and advice,
and one question once the request is closed (issue 14)."""

import re

from sqlalchemy import func, select

from partnernet.models import OutboxMessage, Referral, ReferralState, ResidentFeedback
from partnernet.referrals import service
from tests.html import error_summary, fresh, parse
from tests.referrals.conftest import RESIDENT


def _ask_with_updates(client, db, lang="en") -> Referral:
    client.post(f"/help?lang={lang}", data=fresh({
        **RESIDENT, "resident_email": "jannie@example.org", "email_updates": "y"}))
    return db.session.scalar(select(Referral).order_by(Referral.id.desc()))


def _resident_mails(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "jannie@example.org").order_by(OutboxMessage.id)))


def _feedback_path(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/status/feedback/\S+)", body).group(1)


def test_updates_need_an_email_address(client, db):
    response = client.post("/help?lang=en", data=fresh({**RESIDENT, "email_updates": "y"}))
    assert response.status_code == 200
    assert "Enter an e-mail address for the updates" in error_summary(response)


def test_a_resident_who_asked_hears_of_each_step_with_nothing_but_a_first_name(
        client, db, staff, partner):
    request = _ask_with_updates(client, db)
    assert request.updates_language == "en" and _resident_mails(db) == []
    service.pick_up(request, staff, request.version)
    service.send_referral(request, partner.offer, staff, request.version)
    service.change_state(request, ReferralState.ACCEPTED, partner.coordinator, request.version)
    service.change_state(request, ReferralState.COMPLETED, partner.coordinator,
                         request.version, outcome="helped")
    mails = _resident_mails(db)
    assert [mail.subject for mail in mails] == [f"Your question {request.reference}"] * 3
    sent, accepted, closed = (mail.body for mail in mails)
    assert sent.startswith("Dear Jannie,") and "14 050" in sent
    assert "Digihulp" not in sent  # named once they take it on
    assert "Digihulp helps you" in accepted
    assert "Did you get the help you needed?" in closed
    for body in (sent, accepted, closed):
        assert not any(personal in body for personal in (
            "de Boer", "06 1234", "9712", "DigiD aanvragen"))


def test_no_updates_without_asking(client, db, staff, partner):
    client.post("/help", data=fresh({**RESIDENT, "resident_email": "jannie@example.org"}))
    request = db.session.scalar(select(Referral))
    service.send_referral(request, partner.offer, staff, request.version)
    assert _resident_mails(db) == []


def test_the_status_page_says_who_contacts_them_by_when_and_what_if_nobody_does(
        client, db, staff, partner):
    request = _ask_with_updates(client, db)
    service.send_referral(request, partner.offer, staff, request.version)
    page = client.post("/status?lang=en", data={"reference": request.reference,
                                                 "postcode": "9712kn"})
    text = parse(page).select_one("main").get_text(" ", strip=True)
    assert "an organisation" in text and "at the latest" in text
    assert "call the municipality on 14 050" in text.lower() and request.reference in text


def test_once_closed_the_resident_answers_one_question_once(client, db, staff, partner):
    request = _ask_with_updates(client, db)
    service.send_referral(request, partner.offer, staff, request.version)
    service.change_state(request, ReferralState.ACCEPTED, partner.coordinator, request.version)
    service.change_state(request, ReferralState.COMPLETED, partner.coordinator,
                         request.version, outcome="helped")
    path = _feedback_path(_resident_mails(db)[-1].body)
    assert "Did you get the help you needed?" in client.get(path).get_data(as_text=True)
    empty = client.post(path + "&lang=en" if "?" in path else path + "?lang=en", data={})
    assert empty.status_code == 400 and "Choose an answer" in error_summary(empty)
    answered = client.post(path, data={"answer": "partly", "comment": "Snel geholpen"})
    assert answered.status_code == 302
    again = client.post(path, data={"answer": "no"})
    assert again.status_code == 302  # thanked again, not counted again
    stored = db.session.scalars(select(ResidentFeedback)).all()
    assert [(f.answer, f.organisation_id, f.comment) for f in stored] == [
        ("partly", partner.offer.organisation_id, "Snel geholpen")]
    status = client.post("/status?lang=en", data={"reference": request.reference,
                                                   "postcode": "9712 KN"})
    assert "Send my answer" not in status.get_data(as_text=True)


def test_an_unsigned_or_open_requests_feedback_link_finds_nothing(client, db, staff, partner):
    assert client.get("/status/feedback/abc").status_code == 404
    request = _ask_with_updates(client, db)
    from partnernet.tokens import make_feedback_token

    assert client.get(f"/status/feedback/{make_feedback_token(request.id)}").status_code == 404


def test_staff_see_the_answers_per_partner(client, auth, db, staff, partner):
    request = _ask_with_updates(client, db)
    service.send_referral(request, partner.offer, staff, request.version)
    service.change_state(request, ReferralState.CANCELLED, staff, request.version)
    service.give_feedback(db.session.get(Referral, request.id), "no", None)
    assert db.session.scalar(select(func.count()).select_from(ResidentFeedback)) == 1
    auth.login(user=staff)
    page = parse(client.get("/staff/figures/feedback?lang=en"))
    row = page.select_one("tbody tr").get_text(" ", strip=True)
    assert row.startswith("Digihulp") and row.endswith("0 0 1 1")
