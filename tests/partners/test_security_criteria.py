"""SECURITY.md criteria 4 (staff-only fields), 17 (escaped output) and 24 (once-only changes)
for the partner routes."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from partnernet.clock import local_today
from partnernet.models import (
    AuditEvent,
    InformationReport,
    Offer,
    OfferStatus,
    Organisation,
    OrganisationStatus,
    OutboxMessage,
    Role,
    SupportPoint,
    User,
)
from tests import factories
from tests.html import fresh
from tests.partners.sample_forms import APPLICATION, POINT, offer_data
from tests.support import signing_in
from tests.support.concurrency import run_at_once


def count(db, model, *conditions) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


@pytest.fixture
def coordinator(db):
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    return factories.create_user(role=Role.COORDINATOR)


# Criterion 4: a partner's POST with fields only staff (or nobody) may set changes none of them.

def test_the_profile_form_ignores_status_kind_and_ids(client, auth, db, coordinator):
    organisation = coordinator.organisation
    auth.login(user=coordinator)
    client.post("/partner/organisation", data={
        "name": "Nieuw", "description": "Wij helpen.", "contact_name": "X",
        "email": "x@example.org", "phone": "050 123 4567", "status": "rejected",
        "kind": "municipality", "id": "999", "is_example": "y", "status_reason": "zelf",
        "public_id": "00000000-0000-0000-0000-000000000001"})
    db.session.expire_all()
    changed = db.session.get(Organisation, organisation.id)
    assert changed.name == "Nieuw"
    assert (changed.status, changed.kind, changed.is_example, changed.status_reason,
            changed.public_id) == (OrganisationStatus.APPROVED, "volunteer_org", False, None,
                                   organisation.public_id)


def test_a_new_point_or_offer_always_belongs_to_the_coordinators_organisation(
        client, auth, db, coordinator):
    other = factories.create_organisation()
    point = factories.create_support_point(organisation=coordinator.organisation)
    auth.login(user=coordinator)
    smuggled = {"organisation_id": str(other.id), "assured_date": "2000-01-01",
                "stale_reminder_on": "2000-01-01", "status": OfferStatus.PAUSED, "active": ""}
    client.post("/partner/points/new", data=fresh({**POINT, **smuggled}))
    client.post("/partner/offers/new", data=fresh(offer_data(point, **smuggled)))
    assert count(db, SupportPoint, SupportPoint.organisation_id == other.id) == 0
    assert count(db, Offer, Offer.organisation_id == other.id) == 0
    new_point = db.session.scalar(select(SupportPoint).where(SupportPoint.name == POINT["name"]))
    new_offer = db.session.scalar(select(Offer))
    assert (new_point.assured_date, new_point.active) == (local_today(), True)
    assert (new_offer.assured_date, new_offer.status) == (local_today(), OfferStatus.ACTIVE)
    assert new_point.stale_reminder_on is None and new_offer.stale_reminder_on is None


def test_an_invited_volunteer_is_always_a_volunteer_of_the_own_organisation(
        client, auth, db, coordinator):
    other = factories.create_organisation()
    auth.login(user=coordinator)
    client.post("/partner/volunteers", data=fresh({
        "name": "Nieuw", "email": "nieuw@example.org", "role": Role.ADMIN,
        "organisation_id": str(other.id), "active": "y", "password_hash": "x"}))
    volunteer = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    assert (volunteer.role, volunteer.organisation_id, volunteer.password_hash) == (
        Role.VOLUNTEER, coordinator.organisation_id, None)


def test_a_registration_is_always_pending(client, db):
    client.post("/register", data=fresh({**APPLICATION, "status": "approved",
                                         "is_example": "y"}))
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.status, organisation.is_example) == (OrganisationStatus.PENDING, False)


# Criterion 17: a script in every text field is shown as text on every page.

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>')
RAW = ("<script>alert", "<img src=x")


def assert_escaped(response, where):
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 302), where
    assert not [raw for raw in RAW if raw in page], where


@pytest.mark.parametrize("payload", PAYLOADS)
def test_scripts_typed_into_partner_forms_are_shown_as_text_everywhere(
        app, client, auth, db, coordinator, payload):
    auth.login(user=coordinator)
    organisation = coordinator.organisation
    texts = {"name": "Org " + payload, "description": payload, "contact_name": payload,
             "email": "x@example.org", "phone": "050 123 4567", "website": ""}
    assert_escaped(client.post("/partner/organisation", data=texts), "profile")
    assert_escaped(client.post("/partner/points/new", data=fresh({
        **POINT, "name": "Plek " + payload, "street": payload, "city": payload,
        "accessibility_note": payload, "closures-0-reason": payload,
        "latitude": "53.2188", "longitude": "6.5702"})), "new point")
    point = db.session.scalar(select(SupportPoint))
    assert_escaped(client.post("/partner/offers/new", data=fresh(offer_data(
        point, title="Hulp " + payload, description=payload, audience=payload,
        free_of_charge="", cost_note=payload))), "new offer")
    assert_escaped(client.post("/partner/volunteers", data=fresh({
        "name": payload, "email": "v@example.org"})), "invite")
    assert_escaped(client.post("/account/name", data={"name": payload}), "name")
    # what fails validation comes back in the form: escaped there too
    for url, data in (("/partner/points/new", fresh({**POINT, "name": payload,
                                                     "postcode": payload})),
                      ("/partner/offers/new", fresh(offer_data(point, title=payload,
                                                               topics=[payload]))),
                      ("/partner/volunteers", fresh({"name": payload, "email": payload})),
                      ("/partner/organisation", {**texts, "email": payload})):
        assert_escaped(client.post(url, data=data), "invalid " + url)
    offer = db.session.scalar(select(Offer))
    db.session.add(InformationReport(organisation_id=organisation.id, subject="offer",
                                     subject_name=offer.title, message=payload))
    point.assured_date = offer.assured_date = local_today() - timedelta(days=365)
    db.session.commit()

    partner_pages = ["/dashboard", "/partner", f"/partner/points/{point.id}/edit",
                     f"/partner/offers/{offer.id}/edit", "/partner/volunteers",
                     "/account/name"]
    public_pages = [f"/points/{point.public_id}", f"/points/{point.public_id}/slip",
                    f"/offers/{offer.public_id}", f"/organisations/{organisation.public_id}",
                    "/search?where=9712", f"/points/{point.public_id}/report"]
    staff_pages = ["/staff/organisations", f"/staff/organisations/{organisation.id}",
                   "/staff/stale", "/staff/registrations", "/dashboard"]
    for url in partner_pages + public_pages:
        assert_escaped(client.get(url), url)
    auth.logout()
    auth.login(as_=Role.STAFF)
    client.post("/register", data=fresh({**APPLICATION, "name": "Reg " + payload,
                                         "description": payload, "help_offered": payload,
                                         "contact_name": payload}))
    for url in staff_pages:
        assert_escaped(client.get(url), url)


# Criterion 24: a double submit, or two people at once, changes things once.

@pytest.mark.parametrize("form", ["point", "offer", "registration"])
def test_a_resent_create_form_saves_once(client, auth, db, coordinator, form):
    point = factories.create_support_point(organisation=coordinator.organisation, name="Bieb")
    url, data, model = {
        "point": ("/partner/points/new", POINT, SupportPoint),
        "offer": ("/partner/offers/new", offer_data(point), Offer),
        "registration": ("/register", APPLICATION, Organisation),
    }[form]
    if form != "registration":
        auth.login(user=coordinator)
    before = count(db, model)
    sent = fresh(data)
    first, second = client.post(url, data=sent), client.post(url, data=sent)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert count(db, model) == before + 1


def test_a_create_form_without_its_key_is_refused_with_a_fresh_one(client, auth, db,
                                                                   coordinator):
    auth.login(user=coordinator)
    response = client.post("/partner/points/new?lang=en", data=POINT)
    assert response.status_code == 200 and "This form is out of date" in response.get_data(
        as_text=True)
    assert count(db, SupportPoint) == 0


def logged_in_clients(app, user, number):
    clients = []
    for _ in range(number):
        client = app.test_client()
        signing_in.sign_in(client, user)
        clients.append(client)
    return clients


def test_two_submits_at_the_same_moment_save_one_point(app, db, coordinator):
    clients = iter(logged_in_clients(app, coordinator, 2))
    sent = fresh({**POINT, "latitude": "53.2188", "longitude": "6.5702"})
    responses = run_at_once(app, lambda: next(clients).post("/partner/points/new", data=sent))
    assert [r.status_code for r in responses] == [302, 302]
    assert count(db, SupportPoint) == 1


def test_two_registrations_at_the_same_moment_register_once(app, db):
    sent = fresh(APPLICATION)
    run_at_once(app, lambda: app.test_client().post("/register", data=sent))
    assert count(db, Organisation) == 1
    assert count(db, OutboxMessage, OutboxMessage.recipient == "sanne@example.org") == 1


def test_approve_and_reject_at_the_same_moment_decide_once(app, db):
    organisation = factories.create_organisation(status=OrganisationStatus.PENDING,
                                                 email="aanvrager@example.org")
    staff = [factories.create_user(role=Role.STAFF) for _ in range(2)]
    clients = iter([*logged_in_clients(app, staff[0], 1), *logged_in_clients(app, staff[1], 1)])
    actions = iter(["approve", "reject"])

    def decide():
        return next(clients).post(f"/staff/registrations/{organisation.id}/{next(actions)}",
                                  data={"reason": "Past niet."})

    run_at_once(app, decide)
    assert count(db, AuditEvent, AuditEvent.action.in_(
        ["organisation_approved", "organisation_rejected"])) == 1
    decisions_told = ["Uw organisatie staat in partnernet", "Uw aanmelding bij partnernet"]
    assert count(db, OutboxMessage, OutboxMessage.subject.in_(decisions_told)) == 1


def test_two_clicks_on_pause_at_the_same_moment_pause_once(app, db, coordinator):
    offer = factories.create_offer(organisation=coordinator.organisation)
    clients = iter(logged_in_clients(app, coordinator, 2))
    run_at_once(app, lambda: next(clients).post(f"/partner/offers/{offer.id}/visibility",
                                                data={"switch_to": "off"}))
    assert count(db, AuditEvent, AuditEvent.action == "offer_pause") == 1
