"""Every open request has an owner and a due moment, and is escalated whatever its state
(issue 14: no dead ends)."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from partnernet.clock import LOCAL_TIMEZONE, add_working_days, utcnow
from partnernet.models import DueStep, OutboxMessage, Referral, ReferralState, Role
from partnernet.models.referral_queries import Hole, count_loop_holes, loop_holes
from partnernet.referrals import service
from tests import factories
from tests.html import fresh, parse
from tests.referrals.conftest import RESIDENT

WEDNESDAY_MORNING = "2026-12-02T09:00:00+01:00"


def _latest(db) -> Referral:
    db.session.expire_all()
    return db.session.scalar(select(Referral).order_by(Referral.id.desc()))


def _due_after(moment, days):
    return add_working_days(moment, days)


def _mails_to(db, address) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


@freeze_time(WEDNESDAY_MORNING)
def test_each_step_of_the_normal_flow_has_an_owner_and_a_due_moment(client, auth, db, staff,
                                                                    partner):
    auth.login(user=staff)
    client.post("/staff/referrals/new", data=fresh(RESIDENT))
    referral = _latest(db)
    assert (referral.owner_id, referral.next_step) == (staff.id, DueStep.SEND)
    assert referral.due_at == _due_after(utcnow(), 1)
    service.send_referral(referral, partner.offer, staff, referral.version)
    assert (referral.next_step, referral.due_at) == (DueStep.ANSWER, _due_after(utcnow(), 2))
    service.change_state(referral, ReferralState.ACCEPTED, partner.coordinator,
                         referral.version)
    assert (referral.next_step, referral.due_at) == (DueStep.COMPLETE,
                                                     _due_after(utcnow(), 10))
    assert count_loop_holes() == 0
    service.change_state(referral, ReferralState.UNREACHABLE, partner.coordinator,
                         referral.version)
    assert referral.next_step == DueStep.SEND_ELSEWHERE and referral.owner_id == staff.id
    service.change_state(referral, ReferralState.CANCELLED, staff, referral.version)
    assert referral.due_at is None and referral.next_step is None
    assert count_loop_holes() == 0


@freeze_time(WEDNESDAY_MORNING)
def test_a_residents_own_request_is_due_within_the_promised_time(client, auth, db, staff,
                                                                 topic):
    thanks = client.post("/help?lang=en", data=fresh(RESIDENT), follow_redirects=True)
    assert "Within 2 working days, we find someone who can help you" in thanks.get_data(
        as_text=True)
    request = _latest(db)
    assert request.owner_id is None and request.next_step == DueStep.PICK_UP
    assert request.due_at == _due_after(utcnow(), 2)
    assert count_loop_holes() == 0  # the staff on duty answer for it until it is picked up
    auth.login(user=staff)
    response = client.post(f"/staff/referrals/{request.id}/pick-up",
                           data={"version": request.version})
    assert response.status_code == 302
    picked = _latest(db)
    assert picked.owner_id == staff.id and picked.due_at == request.due_at  # promise kept
    page = parse(client.get("/staff/referrals?show=mine&lang=en"))
    assert [a.get_text(strip=True) for a in page.select("tbody tr td:first-child a")] == [
        picked.reference]


def test_the_loop_check_finds_each_kind_of_hole(runner, db, staff, partner):
    no_due = factories.create_referral(owner_id=staff.id)
    gone = factories.create_user(role=Role.STAFF, active=False)
    no_owner = factories.create_referral(owner_id=gone.id, due_at=utcnow())
    unwatched = factories.create_organisation(name="Forum", email=None)
    nobody = factories.create_referral(state="sent", organisation_id=unwatched.id,
                                       owner_id=staff.id, due_at=utcnow())
    holes = {(hole.referral_id, hole.hole) for hole in loop_holes()}
    assert holes == {(no_due.id, Hole.NO_DUE_MOMENT), (no_owner.id, Hole.NO_OWNER),
                     (nobody.id, Hole.NOBODY_AT_PARTNER)}
    assert count_loop_holes() == 3
    result = runner.invoke(args=["partnernet", "check-loop"])
    assert result.exit_code == 1
    assert "3 open requests without someone who answers for them." in result.output
    assert no_due.reference in result.output


def test_the_loop_check_passes_when_nothing_leaks(runner, db):
    result = runner.invoke(args=["partnernet", "check-loop"])
    assert result.exit_code == 0 and "0 open requests" in result.output


def test_the_dashboard_shows_the_holes_to_staff(client, auth, db, staff):
    auth.login(user=staff)
    assert "Every open request has someone" in client.get("/dashboard?lang=en").get_data(
        as_text=True)
    factories.create_referral(owner_id=staff.id)
    assert "1 request has nobody who answers for it" in client.get(
        "/dashboard?lang=en").get_data(as_text=True)


def _accepted(db, staff, partner):
    referral = factories.create_referral(owner_id=staff.id, created_by_id=staff.id)
    service.send_referral(referral, partner.offer, staff, referral.version)
    service.change_state(referral, ReferralState.ACCEPTED, partner.coordinator,
                         referral.version)
    return referral


def test_an_accepted_referral_never_finished_is_escalated_and_then_to_the_team_lead(
        db, staff, partner):
    lead = factories.create_user(role=Role.STAFF, email="lead@gemeente.example.org",
                                 is_team_lead=True)
    referral = _accepted(db, staff, partner)
    first = referral.due_at + timedelta(minutes=1)
    assert service.escalate_overdue(first) == 1
    assert service.escalate_overdue(first) == 0  # once per due moment
    [to_partner] = _mails_to(db, partner.coordinator.email)[-1:]
    assert to_partner.subject == "Doorverwijzing wacht op afronding"
    assert [m.subject for m in _mails_to(db, staff.email)][-1] == (
        "Doorverwijzing te laat in partnernet")
    assert len(_mails_to(db, lead.email)) == 1  # a staff member on duty, once
    db.session.expire_all()
    again = db.session.get(Referral, referral.id)
    assert again.overdue_count == 1 and again.due_at > first and again.is_overdue(first)
    assert service.escalate_overdue(again.due_at + timedelta(minutes=1)) == 1
    lead_mails = _mails_to(db, lead.email)
    assert len(lead_mails) == 2 and "tweede keer" in lead_mails[-1].body


@pytest.mark.parametrize("state", ["new", "declined", "unreachable"])
def test_requests_back_with_staff_are_escalated_too(db, staff, state):
    referral = factories.create_referral(state=state, owner_id=staff.id,
                                         due_at=utcnow() - timedelta(hours=1))
    assert service.escalate_overdue(utcnow()) == 1
    [mail] = _mails_to(db, staff.email)
    assert f"/staff/referrals/{referral.id}" in mail.body


@pytest.mark.app_config(STAFF_TEAM_EMAIL="team@gemeente.example.org")
def test_an_unowned_request_goes_to_the_teams_address(db, staff):
    factories.create_referral(source="resident", due_at=utcnow() - timedelta(hours=1))
    assert service.escalate_overdue(utcnow()) == 1
    assert len(_mails_to(db, "team@gemeente.example.org")) == 1
    assert _mails_to(db, staff.email) == []


def test_an_administrator_sets_the_due_times(client, auth, db, staff):
    admin = factories.create_user(role=Role.ADMIN)
    auth.login(user=admin)
    page = parse(client.get("/staff/referrals/due-times?lang=en"))
    assert page.select_one("#answer")["value"] == "2"
    bad = client.post("/staff/referrals/due-times?lang=en", data={
        "pick_up": "3", "send": "1", "answer": "0", "complete": "10", "send_elsewhere": "x"})
    assert bad.status_code == 200
    assert "Use a number of working days from 1 to 60" in bad.get_data(as_text=True)
    assert service.working_days(DueStep.PICK_UP) == 2  # nothing saved
    client.post("/staff/referrals/due-times", data={
        "pick_up": "3", "send": "1", "answer": "4", "complete": "15", "send_elsewhere": "2"})
    assert service.working_days(DueStep.ANSWER) == 4
    assert service.working_days(DueStep.PICK_UP) == 3
    auth.logout()
    assert "Within 3 working days" in client.get("/help/thanks?lang=en").get_data(as_text=True)


def test_staff_who_are_not_admins_cannot_change_due_times(client, auth, staff):
    auth.login(user=staff)
    assert client.get("/staff/referrals/due-times").status_code == 403


def test_due_moments_count_working_days_in_groningen():
    friday_evening = utcnow().replace(2026, 12, 24, 17, 0).astimezone(LOCAL_TIMEZONE)
    assert add_working_days(friday_evening, 1).date().isoformat() == "2026-12-28"
