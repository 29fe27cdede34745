"""The e-mails about accounts: each function queues one e-mail; the caller commits it with the
change that causes it."""

from flask import render_template

from partnernet.extensions import db
from partnernet.models import User
from partnernet.notify.links import absolute_url
from partnernet.notify.outbox import queue_email
from partnernet.privacy.audit import record_event
from partnernet.tokens import INVITATION, make_token


def send_invitation(user: User, organisation_name: str) -> None:
    """Queue the invitation; the caller commits it with the change that causes it."""
    db.session.flush()  # the token needs the user's id
    link = absolute_url("auth.accept_invitation", token=make_token(user, INVITATION))
    body = render_template("auth/email/invitation.txt", user=user, link=link,
                           organisation_name=organisation_name)
    queue_email(user.email, "Uitnodiging voor partnernet", body)


def tell_existing_account(user: User, organisation_name: str) -> None:
    """An invitation to an address that already has an account: its holder hears of it."""
    body = render_template("auth/email/invitation_existing_account.txt", user=user,
                           organisation_name=organisation_name)
    queue_email(user.email, "Uitnodiging voor partnernet", body)
    record_event("user_invite_existing_account", object_type="user", object_id=user.id)
