"""Files an administrator uploads to import into the directory (api/imports): kept between
the dry run and the import itself, and removed by the retention job after KEEP_FOR."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.extensions import Model
from partnernet.models.types import UTCDateTime, created_at_column, public_id_column

KEEP_FOR = timedelta(days=7)


class ImportFile(Model):
    __tablename__ = "import_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()  # in its pages' addresses
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at_column()
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
