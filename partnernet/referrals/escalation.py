"""Overdue referrals: sent, and not accepted or declined within the answer time. The job tells
the staff member who referred and the partner, once per referral."""

from datetime import datetime

from sqlalchemy import update

from partnernet.extensions import db
from partnernet.models import Referral, ReferralState
from partnernet.notify import referrals as emails
from partnernet.privacy.audit import record_event


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
        emails.overdue(referral_id, referrer_id, organisation_id)
        record_event("referral_escalate", object_type="referral", object_id=referral_id)
    db.session.commit()
    return len(claimed)
