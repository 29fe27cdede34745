"""Signed one-time links for invitations and password resets, and a resident's link to say
whether they got the help they needed.

A token names the user and a fingerprint of their current password hash. Setting a password
changes the fingerprint, so a token works once; the signature's age bounds its life. Nothing
is stored, and a token says nothing about the person (only an id inside a signature)."""

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from partnernet.extensions import db
from partnernet.models import User

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"
FEEDBACK = "resident-feedback"
ADDRESS_CHECK = "address-check"
ANSWER = "referral-answer"
LIFETIME = {INVITATION: timedelta(days=7), PASSWORD_RESET: timedelta(hours=2),
            FEEDBACK: timedelta(days=60), ADDRESS_CHECK: timedelta(days=7),
            ANSWER: timedelta(days=30)}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"partnernet-{purpose}")


def _fingerprint(user: User) -> str:
    state = f"{user.password_hash or 'no password'}|{user.active}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str, purpose: str) -> User | None:
    """The active user the token was made for, while it is fresh and unused; else None."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=int(LIFETIME[purpose].total_seconds())
        )
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None or not user.active or payload.get("f") != _fingerprint(user):
        return None
    return user


def make_feedback_token(referral_id: int) -> str:
    """For the closing e-mail and the status page: names the referral, nothing else. Used
    once: the referral records that its feedback was given."""
    return make_signed(FEEDBACK, {"r": referral_id})


def referral_id_for_feedback(token: str) -> int | None:
    referral_id = (read_signed(FEEDBACK, token) or {}).get("r")
    return referral_id if isinstance(referral_id, int) else None


def make_signed(purpose: str, payload: dict) -> str:
    """A signed link's token for `purpose`; its payload names records, never people."""
    return _serializer(purpose).dumps(payload)


def read_signed(purpose: str, token: str) -> dict | None:
    """The payload while the token is genuine and fresh; else None."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=int(LIFETIME[purpose].total_seconds()))
    except (SignatureExpired, BadSignature):
        return None
    return payload if isinstance(payload, dict) else None
