"""Password hashing (argon2id) and the password policy (length and common-password list)."""

import gzip
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 128
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verifying against this when the e-mail is unknown keeps the response time the same.
    Made at first use: argon2 is slow on purpose, and every start-up (workers, cron commands)
    would pay for it."""
    return _hasher.hash("no such user: constant-time placeholder")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    data = resources.files("partnernet.data").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def password_problem(password: str) -> str | None:
    """Why this password is not acceptable, in the user's language; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _l("Choose a password of at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Choose a password of at most %(n)d characters.", n=MAX_LENGTH)
    if password.lower().strip() in _common_passwords():
        return _l("This password is too common and easy to guess. Choose another one.")
    return None
