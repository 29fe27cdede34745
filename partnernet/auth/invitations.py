"""E-mails with one-time links: invitations to set a first password, and password resets."""

from flask import current_app, render_template
from sqlalchemy import select

from partnernet.auth.login import normalise_email
from partnernet.auth.tokens import INVITATION, PASSWORD_RESET, make_token
from partnernet.extensions import db
from partnernet.models import AuditResult, User
from partnernet.notify.outbox import queue_email
from partnernet.privacy.audit import record_event


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail, also from a job outside any request."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


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


def send_password_reset(email: str) -> None:
    """Queue a reset link when the address belongs to an active account; say nothing else.
    An unknown address costs the same work (a token, the mail's text, one audit row), so the
    time of the answer does not tell whether the account exists. The mail itself goes out
    from the outbox, never in the request."""
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address))
    known = user is not None and user.active
    recipient = user if known else User(id=0, email=address, name="", active=False)
    link = absolute_url("auth.reset_password", token=make_token(recipient, PASSWORD_RESET))
    body = render_template("auth/email/password_reset.txt", user=recipient, link=link)
    record_event("password_reset_request", object_type="user",
                 object_id=user.id if known else None,
                 result=AuditResult.SUCCESS if known else AuditResult.FAILURE)
    if known:
        queue_email(recipient.email, "Nieuw wachtwoord voor partnernet", body)
