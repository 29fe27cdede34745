"""An organisation without accounts confirms its address and answers referrals through signed
links (issue 14: only offers somebody can act on)."""

import re
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.models import OutboxMessage, Referral, ReferralState
from partnernet.referrals import service
from tests.html import fresh, parse
from tests.referrals.conftest import RESIDENT, make_partner

FORUM = "info@forum.example.org"


def _mails_to(db, address) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


def _path(body: str, prefix: str) -> str:
    return re.search(rf"https?://[^/\s]+({prefix}[^\s?]+)", body).group(1)


def _forum_without_accounts(db, topic):
    forum = make_partner(topic, name="Forum")
    forum.coordinator.active = False
    forum.volunteer.active = False
    forum.offer.organisation.email = FORUM
    db.session.commit()
    return forum


def _confirmed(client, auth, db, staff, forum) -> None:
    auth.login(user=staff)
    organisation_id = forum.offer.organisation_id
    client.post(f"/staff/organisations/{organisation_id}/address-check",
                data=fresh({}))
    auth.logout()
    path = _path(_mails_to(db, FORUM)[-1].body, "/organisations/address/")
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "May the municipality send referrals for Forum" in page
    assert client.post(path, data=fresh({})).status_code == 200


def test_a_confirmed_address_receives_referrals_and_answers_them_by_link(client, auth, db,
                                                                        staff, topic):
    forum = _forum_without_accounts(db, topic)
    referral = service.create_referral(
        service.ResidentRequest(**{k: RESIDENT[k] for k in (
            "resident_name", "postcode", "preferred_contact", "language", "need_description",
            "resident_phone", "topic")}), staff, _claim(db), lambda r: "/")
    auth.login(user=staff)
    assert forum.offer.title not in client.get(
        f"/staff/referrals/{referral.id}?lang=en").get_data(as_text=True)  # nobody to act
    auth.logout()
    _confirmed(client, auth, db, staff, forum)
    auth.login(user=staff)
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    assert forum.offer.title in page.select_one("#proposals ~ ol").get_text()
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": forum.offer.id})
    auth.logout()

    [mail] = [m for m in _mails_to(db, FORUM) if m.subject == "Nieuwe doorverwijzing in partnernet"]
    assert "Jannie" not in mail.body and "/partner/referrals/" not in mail.body
    answer = _path(mail.body, "/answer/")
    opened = client.get(answer + "?lang=en")
    assert opened.headers["Cache-Control"] == "no-store"
    shown = opened.get_data(as_text=True)
    assert "Jannie de Boer" in shown and "Can you help?" in shown
    db.session.expire_all()
    current = db.session.get(Referral, referral.id)
    declined = client.post(f"{answer}/decline?lang=en", data={
        "decline-version": current.version, "decline-reason": "not_our_help",
        "decline-alternative": "Bibliotheek Vinkhuizen"})
    assert declined.status_code == 302, declined.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    returned = db.session.get(Referral, referral.id)
    assert returned.state == ReferralState.DECLINED
    assert returned.events[-1].alternative == "Bibliotheek Vinkhuizen"
    assert returned.events[-1].actor_id is None
    again = client.get(answer + "?lang=en").get_data(as_text=True)
    assert "no longer waiting for your organisation" in again and "Jannie" not in again
    reused = client.post(f"{answer}/accept", data={"accept-version": returned.version})
    assert db.session.get(Referral, referral.id).state == ReferralState.DECLINED
    assert reused.status_code in (200, 302)


def _claim(db):
    from partnernet.models import FormSubmission

    claim = FormSubmission(key=str(utcnow().timestamp()))
    db.session.add(claim)
    return claim


def test_a_link_from_an_earlier_sending_or_too_old_does_not_work(client, auth, db, staff,
                                                                 topic):
    forum = _forum_without_accounts(db, topic)
    other = make_partner(topic, name="Digihulp")
    _confirmed(client, auth, db, staff, forum)
    referral = service.create_referral(
        service.ResidentRequest(**{k: RESIDENT[k] for k in (
            "resident_name", "postcode", "preferred_contact", "language", "need_description",
            "resident_phone", "topic")}), staff, _claim(db), lambda r: "/")
    with freeze_time(utcnow()) as clock:
        service.send_referral(referral, forum.offer, staff, referral.version)
        answer = _path(_mails_to(db, FORUM)[-1].body, "/answer/")
        assert client.get(answer).status_code == 200
        clock.tick(timedelta(days=31))
        assert client.get(answer).status_code == 404  # expired
        clock.tick(timedelta(days=-31))
        service.send_referral(referral, other.offer, staff, referral.version)
        assert client.get(answer).status_code == 404  # taken back: not theirs any more
    assert client.get("/answer/forged-token").status_code == 404


def test_an_address_changed_since_the_check_is_not_confirmed_by_the_old_link(client, auth, db,
                                                                             staff, topic):
    forum = _forum_without_accounts(db, topic)
    auth.login(user=staff)
    client.post(f"/staff/organisations/{forum.offer.organisation_id}/address-check",
                data=fresh({}))
    path = _path(_mails_to(db, FORUM)[-1].body, "/organisations/address/")
    forum.offer.organisation.email = "nieuw@forum.example.org"
    db.session.commit()
    assert client.get(path).status_code == 404
