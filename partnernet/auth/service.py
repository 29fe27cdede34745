"""Every write of the accounts feature: signing in and out, passwords, names. Each function
commits once, with its audit event."""

from partnernet.auth.login import authenticate
from partnernet.auth.password_reset import send_password_reset
from partnernet.auth.sessions import end_session, start_session
from partnernet.extensions import db
from partnernet.models import User
from partnernet.privacy.audit import record_event


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


def request_password_reset(email: str) -> None:
    send_password_reset(email)
    db.session.commit()
