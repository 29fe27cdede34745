"""Settings that are data rather than deployment: what an administrator changes in the app
(the municipality's name and phone number, retention periods, the consent text, ...)."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.extensions import Model
from partnernet.models.types import updated_at_column


class Setting(Model):
    """One value; a key without a row has its default from the deployment's configuration."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = updated_at_column()
