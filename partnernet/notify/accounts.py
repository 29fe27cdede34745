"""The e-mails about accounts: invitations and password resets."""

from flask_babel import lazy_gettext as _l

from partnernet.extensions import db
from partnernet.models import User
from partnernet.notify import recipients
from partnernet.notify.emails import Link, send, write
from partnernet.notify.outbox import queue_email
from partnernet.privacy.audit import record_event
from partnernet.tokens import INVITATION, PASSWORD_RESET, make_token

INVITATION_SUBJECT = _l("Invitation to partnernet")


def invitation(user: User, organisation_name: str) -> None:
    """A link to choose a password, to someone just given an account."""
    db.session.flush()  # the token needs the user's id
    send(recipients.person(user), INVITATION_SUBJECT, "invitation.txt",
         Link("auth.accept_invitation", token=make_token(user, INVITATION)),
         user=user, organisation_name=organisation_name)


def invitation_to_existing_account(user: User, organisation_name: str) -> None:
    """An invitation to an address that already has an account: its holder hears of it."""
    send(recipients.person(user), INVITATION_SUBJECT, "invitation_existing_account.txt",
         user=user, organisation_name=organisation_name)
    record_event("user_invite_existing_account", object_type="user", object_id=user.id)


def password_reset(user: User, language: str, known: bool) -> None:
    """A one-time link to choose a new password. For an address without an account (`known`
    False) the same work is done and nothing is queued, so the time of the answer does not
    tell whether the account exists."""
    subject, body = write(language, _l("New password for partnernet"), "password_reset.txt",
                          Link("auth.reset_password", token=make_token(user, PASSWORD_RESET)),
                          user=user)
    if known:
        queue_email(user.email, subject, body)
