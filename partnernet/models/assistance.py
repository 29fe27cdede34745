"""Acts of help given by volunteers. Never names: only what, where, how long and how it ended."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnernet.clock import utcnow
from partnernet.extensions import Model, db
from partnernet.models.organisations import Topic
from partnernet.models.types import UTCDateTime, created_at_column, one_of, updated_at_column


class Channel(StrEnum):
    WALK_IN = "walk_in"
    PHONE = "phone"
    HOME_VISIT = "home_visit"
    ONLINE = "online"


class AssistanceOutcome(StrEnum):
    SOLVED = "solved"
    PARTLY = "partly"
    REFERRED_ON = "referred_on"
    MUNICIPAL_FOLLOW_UP = "municipal_follow_up"


class Obstacle(StrEnum):
    """What got in the way of the resident using the service themselves."""

    LETTER_UNCLEAR = "letter_unclear"
    FORM_HARD = "form_hard"
    NO_DIGID = "no_digid"
    NO_DEVICE = "no_device"
    LANGUAGE = "language"
    WEBSITE_BROKEN = "website_broken"


class MunicipalService(Model):
    """A service of the municipality or the national government that residents need help with:
    a short list kept by staff, so the municipality sees which services send residents on."""

    __tablename__ = "municipal_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl


assistance_log_topics = Table(
    "assistance_log_topics",
    db.metadata,
    Column("assistance_log_id", ForeignKey("assistance_logs.id", ondelete="CASCADE"),
           primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class AssistanceLogObstacle(Model):
    __tablename__ = "assistance_log_obstacles"
    __table_args__ = (CheckConstraint(one_of("code", Obstacle), name="code"),)

    assistance_log_id: Mapped[int] = mapped_column(
        ForeignKey("assistance_logs.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(30), primary_key=True)


FIGURES_COLUMNS = ("given_on", "id", "minutes", "channel", "outcome", "support_point_id",
                   "municipal_service_id", "postcode_area")


EDITABLE_FOR = timedelta(days=14)  # a volunteer may correct a log this long


class AssistanceLog(Model):
    __tablename__ = "assistance_logs"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 480", name="minutes_range"),
        CheckConstraint(one_of("channel", Channel), name="channel"),
        CheckConstraint(one_of("outcome", AssistanceOutcome), name="outcome"),
        CheckConstraint(
            "postcode_area IS NULL OR length(postcode_area) = 4", name="postcode_area_length"
        ),
        # A period's logs, of one organisation or of all: in (day, id) order for lists and
        # exports, and holding what the figures count, so a figure reads the index alone.
        Index("ix_assistance_logs_organisation_period", "organisation_id", *FIGURES_COLUMNS),
        Index("ix_assistance_logs_period", *FIGURES_COLUMNS),
        # The staff's open follow-ups: few rows among a million.
        Index("ix_assistance_logs_follow_up", "outcome", "follow_up_handled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    support_point_id: Mapped[int] = mapped_column(
        ForeignKey("support_points.id", ondelete="CASCADE")
    )
    given_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int]
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(30))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id", ondelete="SET NULL"))
    municipal_service_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipal_services.id", ondelete="SET NULL"))
    postcode_area: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    # Outcome "municipal follow-up": staff say when they picked it up, and who did.
    follow_up_handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    topics: Mapped[list[Topic]] = relationship(secondary=assistance_log_topics)
    obstacles: Mapped[list[AssistanceLogObstacle]] = relationship(
        cascade="all, delete-orphan", order_by=AssistanceLogObstacle.code)
    support_point = relationship("SupportPoint")
    organisation = relationship("Organisation")
    volunteer = relationship("User", foreign_keys=[volunteer_id])
    referral = relationship("Referral")
    municipal_service: Mapped[MunicipalService | None] = relationship()

    def is_editable(self) -> bool:
        """Its volunteer may change it for EDITABLE_FOR after logging it; then it is locked."""
        return utcnow() - self.created_at < EDITABLE_FOR

    @property
    def obstacle_codes(self) -> list[str]:
        return [obstacle.code for obstacle in self.obstacles]
