"""Password resets: a one-time link by e-mail, without saying whether the account exists."""

from flask_babel import get_locale
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import AuditResult, User
from partnernet.models.people import normalise_email
from partnernet.notify import accounts
from partnernet.privacy.audit import record_event


def send_password_reset(email: str) -> None:
    """Queue a reset link when the address belongs to an active account; say nothing else.
    An unknown address costs the same work (a token, the mail's text, one audit row), so the
    time of the answer does not tell whether the account exists. The mail itself goes out
    from the outbox, never in the request."""
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address))
    recipient = user if user is not None and user.active else User(
        id=0, email=address, name="", active=False)
    known = recipient is user
    accounts.password_reset(recipient, recipient.language if known else str(get_locale()),
                            known)
    record_event("password_reset_request", object_type="user",
                 object_id=recipient.id if known else None,
                 result=AuditResult.SUCCESS if known else AuditResult.FAILURE)
