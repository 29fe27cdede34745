"""Authenticated encryption of personal-data columns, with key rotation (MultiFernet)."""

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


@lru_cache(maxsize=4)
def _cipher_for(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])


def field_cipher() -> MultiFernet:
    """The first key in PARTNERNET_FIELD_KEY encrypts; every listed key decrypts."""
    return _cipher_for(current_app.config["FIELD_KEYS"])


class EncryptedText(TypeDecorator):
    """Text stored as a Fernet token: unreadable in the database, tamper-evident."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return field_cipher().encrypt(value.encode("utf-8")).decode("ascii")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return field_cipher().decrypt(value.encode("ascii")).decode("utf-8")
