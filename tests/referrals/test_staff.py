"""Staff refer a resident with their agreement, see fitting offers and send the referral."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from partnernet.clock import utcnow
from partnernet.models import AuditEvent, OfferStatus, Referral, ReferralState
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.referrals.conftest import RESIDENT, make_partner
from tests.support.smtp import delivered


def create(client, **changes):
    return client.post("/staff/referrals/new?lang=en", data=fresh({**RESIDENT, **changes}))


def test_staff_create_a_referral_with_the_residents_agreement(app, client, auth, db, staff,
                                                              topic):
    auth.login(user=staff)
    response = create(client)
    referral = db.session.scalar(select(Referral))
    assert response.location == f"/staff/referrals/{referral.id}"
    assert (referral.state, referral.resident_name, referral.postcode_area) == (
        ReferralState.NEW, "Jannie de Boer", "9712")
    assert referral.consent_text_version == app.config["CONSENT_VERSION"]
    assert [e.to_state for e in referral.events] == ["new"]
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "referral_create"))
    assert (created.actor_id, created.object_id) == (staff.id, str(referral.id))
    stored = db.session.execute(text("SELECT resident_name, resident_phone, need_description "
                                     "FROM referrals")).one()
    assert not any(plain in value for value, plain in zip(
        stored, ("Jannie", "1234", "DigiD"), strict=True))


@pytest.mark.parametrize(("changes", "error"), [
    ({"consent": ""}, "The resident must agree before you can refer them"),
    ({"resident_phone": "", "resident_email": ""}, "Enter a phone number or an e-mail address"),
    ({"postcode": "97"}, "Enter a postcode like 9711 AB"),
    ({"need_description": "x" * 10_000}, "Use at most 1000 characters"),
    ({"topic": "onbekend"}, "Not a valid choice."),
])
def test_a_referral_needs_agreement_and_valid_details(client, auth, db, staff, topic, changes,
                                                      error):
    auth.login(user=staff)
    response = create(client, **changes)
    assert error in error_summary(response)
    assert parse(response).select_one("#resident_name")["value"] == "Jannie de Boer"
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_double_click_creates_one_referral(client, auth, db, staff, topic):
    auth.login(user=staff)
    sent = fresh(RESIDENT)
    first = client.post("/staff/referrals/new", data=sent)
    second = client.post("/staff/referrals/new", data=sent)
    assert first.location == second.location
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_fitting_offers_are_proposed_nearest_first_with_reasons(client, auth, db, staff,
                                                                topic):
    near = make_partner(topic, name="Dichtbij")
    far = make_partner(topic, name="Verweg", lat_lon=(53.30, 6.70))
    make_partner(topic, name="Andere taal", languages=("en",))
    make_partner(topic, name="Gepauzeerd", status=OfferStatus.PAUSED)
    make_partner(topic, name="Geen verwijzingen").offer.accepts_referrals = False
    full = make_partner(topic, name="Vol", capacity=1)
    factories.create_referral(offer_id=full.offer.id, state=ReferralState.ACCEPTED,
                              sent_at=utcnow())
    db.session.commit()
    auth.login(user=staff)
    create(client)
    referral = db.session.scalar(select(Referral).where(Referral.source == "staff",
                                                        Referral.offer_id.is_(None)))
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    proposals = page.select("#proposals ~ ol li.pn-result")
    titles = [item.find("h3").get_text(strip=True) for item in proposals]
    assert titles == [near.offer.title, far.offer.title]
    first = proposals[0].get_text(" ", strip=True)
    assert "Helps with DigiD" in first and "5 of 5 places left this week" in first
    assert "from the resident's postcode" in first


def test_a_hidden_place_does_not_make_an_offer_look_near(client, auth, db, staff, topic):
    moved = make_partner(topic, name="Verhuisd", lat_lon=(53.30, 6.70))
    old_place = factories.create_support_point(organisation=moved.offer.organisation,
                                               name="Oude plek", active=False)
    moved.offer.support_points.append(old_place)  # at the centre, but hidden
    near = make_partner(topic, name="Dichtbij", lat_lon=(53.23, 6.57))
    db.session.commit()
    auth.login(user=staff)
    create(client)
    referral = db.session.scalar(select(Referral))
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    titles = [item.find("h3").get_text(strip=True)
              for item in page.select("#proposals ~ ol li.pn-result")]
    assert titles == [near.offer.title, moved.offer.title]


def test_sending_tells_the_partner_by_a_link_without_personal_data(client, auth, db, staff,
                                                                   partner, smtp_server):
    auth.login(user=staff)
    create(client)
    referral = db.session.scalar(select(Referral))
    response = client.post(f"/staff/referrals/{referral.id}/send",
                           data={"version": referral.version, "offer": partner.offer.id})
    assert response.status_code == 302
    db.session.expire_all()
    referral = db.session.get(Referral, referral.id)
    assert (referral.state, referral.organisation_id) == ("sent", partner.offer.organisation_id)
    assert referral.due_at - referral.sent_at >= timedelta(days=2)
    [mail] = delivered(smtp_server)[partner.coordinator.email]
    assert f"/partner/referrals/{referral.id}" in mail
    assert not any(personal in mail for personal in ("Jannie", "1234", "DigiD aanvragen"))


def test_an_offer_that_takes_no_referrals_cannot_be_chosen(client, auth, db, staff, topic):
    other = make_partner(topic, name="Geen")
    other.offer.accepts_referrals = False
    db.session.commit()
    auth.login(user=staff)
    create(client)
    referral = db.session.scalar(select(Referral))
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": other.offer.id})
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).state == "new"


def test_every_view_of_a_referral_is_in_the_audit_trail(client, auth, db, staff,
                                                       sent_referral):
    auth.login(user=staff)
    client.get(f"/staff/referrals/{sent_referral.id}")
    views = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "referral_view")).all()
    assert [(v.actor_id, v.object_id) for v in views] == [(staff.id, str(sent_referral.id))]
    assert views[0].ip_address == "127.0.0.1"


def test_the_queue_puts_overdue_then_returned_referrals_on_top(client, auth, db, staff,
                                                               partner):
    fresh_one = factories.create_referral(state="sent", reference="VERS",
                                          due_at=utcnow() + timedelta(days=1))
    overdue = factories.create_referral(state="sent", reference="TELAAT",
                                        due_at=utcnow() - timedelta(hours=1))
    returned = factories.create_referral(state="declined", reference="TERUG")
    factories.create_referral(state="completed", reference="KLAAR")
    auth.login(user=staff)
    rows = parse(client.get("/staff/referrals?lang=en")).select("tbody tr")
    references = [row.find("a").get_text(strip=True) for row in rows]
    assert references == [overdue.reference, returned.reference, fresh_one.reference]
    assert "Overdue" in rows[0].get_text()


def test_closed_referrals_have_their_own_list(client, auth, db, staff):
    factories.create_referral(state="completed", reference="KLAAR", closed_at=utcnow())
    factories.create_referral(state="sent", reference="OPEN")
    auth.login(user=staff)
    rows = parse(client.get("/staff/referrals?show=closed&lang=en")).select("tbody tr a")
    assert [a.get_text(strip=True) for a in rows] == ["KLAAR"]
