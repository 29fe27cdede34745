"""Every write of the accounts feature: signing in and out, passwords and password resets,
names, creating and deactivating accounts. Each function commits once, with its audit event
and the e-mail it causes."""

from sqlalchemy import select

from partnernet.auth.login import authenticate
from partnernet.auth.sessions import end_session, start_session
from partnernet.extensions import db
from partnernet.models import AuditResult, Role, User
from partnernet.models.people import normalise_email
from partnernet.notify import accounts as emails
from partnernet.passwords import password_problem
from partnernet.privacy.audit import record_event
from partnernet.submit_once import change_once


class AccountExists(Exception):
    """An account with this e-mail address exists already."""


class PasswordRefused(ValueError):
    """The password does not meet the policy; the message says why, for the user."""


def sign_in(email: str, password: str, language: str) -> User | None:
    """The user signed in with a fresh session, or None; the attempt is audited either way
    (and a failure counts towards the lockout). The language they sign in with is the one
    their e-mails are written in from now on."""
    user = authenticate(email, password)
    if user is not None:
        user.language = language
        start_session(user)
    db.session.commit()
    return user


def sign_out(user: User | None = None) -> None:
    """End this browser's session; `user` when they asked for it (audited)."""
    if user is not None:
        record_event("logout", object_type="user", object_id=user.id)
    end_session()
    db.session.commit()


def set_password(user: User, password: str, event: str, language: str) -> None:
    """A new password signs the user out everywhere else and in here, with a new session
    (and, like signing in, sets the language of their e-mails)."""
    user.set_password(password)
    user.language = language
    user.end_all_sessions()
    start_session(user)
    record_event(event, object_type="user", object_id=user.id)
    db.session.commit()


def rename(user: User, name: str) -> None:
    user.name = name
    record_event("user_update", object_type="user", object_id=user.id)
    db.session.commit()


def request_password_reset(email: str, language: str) -> None:
    """Queue a reset link when the address belongs to an active account; say nothing else.
    An unknown address costs the same work (a token, the mail's text, one audit row), so the
    time of the answer does not tell whether the account exists. The mail itself goes out
    from the outbox, never in the request. `language`: the page's, for an unknown address."""
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address))
    recipient = user if user is not None and user.active else User(
        id=0, email=address, name="", active=False)
    known = recipient is user
    emails.password_reset(recipient, recipient.language if known else language, known)
    record_event("password_reset_request", object_type="user",
                 object_id=recipient.id if known else None,
                 result=AuditResult.SUCCESS if known else AuditResult.FAILURE)
    db.session.commit()


def create_account(email: str, name: str, role: Role, password: str) -> User:
    """An account whose password its creator chose (an administrator at the command line).
    Raises PasswordRefused or AccountExists, changing nothing."""
    problem = password_problem(password)
    if problem:
        raise PasswordRefused(str(problem))
    address = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == address)):
        raise AccountExists
    user = User(email=address, name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user_create", object_type="user", object_id=user.id)
    db.session.commit()
    return user


def deactivate(user: User) -> None:
    """The account can no longer sign in, and every session of it ends at once."""
    if change_once(User.active, user.id, False):
        user.end_all_sessions()
        record_event("user_deactivate", object_type="user", object_id=user.id)
    db.session.commit()
