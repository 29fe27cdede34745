"""One-time keys of create forms, so a double click or a resent form saves once."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.clock import utcnow
from partnernet.extensions import Model
from partnernet.models.types import UTCDateTime


class FormSubmission(Model):
    __tablename__ = "form_submissions"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    result_path: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
