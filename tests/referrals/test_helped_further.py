"""Only offers somebody can act on, and sending elsewhere from any open state (issue 14)."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from partnernet.models import OutboxMessage, Referral, ReferralState, Role, User
from partnernet.referrals import service
from tests import factories
from tests.html import fresh, parse
from tests.referrals.conftest import RESIDENT, make_partner


def _proposed(client, referral) -> list[str]:
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    return [item.find("h3").get_text(strip=True)
            for item in page.select("#proposals ~ ol li.pn-result")]


def _any_offer(client, referral) -> list[str]:
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    return [option.get_text(strip=True) for option in page.select("#other-offer option")]


def _new_referral(client, db) -> Referral:
    client.post("/staff/referrals/new", data=fresh(RESIDENT))
    return db.session.scalar(select(Referral).order_by(Referral.id.desc()))


def _mails_to(db, address) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


def test_an_organisation_nobody_answers_for_gets_no_referrals_until_it_has_a_coordinator(
        client, auth, db, staff, topic):
    watched = make_partner(topic, name="Digihulp")
    forum = make_partner(topic, name="Forum")
    forum.coordinator.password_hash = None  # invited once, never signed in
    forum_offer_id = forum.offer.id
    db.session.commit()
    auth.login(user=staff)
    referral = _new_referral(client, db)
    assert _proposed(client, referral) == [watched.offer.title]
    assert not any("Forum" in option for option in _any_offer(client, referral))
    refused = client.post(f"/staff/referrals/{referral.id}/send?lang=en", follow_redirects=True,
                          data={"version": referral.version, "offer": forum_offer_id})
    assert "nobody there can answer one" in refused.get_data(as_text=True)
    assert db.session.get(Referral, referral.id).state == ReferralState.NEW
    listing = client.get("/staff/organisations?lang=en").get_data(as_text=True)
    assert "Cannot receive referrals" in listing and forum.offer.title in listing

    organisation_id = forum.offer.organisation_id
    response = client.post(f"/staff/organisations/{organisation_id}/coordinators?lang=en",
                           data=fresh({"name": "Fenna Forum", "email": "fenna@forum.example"}))
    assert response.status_code == 302
    invited = db.session.scalar(select(User).where(User.email == "fenna@forum.example"))
    assert (invited.role, invited.organisation_id) == (Role.COORDINATOR, organisation_id)
    assert "/invite/" in _mails_to(db, "fenna@forum.example")[0].body
    invited.set_password("een lang en sterk wachtwoord")
    db.session.commit()
    assert _proposed(client, referral) == [watched.offer.title, forum.offer.title]


def test_the_invitation_form_names_what_is_wrong(client, auth, db, staff):
    organisation = factories.create_organisation()
    auth.login(user=staff)
    response = client.post(f"/staff/organisations/{organisation.id}/coordinators?lang=en",
                           data=fresh({"name": "", "email": "geen-adres"}))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter the coordinator&#39;s name" in text or "Enter the coordinator's name" in text
    assert db.session.scalar(select(User).where(User.organisation_id == organisation.id)) is None


def test_staff_take_a_referral_back_and_send_it_elsewhere(client, auth, db, staff, topic):
    slow = make_partner(topic, name="Traag")
    other = make_partner(topic, name="Snel")
    auth.login(user=staff)
    referral = _new_referral(client, db)
    service.send_referral(referral, slow.offer, staff, referral.version)
    service.change_state(referral, ReferralState.ACCEPTED, slow.coordinator, referral.version)
    reference, version = referral.reference, referral.version
    assert _proposed(client, referral) == [other.offer.title]  # not the one holding it
    response = client.post(f"/staff/referrals/{referral.id}/send?lang=en",
                           data={"version": version, "offer": other.offer.id},
                           follow_redirects=True)
    assert "1 person there is told by e-mail." in response.get_data(as_text=True)
    db.session.expire_all()
    moved = db.session.get(Referral, referral.id)
    assert (moved.state, moved.offer_id, moved.reference) == (
        ReferralState.SENT, other.offer.id, reference)
    assert [event.to_state for event in moved.events] == ["new", "sent", "accepted", "sent"]
    [taken_back] = [m for m in _mails_to(db, slow.coordinator.email)
                    if m.subject == "Doorverwijzing teruggenomen in partnernet"]
    assert reference in taken_back.body
    assert not any(personal in taken_back.body for personal in ("Jannie", "1234", "DigiD"))
    auth.logout()
    auth.login(user=slow.coordinator)
    assert client.get(f"/partner/referrals/{referral.id}").status_code == 404


def test_two_staff_sending_elsewhere_at_once_send_it_once(db, staff, topic):
    first, second = make_partner(topic, name="Een"), make_partner(topic, name="Twee")
    colleague = factories.create_user(role=Role.STAFF)
    referral = factories.create_referral(owner_id=staff.id, topic_id=topic.id)
    version = referral.version
    service.send_referral(referral, first.offer, staff, version)
    with pytest.raises(service.Conflict):
        service.send_referral(referral, second.offer, colleague, version)
    assert db.session.get(Referral, referral.id).offer_id == first.offer.id


def test_a_returned_referral_is_not_proposed_to_who_declined_it(client, auth, db, staff,
                                                                topic):
    declining = make_partner(topic, name="Nee")
    other = make_partner(topic, name="Ja")
    auth.login(user=staff)
    referral = _new_referral(client, db)
    service.send_referral(referral, declining.offer, staff, referral.version)
    service.change_state(referral, ReferralState.DECLINED, declining.coordinator,
                         referral.version, reason="not_our_help")
    assert _proposed(client, referral) == [other.offer.title]


def test_no_room_takes_the_offer_out_of_proposals_until_the_week_ends(client, auth, db, staff,
                                                                      topic):
    with freeze_time("2026-12-02T10:00:00+01:00") as clock:  # a Wednesday
        full = make_partner(topic, name="Vol")
        make_partner(topic, name="Ruimte")
        auth.login(user=staff)
        first = _new_referral(client, db)
        service.send_referral(first, full.offer, staff, first.version)
        service.change_state(first, ReferralState.DECLINED, full.coordinator, first.version,
                             reason="no_capacity")
        second = _new_referral(client, db)
        assert full.offer.title not in _proposed(client, second)
        clock.tick(timedelta(days=5))  # the Monday after
        auth.login(user=staff)  # the session has ended meanwhile
        assert full.offer.title in _proposed(client, second)


def test_an_offer_that_filled_up_while_the_page_was_open_is_refused(client, auth, db, staff,
                                                                    topic):
    small = make_partner(topic, name="Klein", capacity=1)
    auth.login(user=staff)
    first, second = _new_referral(client, db), _new_referral(client, db)
    offer_id, version = small.offer.id, second.version
    service.send_referral(first, small.offer, staff, first.version)  # a colleague, meanwhile
    response = client.post(f"/staff/referrals/{second.id}/send?lang=en", follow_redirects=True,
                           data={"version": version, "offer": offer_id})
    assert "no room left this week" in response.get_data(as_text=True)
    assert db.session.get(Referral, second.id).state == ReferralState.NEW
