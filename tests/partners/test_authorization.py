"""Who may do what in the partners blueprint. Every route is walked, with GET and POST, for every
role and for another organisation's coordinator, with the ids of organisation A's records in the
URLs: partners of A see and change only A, B's coordinator gets 404 and never A's data."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from partnernet.models import (
    InformationReport,
    ListingClaim,
    Offer,
    Organisation,
    OrganisationStatus,
    Role,
    SupportPoint,
    User,
)
from tests import factories
from tests.html import fresh
from tests.support import signing_in

ANONYMOUS = "anonymous"
OTHER_COORDINATOR = "coordinator of another organisation"
EVERYONE = {ANONYMOUS, Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF, Role.ADMIN}
STAFF = {Role.STAFF, Role.ADMIN}
EDITORS = {Role.COORDINATOR, *STAFF}

ACCESS = {
    "partners.register": EVERYONE,
    "partners.registered": EVERYONE,
    "partners.registrations": STAFF,
    "partners.approve": STAFF,
    "partners.approve_imported": STAFF,
    "partners.reject": STAFF,
    "partners.staff_organisations": STAFF,
    "partners.staff_organisation": STAFF,
    "partners.invite_coordinator": STAFF,
    "partners.request_address_check": STAFF,
    "partners.confirm_address": EVERYONE,
    "partners.claim_listing": EVERYONE,
    "partners.claim_sent": EVERYONE,
    "partners.decide_claim": STAFF,
    "partners.stale": STAFF,
    "partners.overview": {Role.VOLUNTEER, Role.COORDINATOR},
    "partners.edit_organisation": {Role.COORDINATOR},
    "partners.new_point": {Role.COORDINATOR},
    "partners.edit_point": EDITORS,
    "partners.set_point_visibility": EDITORS,
    "partners.new_offer": {Role.COORDINATOR},
    "partners.edit_offer": EDITORS,
    "partners.set_offer_visibility": EDITORS,
    "partners.confirm": EDITORS,
    "partners.report_handled": EDITORS,
    "partners.volunteers": {Role.COORDINATOR},
    "partners.resend_invitation": {Role.COORDINATOR},
    "partners.set_volunteer_access": {Role.COORDINATOR},
}
# What a POST sends: every field any partner form has, so a route that forgets a check changes
# something the test can see.
ATTACK = {
    "name": "Overgenomen", "title": "Overgenomen", "description": "Overgenomen",
    "switch_to": "off", "reason": "Overgenomen", "email": "overgenomen@example.org",
    "contact_name": "X", "phone": "050 000 0000", "organisation_id": "A",
    "street": "Straat", "house_number": "1", "postcode": "9712 KN", "city": "Groningen",
    "latitude": "53.2", "longitude": "6.5", "support_points": "A",
}
SECRETS = ("Organisatie A", "Geheim punt A", "Geheime hulp A", "Melding over A",
           "vrijwilliger-a@example.org")


@dataclass
class World:
    organisation: Organisation
    pending: Organisation
    point: SupportPoint
    offer: Offer
    report: InformationReport
    volunteer: User
    users: dict
    claim: ListingClaim


@pytest.fixture
def world(db) -> World:
    organisation = factories.create_organisation(name="Organisatie A")
    point = factories.create_support_point(organisation=organisation, name="Geheim punt A")
    offer = factories.create_offer(organisation=organisation, support_points=[point],
                                   title="Geheime hulp A")
    report = InformationReport(organisation_id=organisation.id, subject="support_point",
                               subject_name=point.name, message="Melding over A")
    db.session.add(report)
    volunteer = factories.create_user(role=Role.VOLUNTEER, organisation=organisation,
                                      email="vrijwilliger-a@example.org", name="Vrijwilliger A")
    users = {
        Role.VOLUNTEER: factories.create_user(role=Role.VOLUNTEER, organisation=organisation),
        Role.COORDINATOR: factories.create_user(role=Role.COORDINATOR,
                                                organisation=organisation),
        OTHER_COORDINATOR: factories.create_user(role=Role.COORDINATOR),
        Role.STAFF: factories.create_user(role=Role.STAFF),
        Role.ADMIN: factories.create_user(role=Role.ADMIN),
    }
    pending = factories.create_organisation(status=OrganisationStatus.PENDING)
    claim = ListingClaim(organisation_id=organisation.id, name="Iemand van A",
                         email="iemand-a@example.org")
    db.session.add(claim)
    db.session.commit()
    return World(organisation, pending, point, offer, report, volunteer, users, claim)


def url_arguments(rule, world: World) -> list[dict]:
    """The URL arguments that name organisation A's records (and the pending registration)."""
    arguments = {
        "point_id": world.point.id, "offer_id": world.offer.id, "report_id": world.report.id,
        "user_id": world.volunteer.id, "token": "not-a-signed-token",
        "claim_id": world.claim.id,
        "organisation_id": (world.pending.id if rule.endpoint in ("partners.approve",
                                                                    "partners.reject")
                            else world.organisation.public_id
                            if rule.endpoint == "partners.claim_listing"
                            else world.organisation.id),
    }
    if "decision" in rule.arguments:  # rejecting leaves the claim to look at; approving not
        arguments["decision"] = "reject"
    chosen = {name: arguments[name] for name in rule.arguments - {"kind", "record_id"}}
    if "kind" in rule.arguments:
        return [{**chosen, "kind": "points", "record_id": world.point.id},
                {**chosen, "kind": "offers", "record_id": world.offer.id}]
    return [chosen]


