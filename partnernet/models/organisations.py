"""Partner organisations, their support points (places with opening hours) and offers."""

import uuid
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Time,
    Uuid,
    and_,
    exists,
    false,
    func,
    select,
    true,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from partnernet.clock import LOCAL_TIMEZONE, local_today
from partnernet.extensions import Model, db
from partnernet.models.types import (
    INTERFACE_LANGUAGES,
    UTCDateTime,
    created_at_column,
    language_column,
    one_of,
    public_id_column,
    updated_at_column,
)


class OfferMode(StrEnum):
    """How residents get an offer's help: each is a boolean column of Offer."""

    WALK_IN = "walk_in"
    BY_APPOINTMENT = "by_appointment"
    BY_PHONE = "by_phone"
    HOME_VISIT = "home_visit"
    ONLINE = "online"


OFFER_MODES = tuple(OfferMode)


def normalise_postcode(postcode: str) -> str:
    """Dutch postcodes are stored in one form: '9711ab' and '9711 AB' as '9711 AB'."""
    compact = postcode.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}"


class OrganisationKind(StrEnum):
    LIBRARY = "library"
    WIJ_TEAM = "wij_team"
    VOLUNTEER_ORG = "volunteer_org"
    WELFARE = "welfare"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class OrganisationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class ReportSubject(StrEnum):
    ORGANISATION = "organisation"
    SUPPORT_POINT = "support_point"
    OFFER = "offer"


class OfferStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


offer_topics = Table(
    "offer_topics",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_offer_topics_topic_id", "topic_id", "offer_id"),  # "which offers cover this?"
)

offer_support_points = Table(
    "offer_support_points",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "support_point_id",
        ForeignKey("support_points.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,  # the directory asks "which offers are given here?"
    ),
    # The offer as given here (an HSDS service_at_location), known outside by this UUID.
    Column("public_id", Uuid, unique=True, default=uuid.uuid4, nullable=False),
)


class Topic(Model):
    """A kind of help, in Dutch and English (the taxonomy of HSDS)."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    # A retired topic is offered for nothing new; records that name it keep it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Words (either language, "|" between them) with which an offer's text names this topic;
    # the topic's names always count too.
    keywords: Mapped[str] = mapped_column(Text, default="", server_default="")
    # DigiD, government letters and forms: an Informatiepunt Digitale Overheid helps directly.
    digital_government: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl

    @property
    def naming_words(self) -> list[str]:
        """Lower-case words that, found in an offer's title or description, name this topic."""
        words = [self.name_nl, self.name_en, *self.keywords.split("|")]
        return sorted({word.strip().lower() for word in words if word.strip()})

    @classmethod
    def choices(cls, locale: str, with_retired: bool = False) -> list[tuple[str, str]]:
        """(code, name) of every topic in use (`with_retired`: every one, for filters over
        what was recorded), in the taxonomy's order."""
        name = cls.name_en if locale == "en" else cls.name_nl
        query = select(cls.code, name).order_by(cls.position, cls.id)
        if not with_retired:
            query = query.where(cls.active.is_(True))
        return [(code, topic_name) for code, topic_name in db.session.execute(query)]


class Organisation(Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(one_of("kind", OrganisationKind), name="kind"),
        CheckConstraint(one_of("status", OrganisationStatus), name="status"),
        CheckConstraint(one_of("language", INTERFACE_LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=OrganisationStatus.PENDING, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))  # the contact person's, for us
    # Residents see the address only when the organisation says so on its form.
    email_is_public: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    # Someone at the organisation confirmed its address through a signed link: referrals may
    # go there, with a link to answer them, when no coordinator can sign in.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phone: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = language_column()  # the one it registered in: for its address
    help_offered: Mapped[str] = mapped_column(Text, default="", server_default="")
    status_reason: Mapped[str | None] = mapped_column(Text)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    # Made by an import (api/imports), not by someone of the organisation: approving it invites
    # nobody (its address is a public one); someone there claims the listing instead.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    support_points: Mapped[list["SupportPoint"]] = relationship(
        back_populates="organisation", order_by="SupportPoint.name"
    )
    offers: Mapped[list["Offer"]] = relationship(
        back_populates="organisation", order_by="Offer.title"
    )

    @hybrid_property
    def is_public(self) -> bool:
        """Approved: residents see the organisation, and its shown points and offers."""
        return self.status == OrganisationStatus.APPROVED

    @property
    def public_email(self) -> str | None:
        """The address residents may see: only one the organisation marked as public."""
        return self.email if self.email_is_public else None


REMIND_AFTER = timedelta(days=90)  # the coordinator is asked to confirm
OUTDATED_AFTER = timedelta(days=180)  # residents read that it may be outdated


