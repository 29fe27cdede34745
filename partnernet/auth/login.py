"""Checking credentials, with lockout after repeated failures."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.models import AuditResult, User
from partnernet.models.people import normalise_email
from partnernet.passwords import verify_password
from partnernet.privacy.audit import record_event


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None. Every attempt is audited; an unknown
    e-mail, a wrong password, a locked or a disabled account all look the same to the caller."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    # The hash is checked on every path, locked and unknown accounts too: the time an answer
    # takes must not tell which it was.
    password_ok = verify_password(user.password_hash if user else None, password)
    now = utcnow()
    if user is None:
        record_event("login", result=AuditResult.FAILURE)
        return None
    if user.is_locked(now) or not password_ok or not user.active:
        if not user.is_locked(now):
            user.record_failed_login(
                now,
                current_app.config["LOGIN_LOCKOUT_FAILURES"],
                timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]),
            )
        record_event("login", object_type="user", object_id=user.id,
                     result=AuditResult.FAILURE, actor=user)
        return None
    user.record_login(now)
    record_event("login", object_type="user", object_id=user.id, actor=user)
    return user
