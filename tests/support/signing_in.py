"""Signing a test client in through the real pages: the password, then (for accounts with a
second factor set up by the factories) a code the app has not seen yet."""

from sqlalchemy import select

from partnernet.auth.second_factor import code_for, hash_recovery_code, time_step
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.models import RecoveryCode, User
from tests import factories


def unused_code(user_id: int, secret: str = factories.TOTP_SECRET) -> str:
    """The next time code the app will take (a code works once, within one step of now), or,
    when a test signs in more often than that, an unused recovery code. Never the step before
    now: the next step may begin before the app checks it."""
    last = db.session.scalar(select(User.totp_last_step).where(User.id == user_id))
    now = time_step(utcnow())
    step = max(now, (last or 0) + 1)
    if step <= now + 1:
        return code_for(secret, step)
    used = set(db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_not(None))))
    return next(code for code in factories.RECOVERY_CODES
                if hash_recovery_code(code) not in used)


def sign_in(client, user, password: str = factories.DEFAULT_PASSWORD, url: str = "/login",
            **request):
    """POST the password (to `url`, which may carry ?next=), then the code when asked; the
    last response."""
    response = client.post(url, data={"email": user.email, "password": password}, **request)
    if response.status_code == 302 and response.location == "/login/code":
        response = client.post("/login/code", data={"code": unused_code(user.id)}, **request)
    return response
