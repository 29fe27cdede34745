"""Login sessions kept on the server: logout, disabling an account or a new password end them.

The signed cookie holds a random session token; the database holds its hash and expiry.
The idle timeout is tracked in the cookie (so reading pages never writes to the database),
the absolute timeout in the database.
"""

import secrets
from datetime import datetime

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select

from partnernet.clock import utcnow
from partnernet.extensions import db, login_manager
from partnernet.models import User, UserSession
from partnernet.security import SIGN_IN_TOKEN

TOKEN_KEY = SIGN_IN_TOKEN
SEEN_KEY = "seen"
PENDING_KEY = "pending_sign_in"
# Between the password and the second factor: long enough to find the phone, set up an app.
PENDING_SECONDS = 10 * 60


def start_session(user: User) -> None:
    """Sign in with a fresh session id (the old cookie content is dropped: no fixation)."""
    language = session.get("lang")
    session.clear()
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.execute(  # this user's expired sessions are of no further use
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    db.session.add(
        UserSession(
            user=user,
            token_hash=UserSession.hash_token(token),
            expires_at=now + current_app.config["PERMANENT_SESSION_LIFETIME"],
        )
    )
    session.permanent = True
    session[TOKEN_KEY] = token
    session[SEEN_KEY] = now.timestamp()
    if language:
        session["lang"] = language
    login_user(user)


def end_session() -> None:
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == UserSession.hash_token(token))
        )
    logout_user()
    session.clear()


def begin_pending_sign_in(user: User, next_url: str | None) -> None:
    """The password was right; signing in waits for the second factor. Nothing in this
    browser is signed in yet: the session only remembers whose password it was, until when."""
    language = session.get("lang")
    session.clear()
    session[PENDING_KEY] = {"user": user.id, "at": utcnow().timestamp(), "next": next_url}
    if language:
        session["lang"] = language


def forget_pending_sign_in() -> None:
    session.pop(PENDING_KEY, None)


def pending_sign_in() -> tuple[User, str | None] | None:
    """The account whose password was given in this browser in the last ten minutes (and
    where to go afterwards), or None (None too once the account is disabled)."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    try:
        fresh = utcnow().timestamp() - float(pending["at"]) <= PENDING_SECONDS
        user = db.session.get(User, int(pending["user"])) if fresh else None
    except (KeyError, TypeError, ValueError):
        return None
    if user is None or not user.can_sign_in:
        return None
    next_url = pending.get("next")
    return user, next_url if isinstance(next_url, str) else None


def _idle_expired(now: datetime) -> bool:
    seen = session.get(SEEN_KEY)
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    return seen is None or now.timestamp() - float(seen) > idle


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    now = utcnow()
    if _idle_expired(now):
        return None
    known = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == UserSession.hash_token(token))
    )
    if known is None or known.expires_at <= now or str(known.user_id) != user_id:
        return None
    return known.user if known.user.active else None


def keep_session_alive(response):
    """After each request by a signed-in user, move the idle deadline forward (not after a
    server error: the database may be down, and the user unknown)."""
    if response.status_code < 500 and request.endpoint != "static" \
            and current_user.is_authenticated:
        session[SEEN_KEY] = utcnow().timestamp()
    return response