class Confirmable:
    """A listing residents rely on (support point, offer). It carries the day it was last
    confirmed (HSDS `assured_date`); unconfirmed, the day it last changed counts."""

    assured_date: date | None
    updated_at: datetime

    def confirmed_on(self) -> date:
        return self.assured_date or self.updated_at.astimezone(LOCAL_TIMEZONE).date()

    def needs_confirming(self, today: date) -> bool:
        """Time to press "Still correct"."""
        return today - self.confirmed_on() >= REMIND_AFTER

    def possibly_outdated(self, today: date) -> bool:
        return today - self.confirmed_on() >= OUTDATED_AFTER


def of_public_organisation(model) -> ColumnElement[bool]:
    """The record's organisation is approved: correlated, so a search checks each candidate
    through the organisation's primary key instead of listing every approved organisation."""
    return exists().where(Organisation.id == model.organisation_id, Organisation.is_public
                          ).correlate_except(Organisation)  # also when the query joins it


class SupportPoint(Confirmable, Model):
    """A physical place where an organisation helps residents."""

    __tablename__ = "support_points"
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(7))
    city: Mapped[str] = mapped_column(String(100), default="Groningen")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    location_is_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    has_digital_government_desk: Mapped[bool] = mapped_column(Boolean, default=False)
    wheelchair_accessible: Mapped[bool | None] = mapped_column(Boolean)
    accessibility_note: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    source: Mapped[str | None] = mapped_column(Text)
    hours_are_example: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Imported into an approved organisation: residents see it once staff approve it.
    awaiting_approval: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    assured_date: Mapped[date | None] = mapped_column(Date, default=local_today)  # HSDS
    # The day the coordinator was last reminded to confirm it; one reminder per confirmation.
    stale_reminder_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    organisation: Mapped[Organisation] = relationship(back_populates="support_points")
    opening_periods: Mapped[list["OpeningPeriod"]] = relationship(
        back_populates="support_point",
        cascade="all, delete-orphan",
        order_by="(OpeningPeriod.weekday, OpeningPeriod.opens)",
    )
    closures: Mapped[list["Closure"]] = relationship(
        back_populates="support_point", cascade="all, delete-orphan", order_by="Closure.starts_on"
    )
    offers: Mapped[list["Offer"]] = relationship(
        secondary=offer_support_points, back_populates="support_points"
    )

    @hybrid_property
    def is_shown(self) -> bool:
        """Shown to residents: an active place of an approved organisation, not waiting for
        approval. In SQL too, the one rule that search, matching, stale lists and public pages
        use."""
        return self.active and not self.awaiting_approval and self.organisation.is_public

    @is_shown.inplace.expression
    @classmethod
    def _is_shown_in_sql(cls) -> ColumnElement[bool]:
        return and_(cls.active.is_(True), cls.awaiting_approval.is_(False),
                    of_public_organisation(cls))

    @property
    def week(self) -> frozenset[tuple[int, time, time]]:
        """Its opening periods as (weekday, opens, closes), to compare with other hours."""
        return frozenset((period.weekday, period.opens, period.closes)
                         for period in self.opening_periods)

    def is_closed_on(self, day: date) -> bool:
        return any(closure.starts_on <= day <= closure.ends_on for closure in self.closures)

    def periods_on(self, day: date) -> list["OpeningPeriod"]:
        """The opening periods of that day; none when closed (also for a closure)."""
        if self.is_closed_on(day):
            return []
        return [period for period in self.opening_periods if period.weekday == day.weekday()]

    def week_of(self, day: date) -> list[tuple[date, list["OpeningPeriod"]]]:
        """Monday to Sunday of the week holding `day`, each with its opening periods."""
        monday = day - timedelta(days=day.weekday())
        days = [monday + timedelta(days=offset) for offset in range(7)]
        return [(each, self.periods_on(each)) for each in days]

    @property
    def contact_phone(self) -> str | None:
        return self.phone or self.organisation.phone

    @property
    def contact_email(self) -> str | None:
        return self.email or self.organisation.public_email

    @hybrid_property
    def has_street_address(self) -> bool:
        """A street and house number: a resident can walk to it without asking first."""
        return bool(self.street and self.street.strip() and self.house_number
                    and self.house_number.strip())

    @has_street_address.inplace.expression
    @classmethod
    def _has_street_address_in_sql(cls) -> ColumnElement[bool]:
        return and_(func.trim(cls.street) != "",
                    func.trim(func.coalesce(cls.house_number, "")) != "")

    @property
    def address_line(self) -> str:
        street = " ".join(filter(None, [self.street, self.house_number]))
        return ", ".join(filter(None, [street, " ".join(filter(None, [self.postcode, self.city]))]))

    def is_open_at(self, moment: datetime) -> bool:
        """Open at this moment, by local (Amsterdam) time, honouring closures."""
        local = moment.astimezone(LOCAL_TIMEZONE)
        if self.is_closed_on(local.date()):
            return False
        now = local.time()
        return any(
            period.weekday == local.weekday() and period.opens <= now < period.closes
            for period in self.opening_periods
        )


