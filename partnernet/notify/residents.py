"""The e-mails a resident gets about their own request, when they asked for them: short, in
their language, and with nothing about them but their first name."""

from flask_babel import lazy_gettext as _l

from partnernet.models import Organisation, Referral, ReferralState
from partnernet.notify.emails import Link, send
from partnernet.notify.recipients import Recipient
from partnernet.tokens import make_feedback_token

TEMPLATES = {ReferralState.SENT: "resident_sent.txt",
             ReferralState.ACCEPTED: "resident_accepted.txt",
             ReferralState.COMPLETED: "resident_closed.txt",
             ReferralState.CANCELLED: "resident_closed.txt"}


def update(referral: Referral, organisation: Organisation | None) -> None:
    """Tell the resident their request moved on (sent, accepted or closed), if they asked."""
    template = TEMPLATES.get(ReferralState(referral.state))
    if template is None or not referral.updates_language or not referral.resident_email:
        return
    closed = not referral.is_open
    send([Recipient(referral.resident_email, referral.updates_language)],
         _l("Your question %(reference)s", reference=referral.reference), template,
         Link("referrals.feedback", token=make_feedback_token(referral.id)) if closed
         else Link("referrals.status"),
         first_name=(referral.resident_name or "").split(" ")[0],
         partner=organisation.name if organisation else None, due_at=referral.due_at,
         reference=referral.reference, completed=referral.state == ReferralState.COMPLETED)
