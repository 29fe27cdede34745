"""`flask partnernet escalate`: a referral not answered in time is escalated once, to the staff
member who referred and to the partner."""

from datetime import timedelta

from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.models import OutboxMessage, Referral
from partnernet.referrals import service
from partnernet.referrals.service import escalate_overdue
from tests.support.concurrency import run_at_once


def make_overdue(db, referral, hours=1):
    referral.due_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def recipients(db) -> list[str]:
    return sorted(db.session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.subject.like("Doorverwijzing%te laat%")
        | OutboxMessage.subject.like("Doorverwijzing wacht%"))))


def test_an_overdue_referral_is_escalated_once_to_staff_and_partner(runner, db, staff,
                                                                    partner, sent_referral):
    make_overdue(db, sent_referral)
    assert runner.invoke(args=["partnernet", "escalate"]).output.startswith(
        "Escalated 1 overdue referrals.")
    assert runner.invoke(args=["partnernet", "escalate"]).output.startswith(
        "Escalated 0 overdue referrals.")
    assert recipients(db) == sorted([staff.email, partner.coordinator.email])
    [mail] = db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.recipient == staff.email, OutboxMessage.subject.like("%te laat%")))
    assert f"/staff/referrals/{sent_referral.id}" in mail and "Testbewoner" not in mail


def test_a_referral_within_its_time_or_answered_is_not_escalated(db, partner, sent_referral,
                                                                 staff):
    assert escalate_overdue(utcnow()) == 0
    make_overdue(db, sent_referral)
    service.change_state(sent_referral, "accepted", partner.coordinator, sent_referral.version)
    assert escalate_overdue(utcnow()) == 0


def test_sent_again_elsewhere_it_can_be_escalated_again(db, topic, staff, partner,
                                                        sent_referral):
    make_overdue(db, sent_referral)
    assert escalate_overdue(utcnow()) == 1
    service.change_state(sent_referral, "declined", partner.coordinator, sent_referral.version,
                         reason="no_capacity")
    service.send_referral(sent_referral, partner.offer, staff, sent_referral.version)
    assert db.session.get(Referral, sent_referral.id).escalated_at is None
    assert escalate_overdue(utcnow() + timedelta(days=10)) == 1


def test_two_jobs_at_once_escalate_once(app, db, sent_referral):
    make_overdue(db, sent_referral)
    assert sorted(run_at_once(app, lambda: escalate_overdue(utcnow()))) == [0, 1]