class OpeningPeriod(Model):
    """One opening period on one weekday (0 = Monday); a day may have several."""

    __tablename__ = "opening_periods"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
        # "Who is open now?" from the index alone: at night, few or none are.
        Index("ix_opening_periods_open_at", "weekday", "opens", "closes", "support_point_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    support_point_id: Mapped[int] = mapped_column(
        ForeignKey("support_points.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    support_point: Mapped[SupportPoint] = relationship(back_populates="opening_periods")


class Closure(Model):
    """Days a support point is closed despite its opening hours (holidays, renovation)."""

    __tablename__ = "closures"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="starts_before_ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    support_point_id: Mapped[int] = mapped_column(
        ForeignKey("support_points.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    support_point: Mapped[SupportPoint] = relationship(back_populates="closures")


class Offer(Confirmable, Model):
    """What help an organisation gives, for whom and how (an HSDS service)."""

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(one_of("status", OfferStatus), name="status"),
        CheckConstraint("weekly_referral_capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = public_id_column()
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(500), default="")
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    by_appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    by_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    free_of_charge: Mapped[bool] = mapped_column(Boolean, default=True)
    cost_note: Mapped[str | None] = mapped_column(String(300))
    accepts_referrals: Mapped[bool] = mapped_column(Boolean, default=False)
    weekly_referral_capacity: Mapped[int | None]
    # The partner declined a referral for lack of room: no more referrals until this day.
    full_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=OfferStatus.ACTIVE)
    # Imported into an approved organisation: residents see it once staff approve it.
    awaiting_approval: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    assured_date: Mapped[date | None] = mapped_column(Date, default=local_today)  # HSDS
    # The day the coordinator was last reminded to confirm it; one reminder per confirmation.
    stale_reminder_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    organisation: Mapped[Organisation] = relationship(back_populates="offers")
    topics: Mapped[list[Topic]] = relationship(secondary=offer_topics, order_by=Topic.position)
    support_points: Mapped[list[SupportPoint]] = relationship(
        secondary=offer_support_points, back_populates="offers"
    )
    languages: Mapped[list["OfferLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="OfferLanguage.code"
    )

    @hybrid_property
    def is_shown(self) -> bool:
        """Shown to residents: not paused, not waiting for approval, and of an approved
        organisation (in SQL too)."""
        return (self.status == OfferStatus.ACTIVE and not self.awaiting_approval
                and self.organisation.is_public)

    @is_shown.inplace.expression
    @classmethod
    def _is_shown_in_sql(cls) -> ColumnElement[bool]:
        return and_(cls.status == OfferStatus.ACTIVE, cls.awaiting_approval.is_(False),
                    of_public_organisation(cls))

    @hybrid_property
    def takes_referrals(self) -> bool:
        """Staff may send referrals to it: shown to residents and accepting them (in SQL too)."""
        return self.accepts_referrals and self.is_shown

    @takes_referrals.inplace.expression
    @classmethod
    def _takes_referrals_in_sql(cls) -> ColumnElement[bool]:
        return and_(cls.accepts_referrals.is_(True), cls.is_shown)

    @property
    def modes(self) -> list[str]:
        return [mode for mode in OFFER_MODES if getattr(self, mode)]

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages]


class OfferLanguage(Model):
    """A language (ISO 639-1 code) in which an offer's help is given."""

    __tablename__ = "offer_languages"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 2 AND 3", name="code_length"),
        Index("ix_offer_languages_code", "code", "offer_id"),  # "which offers speak this?"
    )

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(3), primary_key=True)


class InformationReport(Model):
    """Anyone's "Something wrong here?" about public information; open until a coordinator or
    staff member handles it."""

    __tablename__ = "information_reports"
    __table_args__ = (CheckConstraint(one_of("subject", ReportSubject), name="subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(20))
    subject_name: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class ClaimStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ListingClaim(Model):
    """Someone from an organisation already listed (made by seed or import) asks to manage it;
    staff decide, and an approved claim invites them as its coordinator."""

    __tablename__ = "listing_claims"
    __table_args__ = (CheckConstraint(one_of("status", ClaimStatus), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = language_column()
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.PENDING, index=True)
    created_at: Mapped[datetime] = created_at_column()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
