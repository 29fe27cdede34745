"""E-mails with one-time links: invitations to set a first password, and password resets."""

from flask import current_app, render_template
from sqlalchemy import select

from partnernet.auth.login import normalise_email
from partnernet.auth.tokens import INVITATION, PASSWORD_RESET, make_token
from partnernet.extensions import db
from partnernet.models import User
from partnernet.notify.outbox import queue_email


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


def send_password_reset(email: str) -> None:
    """Queue a reset link when the address belongs to an active account; say nothing else."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        return
    link = absolute_url("auth.reset_password", token=make_token(user, PASSWORD_RESET))
    body = render_template("auth/email/password_reset.txt", user=user, link=link)
    queue_email(user.email, "Nieuw wachtwoord voor partnernet", body)
