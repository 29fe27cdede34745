"""The audit trail (NEN 7513): who did what to which record, when. Append-only."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.clock import utcnow
from partnernet.extensions import Model
from partnernet.models.types import UTCDateTime, one_of


class AuditResult(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


class AuditEvent(Model):
    """Holds ids and actions only, never a resident's name or contact details."""

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint(one_of("result", AuditResult), name="result"),
        Index("ix_access_log_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None]  # no foreign key: the trail outlives the accounts it names
    actor_role: Mapped[str | None] = mapped_column(String(20))
    organisation_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(20), default=AuditResult.SUCCESS)
    ip_address: Mapped[str | None] = mapped_column(String(45))
