"""Overdue referrals: sent, and not accepted or declined within the answer time. The job tells
the staff member who referred and the partner, once per referral."""

from datetime import datetime

from flask import render_template
from sqlalchemy import select, update

from partnernet.extensions import db
from partnernet.models import Referral, ReferralState, User
from partnernet.notify.links import absolute_url
from partnernet.notify.outbox import queue_email
from partnernet.privacy.audit import record_event
from partnernet.referrals.service import coordinator_emails


def escalate_overdue(now: datetime) -> int:
    """Claim every overdue referral not escalated yet with one conditional UPDATE, so a second
    run, or two at once, escalates each once; a referral sent again is due (and escalated)
    afresh. Returns how many were escalated."""
    claimed = db.session.execute(
        update(Referral)
        .where(Referral.state == ReferralState.SENT, Referral.response_due_at < now,
               Referral.escalated_at.is_(None))
        .values(escalated_at=now)
        .returning(Referral.id, Referral.created_by_id, Referral.organisation_id)
        .execution_options(synchronize_session=False)
    ).all()
    for referral_id, referrer_id, organisation_id in claimed:
        _tell(referral_id, referrer_id, organisation_id)
        record_event("referral_escalate", object_type="referral", object_id=referral_id)
    db.session.commit()
    return len(claimed)


def _tell(referral_id: int, referrer_id: int | None, organisation_id: int | None) -> None:
    referrer = db.session.scalar(select(User.email).where(
        User.id == referrer_id, User.active.is_(True))) if referrer_id else None
    if referrer:
        queue_email(referrer, "Doorverwijzing te laat in partnernet", render_template(
            "referrals/email/overdue_staff.txt",
            link=absolute_url("referrals.staff_referral", referral_id=referral_id)))
    for email in coordinator_emails(organisation_id) if organisation_id else []:
        queue_email(email, "Doorverwijzing wacht op uw antwoord", render_template(
            "referrals/email/overdue_partner.txt",
            link=absolute_url("referrals.partner_referral", referral_id=referral_id)))
