"""Column types shared by the models."""

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
