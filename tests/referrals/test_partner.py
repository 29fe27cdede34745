"""Partners take referrals: accept, decline with a reason and an alternative, note contact
attempts, hand back when unreachable, complete with an outcome; every change is an event."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from partnernet.clock import add_working_days
from partnernet.models import AuditEvent, OutboxMessage, Referral, ReferralEvent
from tests import factories
from tests.html import parse
from tests.support.concurrency import run_at_once
from tests.support.smtp import delivered


def step(client, referral, name, **fields):
    data = {f"{name}-version": referral.version,
            **{f"{name}-{key}": value for key, value in fields.items()}}
    url = (f"/partner/referrals/{referral.id}/contact-attempt" if name == "contact-attempt"
           else f"/partner/referrals/{referral.id}/{name}")
    return client.post(url + "?lang=en", data=data)


def current(db, referral) -> Referral:
    db.session.expire_all()
    return db.session.get(Referral, referral.id)


def test_accept_contact_complete_closes_the_loop(client, auth, db, partner, sent_referral,
                                                 staff, smtp_server):
    auth.login(user=partner.coordinator)
    page = client.get(f"/partner/referrals/{sent_referral.id}?lang=en").get_data(as_text=True)
    assert "Jannie Testbewoner" in page and "06-12345678" in page
    step(client, sent_referral, "accept")
    referral = current(db, sent_referral)
    step(client, referral, "contact-attempt", note="Voicemail ingesproken")
    referral = current(db, sent_referral)
    step(client, referral, "complete", outcome="helped", note="DigiD aangevraagd")
    referral = current(db, sent_referral)
    assert (referral.state, referral.outcome) == ("completed", "helped")
    assert referral.closed_at is not None
    assert [(e.from_state, e.to_state, e.reason) for e in referral.events] == [
        ("new", "sent", None), ("sent", "accepted", None),
        ("accepted", "accepted", "contact_attempt"), ("accepted", "completed", None)]
    auth.logout()
    auth.login(user=staff)
    timeline = parse(client.get(f"/staff/referrals/{referral.id}?lang=en")).select(
        ".pn-timeline li")
    assert "Voicemail ingesproken" in timeline[2].get_text()
    assert partner.coordinator.name in timeline[1].get_text()
    assert any("/staff/referrals/" in mail for mail in delivered(smtp_server)[staff.email])


def test_a_decline_returns_the_referral_with_a_reason_and_an_alternative(
        client, auth, db, partner, sent_referral, staff):
    auth.login(user=partner.coordinator)
    step(client, sent_referral, "decline", reason="no_capacity", note="Vol tot januari",
         alternative="Bibliotheek Vinkhuizen")
    referral = current(db, sent_referral)
    assert referral.state == "declined"
    assert (referral.events[-1].reason, referral.events[-1].alternative) == (
        "no_capacity", "Bibliotheek Vinkhuizen")
    auth.logout()
    auth.login(user=staff)
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    assert "Could help instead: Bibliotheek Vinkhuizen" in page.select_one(
        ".pn-timeline").get_text(" ", strip=True)
    assert page.find(id="proposals")  # staff can send it elsewhere at once


def test_a_decline_needs_a_reason_and_keeps_what_was_typed(client, auth, db, partner,
                                                           sent_referral):
    auth.login(user=partner.coordinator)
    response = step(client, sent_referral, "decline", note="Wij zitten vol")
    assert response.status_code == 400
    page = parse(response)
    assert "Choose a reason" in page.select_one(".pn-error-summary").get_text()
    assert page.select_one("#decline-note").get_text().strip() == "Wij zitten vol"
    assert current(db, sent_referral).state == "sent"


def test_unreachable_returns_the_referral_and_staff_can_cancel_it(client, auth, db, partner,
                                                                  sent_referral, staff):
    auth.login(user=partner.coordinator)
    step(client, sent_referral, "accept")
    step(client, current(db, sent_referral), "unreachable")
    assert current(db, sent_referral).state == "unreachable"
    auth.logout()
    auth.login(user=staff)
    referral = current(db, sent_referral)
    response = client.post(f"/staff/referrals/{referral.id}/cancel?lang=en",
                           data={"version": referral.version, "note": ""})
    assert response.status_code == 400 and current(db, referral).state == "unreachable"
    client.post(f"/staff/referrals/{referral.id}/cancel",
                data={"version": referral.version, "note": "Inwoner geholpen aan de balie"})
    assert current(db, referral).state == "cancelled"
    told = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient == partner.coordinator.email)).all()
    assert "Doorverwijzing gestopt in partnernet" in told


def test_a_step_that_does_not_fit_the_state_is_refused(client, auth, db, partner,
                                                       sent_referral):
    auth.login(user=partner.coordinator)
    response = step(client, sent_referral, "complete", outcome="helped")
    assert current(db, sent_referral).state == "sent"
    follow = client.get(response.location + "?lang=en").get_data(as_text=True)
    assert "This step is not possible any more" in follow


def test_an_out_of_date_page_does_not_overwrite_a_colleagues_change(client, auth, db, partner,
                                                                    sent_referral):
    seen_version = sent_referral.version
    auth.login(user=partner.coordinator)
    step(client, sent_referral, "accept")
    sent_referral.version = seen_version  # the colleague's page still shows "sent"
    response = step(client, sent_referral, "decline", reason="other")
    assert current(db, sent_referral).state == "accepted"
    assert "Someone else changed this referral just now" in client.get(
        response.location + "?lang=en").get_data(as_text=True)


def test_accept_and_decline_at_the_same_moment_change_the_state_once(app, db, partner,
                                                                     sent_referral):
    clients = []
    for _ in range(2):
        client = app.test_client()
        client.post("/login", data={"email": partner.coordinator.email,
                                    "password": factories.DEFAULT_PASSWORD})
        clients.append(client)
    actions = iter([(clients[0], "accept", {}), (clients[1], "decline", {"reason": "other"})])

    def act():
        client, name, fields = next(actions)
        return step(client, sent_referral, name, **fields)

    run_at_once(app, act)
    referral = current(db, sent_referral)
    assert referral.state in ("accepted", "declined")
    moves = db.session.scalar(select(func.count()).select_from(ReferralEvent).where(
        ReferralEvent.referral_id == referral.id, ReferralEvent.from_state == "sent"))
    assert moves == 1


def test_a_volunteer_sees_only_referrals_handed_to_them(client, auth, db, partner,
                                                        sent_referral):
    auth.login(user=partner.volunteer)
    assert client.get(f"/partner/referrals/{sent_referral.id}").status_code == 404
    assert "tbody" in client.get("/partner/referrals").get_data(as_text=True)
    auth.logout()
    auth.login(user=partner.coordinator)
    client.post(f"/partner/referrals/{sent_referral.id}/assign",
                data={"version": sent_referral.version, "volunteer": partner.volunteer.id})
    auth.logout()
    auth.login(user=partner.volunteer)
    assert client.get(f"/partner/referrals/{sent_referral.id}").status_code == 200
    step(client, current(db, sent_referral), "accept")
    assert current(db, sent_referral).state == "accepted"


def test_viewing_writes_the_audit_trail_without_personal_data(client, auth, db, partner,
                                                              sent_referral):
    auth.login(user=partner.coordinator)
    client.get(f"/partner/referrals/{sent_referral.id}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "referral_view"))
    assert (event.actor_id, event.organisation_id, event.object_id) == (
        partner.coordinator.id, partner.coordinator.organisation_id, str(sent_referral.id))
    row = " ".join(str(value) for value in vars(event).values())
    assert "Jannie" not in row and "06-12345678" not in row


@pytest.mark.parametrize(("sent", "due"), [
    (datetime(2026, 11, 20, 10, 0, tzinfo=UTC), datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
    (datetime(2026, 11, 21, 10, 0, tzinfo=UTC), datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
    (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), datetime(2026, 11, 25, 10, 0, tzinfo=UTC)),
    # Friday 23:30 UTC is Saturday 0:30 in Groningen: due Tuesday 0:30 there
    (datetime(2026, 11, 20, 23, 30, tzinfo=UTC), datetime(2026, 11, 23, 23, 30, tzinfo=UTC)),
])
def test_the_answer_is_due_two_working_days_later_weekends_skipped(sent, due):
    """Friday → Tuesday, Saturday → Tuesday, Monday → Wednesday, counted in local time."""
    assert add_working_days(sent, 2) == due
