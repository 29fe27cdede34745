"""Checking credentials (the password, then the second factor), with lockout after repeated
failures of either."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from partnernet.auth import second_factor
from partnernet.clock import utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import AuditResult, RecoveryCode, User
from partnernet.models.people import normalise_email
from partnernet.passwords import verify_password
from partnernet.privacy.audit import record_event


def _count_failure(user: User, now: datetime) -> None:
    user.record_failed_login(
        now,
        current_app.config["LOGIN_LOCKOUT_FAILURES"],
        timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]),
    )
    if user.is_locked(now):  # this failure locked the account: the council report counts it
        record_event("account_locked", object_type="user", object_id=user.id,
                     result=AuditResult.DENIED, actor=user)


def authenticate(email: str, password: str) -> User | None:
    """The user whose password this is, or None. Every failure is audited and counts towards
    the lockout; an unknown e-mail, a wrong password, a locked or a disabled account all look
    the same to the caller. Signing in finishes with `signed_in`, after a second factor when
    the account has or needs one."""
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
            _count_failure(user, now)
        record_event("login", object_type="user", object_id=user.id,
                     result=AuditResult.FAILURE, actor=user)
        return None
    return user


def signed_in(user: User) -> None:
    """Both factors given: the failure count starts again, and the sign-in is audited."""
    user.record_login(utcnow())
    record_event("login", object_type="user", object_id=user.id, actor=user)


def check_second_factor(user: User, code: str) -> bool:
    """A code from the user's authenticator app (once, within its window) or one of their
    unused recovery codes (then used up). A wrong code counts towards the lockout like a
    wrong password, and a locked account takes no code at all."""
    now = utcnow()
    accepted = not user.is_locked(now) and (_use_time_code(user, code, now)
                                            or _use_recovery_code(user, code, now))
    if not accepted:
        if not user.is_locked(now):
            _count_failure(user, now)
        record_event("login_code", object_type="user", object_id=user.id,
                     result=AuditResult.FAILURE, actor=user)
    return accepted


def _use_time_code(user: User, code: str, now: datetime) -> bool:
    if user.totp_secret is None:
        return False
    step = second_factor.matching_step(user.totp_secret, code, now)
    # Claimed in one conditional UPDATE: two requests with the same code cannot both pass.
    return step is not None and rows_changed(
        update(User).where(User.id == user.id,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)) == 1


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    used = rows_changed(
        update(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == second_factor.hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        ).values(used_at=now).execution_options(synchronize_session=False)) == 1
    if used:
        record_event("recovery_code_use", object_type="user", object_id=user.id, actor=user)
    return used
