"""An administrator suspends an organisation: it leaves the directory and matching at once, the
referrals it holds go back to staff (nothing unseen: a box to tick first), and it can be
reinstated."""

from sqlalchemy import select

from partnernet.models import (
    AuditEvent,
    Organisation,
    OutboxMessage,
    Referral,
    ReferralEvent,
)
from partnernet.models.referral_queries import count_loop_holes
from partnernet.referrals import service
from tests import factories
from tests.html import error_summary, parse
from tests.referrals.conftest import make_partner


def shown_names(client) -> list[str]:
    page = parse(client.get("/search", query_string={"where": "9712"}))
    return [heading.get_text(" ", strip=True) for heading in page.select("main h3")]


def test_suspending_takes_the_partner_out_and_hands_its_referrals_back(client, auth, db):
    topic = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    staff = factories.create_user(role="staff")
    partner = make_partner(topic, name="Digihulp Centrum")
    held = []
    for accept in (False, True):
        referral = factories.create_referral(topic_id=topic.id, created_by_id=staff.id,
                                             postcode_area="9712", resident_postcode="9712KN")
        service.send_referral(referral, partner.offer, staff, referral.version)
        if accept:
            service.change_state(referral, "accepted", partner.coordinator, referral.version)
        held.append(referral.id)
    organisation_id = partner.offer.organisation_id
    assert any("Hulppunt" in name or "Digihulp" in name for name in shown_names(client))
    db.session.query(OutboxMessage).delete()
    db.session.commit()

    auth.login(as_="admin")
    url = f"/admin/organisations/{organisation_id}/suspend"
    unconfirmed = client.post(url, data={"reason": "Klachten over de hulp"})
    assert unconfirmed.status_code == 400
    assert "2 open verwijzingen" in error_summary(unconfirmed)[0]
    assert db.session.get(Organisation, organisation_id).status == "approved"

    done = client.post(url, data={"reason": "Klachten over de hulp", "confirm": "y"},
                       follow_redirects=True)
    assert "2 verwijzingen" in parse(done).select_one(".pn-flashes").get_text()
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation_id)
    assert organisation.status == "suspended"
    assert organisation.status_reason == "Klachten over de hulp"
    for referral_id in held:
        referral = db.session.get(Referral, referral_id)
        assert referral.state == "declined" and referral.due_at is not None
        assert referral.events[-1].reason == "partner_suspended"
    assert count_loop_holes() == 0
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2  # the referrer, twice
    assert not any("Digihulp" in name for name in shown_names(client))
    assert "organisation_suspend" in set(db.session.scalars(select(AuditEvent.action)))


def test_a_suspension_needs_a_reason_and_an_approved_organisation(client, auth, db):
    auth.login(as_="admin")
    approved = factories.create_organisation()
    pending = factories.create_organisation(status="pending")
    assert client.post(f"/admin/organisations/{approved.id}/suspend",
                       data={"reason": ""}).status_code == 400
    response = client.post(f"/admin/organisations/{pending.id}/suspend",
                           data={"reason": "Waarom niet"}, follow_redirects=True)
    assert "goedgekeurde" in parse(response).select_one(".pn-flashes").get_text()
    db.session.expire_all()
    assert db.session.get(Organisation, pending.id).status == "pending"
    assert db.session.get(Organisation, approved.id).status == "approved"


def test_a_reinstated_organisation_is_shown_again(client, auth, db):
    point = factories.create_offered_point(name="Buurthuis De Schakel")
    auth.login(as_="admin")
    client.post(f"/admin/organisations/{point.organisation_id}/suspend",
                data={"reason": "Tijdelijk dicht"})
    assert not any("De Schakel" in name for name in shown_names(client))
    client.post(f"/admin/organisations/{point.organisation_id}/reinstate")
    db.session.expire_all()
    organisation = db.session.get(Organisation, point.organisation_id)
    assert organisation.status == "approved" and organisation.status_reason is None
    assert any("De Schakel" in name for name in shown_names(client))
    assert db.session.scalars(select(ReferralEvent)).all() == []
