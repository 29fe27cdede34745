"""Column types shared by the models."""

import uuid
from datetime import UTC

from sqlalchemy import DateTime, Uuid
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


def one_of(column: str, values) -> str:
    """SQL for a check constraint that keeps a text column within an enumeration."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"
