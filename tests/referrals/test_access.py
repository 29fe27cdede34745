"""Who may see and change which referral (SECURITY criteria 3, 4, 17 and 24 for referrals).
Every route of the blueprint is walked with organisation A's referral in the URL."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from partnernet.models import Referral, ReferralEvent, Role
from tests import factories
from tests.html import fresh
from tests.referrals.conftest import RESIDENT, make_partner
from tests.support import signing_in

ANONYMOUS = "anonymous"
OTHER_COORDINATOR = "coordinator of another organisation"
STAFF = {Role.STAFF, Role.ADMIN}
PARTNERS = {Role.COORDINATOR, Role.VOLUNTEER}
EVERYONE = {ANONYMOUS, *STAFF, *PARTNERS}
ACCESS = {
    "referrals.staff_queue": STAFF,
    "referrals.new_referral": STAFF,
    "referrals.staff_referral": STAFF,
    "referrals.send": STAFF,
    "referrals.cancel": STAFF,
    "referrals.pick_up": STAFF,
    "referrals.due_times": {Role.ADMIN},
    "referrals.residents": STAFF,
    "referrals.resident": STAFF,
    "referrals.resident_export_json": STAFF,
    "referrals.resident_export_page": STAFF,
    "referrals.correct_resident": STAFF,
    "referrals.erase_resident": STAFF,
    "referrals.partner_inbox": PARTNERS,
    "referrals.partner_referral": PARTNERS,
    "referrals.partner_step": PARTNERS,
    "referrals.contact_attempt": PARTNERS,
    "referrals.assign": {Role.COORDINATOR},
    "referrals.help_request": EVERYONE,
    "referrals.help_thanks": EVERYONE,
    "referrals.status": EVERYONE,
    "referrals.feedback": EVERYONE,
    "referrals.feedback_thanks": EVERYONE,
    "referrals.answer": EVERYONE,
    "referrals.answer_step": EVERYONE,
}
ATTACK = {"version": "1", "note": "Overgenomen", "reason": "other", "outcome": "helped",
          "offer": "0", "volunteer": "0", "state": "completed", "organisation_id": "0",
          **{f"{step}-{field}": value for step in ("accept", "decline", "complete",
                                                   "unreachable", "contact-attempt")
             for field, value in (("version", "1"), ("reason", "other"),
                                  ("outcome", "helped"), ("note", "Overgenomen"))}}


@pytest.fixture
def people(db, topic, partner, staff):
    other = make_partner(topic, name="Ander")
    return {Role.COORDINATOR: partner.coordinator, Role.VOLUNTEER: partner.volunteer,
            OTHER_COORDINATOR: other.coordinator, Role.STAFF: staff,
            Role.ADMIN: factories.create_user(role=Role.ADMIN)}


def referral_routes(app, referral):
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("referrals."):
            continue
        steps = sorted(rule._converters["step"].items) if "step" in rule.arguments else [None]
        for step in steps:
            arguments = {"referral_id": referral.id} if "referral_id" in rule.arguments else {}
            if "token" in rule.arguments:
                arguments["token"] = "not-a-signed-token"
            if step:
                arguments["step"] = step
            with app.test_request_context():
                url = url_for(rule.endpoint, **arguments)
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule, url, method


def client_for(app, people, who):
    client = app.test_client()
    if who != ANONYMOUS:
        signing_in.sign_in(client, people[who])
    return client


def state_of(db, referral):
    db.session.expire_all()
    current = db.session.get(Referral, referral.id)
    events = db.session.scalar(select(func.count()).select_from(ReferralEvent).where(
        ReferralEvent.referral_id == referral.id))
    return (current.state, current.offer_id, current.assigned_to_id, current.outcome, events)


def test_every_referral_route_has_an_expected_access_rule(app, sent_referral):
    assert {rule.endpoint for rule, _u, _m in referral_routes(app, sent_referral)} == set(ACCESS)


@pytest.mark.parametrize("who", [ANONYMOUS, Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF,
                                 Role.ADMIN])
def test_each_role_gets_exactly_what_it_may(app, db, people, sent_referral, who):
    client = client_for(app, people, who)
    for rule, url, method in referral_routes(app, sent_referral):
        response = client.open(url, method=method, data=fresh(ATTACK))
        where = f"{method} {url} as {who}"
        if who == ANONYMOUS and who not in ACCESS[rule.endpoint]:
            assert response.status_code == 302 and "/login" in response.location, where
        elif who not in ACCESS[rule.endpoint]:
            assert response.status_code == 403, where
        elif who == Role.VOLUNTEER and "referral_id" in rule.arguments:
            assert response.status_code == 404, where  # not handed to this volunteer
        else:
            # /status answers 404 to a code and postcode that match no request, and the
            # feedback page to a link that is not signed
            allowed = {200, 302, 400} | ({404} if rule.endpoint in (
                "referrals.status", "referrals.feedback", "referrals.answer",
                "referrals.answer_step") else set())
            assert response.status_code in allowed, where


def test_another_organisations_coordinator_never_reaches_the_referral(app, db, people,
                                                                      sent_referral):
    before = state_of(db, sent_referral)
    client = client_for(app, people, OTHER_COORDINATOR)
    for rule, url, method in referral_routes(app, sent_referral):
        response = client.open(url, method=method, data=fresh(ATTACK))
        where = f"{method} {url}"
        assert "Testbewoner" not in response.get_data(as_text=True), where
        if Role.COORDINATOR not in ACCESS[rule.endpoint]:
            assert response.status_code == 403, where
        elif "referral_id" in rule.arguments:
            assert response.status_code == 404, where
    assert state_of(db, sent_referral) == before


def test_a_coordinator_cannot_assign_another_organisations_volunteer(client, auth, db, people,
                                                                     partner, sent_referral,
                                                                     topic):
    stranger = make_partner(topic, name="Vreemd").volunteer
    auth.login(user=partner.coordinator)
    client.post(f"/partner/referrals/{sent_referral.id}/assign",
                data={"version": sent_referral.version, "volunteer": stranger.id})
    assert state_of(db, sent_referral)[2] is None


def test_a_partner_cannot_set_what_only_the_flow_sets(client, auth, db, partner, sent_referral):
    """Criterion 4: accepting with an outcome, an offer or another organisation changes only
    the state."""
    auth.login(user=partner.coordinator)
    client.post(f"/partner/referrals/{sent_referral.id}/accept", data={
        "accept-version": sent_referral.version, "accept-outcome": "helped", "outcome": "helped",
        "offer_id": "999", "organisation_id": "999", "state": "completed"})
    state, offer_id, _assigned, outcome, _events = state_of(db, sent_referral)
    assert (state, offer_id, outcome) == ("accepted", partner.offer.id, None)


PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_scripts_in_every_referral_field_are_shown_as_text(client, auth, db, staff, partner,
                                                           payload):
    auth.login(user=staff)
    client.post("/staff/referrals/new", data=fresh({
        **RESIDENT, "resident_name": payload, "contact_time": payload,
        "need_description": payload}))
    referral = db.session.scalar(select(Referral))
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": partner.offer.id})
    invalid = client.post("/staff/referrals/new", data=fresh({
        **RESIDENT, "resident_name": payload, "postcode": payload, "resident_email": payload}))
    pages = [invalid, client.get("/staff/referrals"), client.get(f"/staff/referrals/{referral.id}")]
    auth.logout()
    auth.login(user=partner.coordinator)
    referral = db.session.get(Referral, referral.id)
    client.post(f"/partner/referrals/{referral.id}/decline", data={
        "decline-version": referral.version, "decline-reason": "other",
        "decline-note": payload, "decline-alternative": payload})
    pages += [client.get("/partner/referrals"), client.get(f"/partner/referrals/{referral.id}")]
    for page in pages:
        body = page.get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body
