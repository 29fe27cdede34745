"""What the staff's and the partners' referral pages share."""

from flask import flash
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import load_only

from partnernet.extensions import db
from partnernet.models import Referral, Topic, User
from partnernet.models.referrals import IllegalTransition
from partnernet.privacy.audit import record_access
from partnernet.referrals import service

PAGE_SIZE = 50
# Lists show no personal data: they load (and decrypt) none, and sort narrow rows.
LISTED = load_only(Referral.id, Referral.reference, Referral.state, Referral.urgency,
                   Referral.organisation_id, Referral.sent_at, Referral.due_at,
                   Referral.overdue_count, Referral.owner_id, Referral.source,
                   Referral.topic_id, Referral.created_at, Referral.closed_at)


def topic_of(referral: Referral) -> str | None:
    topic = db.session.get(Topic, referral.topic_id) if referral.topic_id else None
    return topic.name(str(get_locale())) if topic else None


def record_view(referral: Referral) -> None:
    """Opening a referral shows the resident's personal data: the audit trail says who."""
    record_access("referral_view", object_type="referral", object_id=referral.id)


def people_of(referral: Referral) -> dict[int, User]:
    ids = {event.actor_id for event in referral.events if event.actor_id}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def act(referral: Referral, change, done_message: str) -> bool:
    """Carry out a change; a colleague's change in between or a step that does not fit the
    current state is explained, and the page shows the referral as it is now."""
    try:
        change()
    except service.Conflict:
        flash(_("Someone else changed this referral just now. Nothing was changed by you; "
                "below is how it is now."))
        return False
    except IllegalTransition:
        db.session.rollback()
        flash(_("This step is not possible any more: the referral has moved on. Below is how "
                "it is now."))
        return False
    flash(done_message)
    return True
