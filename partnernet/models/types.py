"""Column types shared by the models."""

import hashlib
import hmac
import uuid
from datetime import UTC
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app
from sqlalchemy import DateTime, String, Text, Uuid
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

from partnernet.clock import utcnow


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every database (SQLite drops the zone, so we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def public_id_column():
    """The stable UUID an entity is known by outside the app (HSDS identifies records by UUID)."""
    return mapped_column(Uuid, unique=True, default=uuid.uuid4, nullable=False)


def created_at_column():
    return mapped_column(UTCDateTime, default=utcnow, nullable=False)


def updated_at_column():
    return mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


# The languages partnernet speaks: its pages, and the e-mails a person or organisation gets.
INTERFACE_LANGUAGES = ("nl", "en")


def language_column():
    """The language someone's e-mails are written in; Dutch until they choose."""
    return mapped_column(String(5), default="nl", server_default="nl")


def one_of(column: str, values) -> str:
    """SQL for a check constraint that keeps a text column within an enumeration."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


@lru_cache(maxsize=4)
def _cipher_for(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])


def field_cipher() -> MultiFernet:
    """The first key in PARTNERNET_FIELD_KEY encrypts; every listed key decrypts."""
    return _cipher_for(current_app.config["FIELD_KEYS"])


def _phone_digits(phone: str) -> str:
    """A phone number's digits, with +31 and 0031 read as the leading 0."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+31"):
        return "0" + digits[2:]
    if digits.startswith("0031"):
        return "0" + digits[4:]
    return digits


def lookup_hash(kind: str, value: str | None) -> str | None:
    """A keyed hash of an e-mail address or phone number in one form, so a resident's records
    are found without decrypting every row; the key (PARTNERNET_LOOKUP_KEY, else derived from
    the secret key) never leaves the app."""
    if not value:
        return None
    normalised = value.strip().lower() if kind == "email" else _phone_digits(value)
    key = current_app.config.get("LOOKUP_KEY") or hmac.new(
        current_app.config["SECRET_KEY"].encode("utf-8"), b"resident lookup",
        hashlib.sha256).hexdigest()
    return hmac.new(key.encode("utf-8"), f"{kind}:{normalised}".encode(),
                    hashlib.sha256).hexdigest()


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
