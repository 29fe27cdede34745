"""Help logged as "the municipality must follow up" waits in the staff queue until picked up."""

from datetime import date

import pytest
from sqlalchemy import select

from partnernet.clock import local_today
from partnernet.models import AssistanceLog, AuditEvent, Role
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.support import signing_in
from tests.support.assistance_world import log
from tests.support.concurrency import run_at_once

NOTE = "Aanslag afvalstoffenheffing klopt niet; graag contact met de inwoner via het WIJ-team."


def follow_up(world, **fields):
    return log(world.a, on=date(2026, 11, 2), outcome="municipal_follow_up", note=NOTE,
               municipal_service_id=world.service.id, **fields)


def queue_notes(response) -> list[str]:
    return [cell.get_text(" ", strip=True)
            for cell in parse(response).select("main table tbody tr td:nth-of-type(4)")]


def test_a_follow_up_waits_in_the_staff_queue_until_picked_up(client, auth, db, world):
    item = follow_up(world)
    log(world.a, on=date(2026, 11, 2), outcome="solved")
    auth.login(user=world.staff)
    queue = client.get("/staff/referrals?lang=en")
    assert NOTE in queue_notes(queue)
    assert "Municipal taxes" in queue.get_data(as_text=True)
    picked = client.post(f"/staff/follow-ups/{item.id}/handled?back=queue")
    assert picked.location == "/staff/referrals"
    db.session.expire_all()
    handled = db.session.get(AssistanceLog, item.id)
    assert handled.follow_up_handled_by_id == world.staff.id
    assert handled.follow_up_handled_at is not None
    assert NOTE not in client.get("/staff/referrals").get_data(as_text=True)
    assert NOTE not in client.get("/staff/follow-ups").get_data(as_text=True)


def test_the_queue_shows_the_oldest_and_links_to_all(client, auth, world):
    for _n in range(7):
        follow_up(world)
    auth.login(user=world.staff)
    queue = parse(client.get("/staff/referrals?lang=en"))
    assert len(queue.select("form[action*='/staff/follow-ups/']")) == 5
    assert queue.find("a", string="See all 7 follow-ups")["href"] == "/staff/follow-ups"
    everything = parse(client.get("/staff/follow-ups"))
    assert len(everything.select("form[action*='/staff/follow-ups/']")) == 7


def test_two_staff_members_picking_it_up_at_once_pick_it_up_once(app, db, world):
    item = follow_up(world)
    colleague = factories.create_user(role=Role.STAFF)
    clients = iter([signed_in(app, world.staff), signed_in(app, colleague)])

    run_at_once(app, lambda: next(clients).post(f"/staff/follow-ups/{item.id}/handled"))
    picked_up = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "follow_up_handled")).all()
    assert len(picked_up) == 1
    db.session.expire_all()
    assert db.session.get(AssistanceLog, item.id).follow_up_handled_by_id == \
        picked_up[0].actor_id


def signed_in(app, user):
    client = app.test_client()
    signing_in.sign_in(client, user)
    return client


def test_only_follow_ups_can_be_picked_up(client, auth, world):
    solved = log(world.a, on=date(2026, 11, 2), outcome="solved")
    auth.login(user=world.staff)
    assert client.post(f"/staff/follow-ups/{solved.id}/handled").status_code == 404
    assert client.post("/staff/follow-ups/999999/handled").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_partners_do_not_see_or_pick_up_follow_ups(client, auth, world, role):
    item = follow_up(world)
    auth.login(user=world.a.coordinator if role == Role.COORDINATOR else world.a.volunteer)
    assert client.get("/staff/follow-ups").status_code == 403
    assert client.post(f"/staff/follow-ups/{item.id}/handled").status_code == 403


def test_a_follow_up_must_say_what_the_municipality_must_do(client, auth, db, world):
    auth.login(user=world.a.volunteer)
    response = client.post("/log/new?lang=en", data=fresh({
        "given_on": local_today().isoformat(), "support_point": world.a.points[0].id,
        "topics": ["digid"], "minutes": "30", "channel": "walk_in",
        "outcome": "municipal_follow_up", "municipal_service": "0", "referral": "0",
        "note": ""}))
    assert error_summary(response) == [
        "Say what the municipality must do: staff read this note"]
    assert db.session.scalar(select(AssistanceLog.id)) is None