def partner_routes(app, world):
    from flask import url_for

    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("partners."):
            continue
        for arguments in url_arguments(rule, world):
            with app.test_request_context():
                url = url_for(rule.endpoint, **arguments)
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule, url, method


def state_of_a(db, world) -> dict:
    db.session.expire_all()
    point = db.session.get(SupportPoint, world.point.id)
    offer = db.session.get(Offer, world.offer.id)
    organisation = db.session.get(Organisation, world.organisation.id)
    volunteer = db.session.get(User, world.volunteer.id)
    return {
        "organisation": (organisation.name, organisation.description, organisation.status),
        "point": (point.name, point.active, point.assured_date, point.organisation_id),
        "offer": (offer.title, offer.status, offer.assured_date,
                  [p.id for p in offer.support_points]),
        "report": db.session.get(InformationReport, world.report.id).handled_at,
        "volunteer": (volunteer.name, volunteer.active, volunteer.organisation_id),
        "points of A": db.session.scalars(select(SupportPoint.id).where(
            SupportPoint.organisation_id == world.organisation.id)).all(),
        "offers of A": db.session.scalars(select(Offer.id).where(
            Offer.organisation_id == world.organisation.id)).all(),
    }


def test_every_partner_route_has_an_expected_access_rule(app, world):
    endpoints = {rule.endpoint for rule, _url, _method in partner_routes(app, world)}
    assert endpoints == set(ACCESS)


def login(app, world, who):
    client = app.test_client()
    if who != ANONYMOUS:
        response = signing_in.sign_in(client, world.users[who])
        assert response.status_code == 302
    return client


@pytest.mark.parametrize("who", [ANONYMOUS, Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF,
                                 Role.ADMIN])
def test_each_role_gets_exactly_what_it_may(app, db, world, who):
    client = login(app, world, who)
    for rule, url, method in partner_routes(app, world):
        response = client.open(url, method=method, data=fresh(ATTACK))
        allowed = who in ACCESS[rule.endpoint]
        where = f"{method} {url} as {who}"
        if allowed:
            # the address confirmation answers 404 to a link that is not signed
            unsigned = (404,) if rule.endpoint == "partners.confirm_address" else ()
            assert response.status_code in (200, 302, *unsigned), where
            assert "/login" not in response.headers.get("Location", ""), where
        elif who == ANONYMOUS:
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/login"), where
        else:
            assert response.status_code == 403, where


def test_another_organisations_coordinator_never_reaches_a(app, db, world):
    before = state_of_a(db, world)
    client = login(app, world, OTHER_COORDINATOR)
    for rule, url, method in partner_routes(app, world):
        response = client.open(url, method=method, data=fresh(ATTACK))
        where = f"{method} {url}"
        if rule.endpoint == "partners.claim_listing":
            continue  # a public page about a public listing: anyone may see its name
        page = response.get_data(as_text=True)
        assert not [secret for secret in SECRETS if secret in page], where
        if Role.COORDINATOR not in ACCESS[rule.endpoint]:
            assert response.status_code in (403, 302), where
        elif rule.arguments:
            assert response.status_code == 404, where
        else:
            assert response.status_code in (200, 302), where
    assert state_of_a(db, world) == before


def test_a_volunteer_changes_nothing(app, db, world):
    before = state_of_a(db, world)
    client = login(app, world, Role.VOLUNTEER)
    for _rule, url, method in partner_routes(app, world):
        if method == "POST":
            client.open(url, method=method, data=fresh(ATTACK))
    assert state_of_a(db, world) == before
