"""Accounts (residents have none) and their server-side login sessions."""

import hashlib
from datetime import datetime, timedelta
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    String,
    UniqueConstraint,
    and_,
    delete,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnernet import passwords
from partnernet.clock import utcnow
from partnernet.extensions import Model, db
from partnernet.models.organisations import Organisation
from partnernet.models.types import (
    INTERFACE_LANGUAGES,
    EncryptedText,
    UTCDateTime,
    created_at_column,
    language_column,
    one_of,
)


def normalise_email(email: str) -> str:
    """Addresses are stored and looked up in one form: no spaces around, lower case."""
    return email.strip().lower()


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    STAFF = "staff"
    ADMIN = "admin"


ORGANISATION_ROLES = (Role.VOLUNTEER, Role.COORDINATOR)
# Access to residents' personal data from the internet asks a second factor (BIO).
SECOND_FACTOR_ROLES = (Role.STAFF, Role.ADMIN)


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", Role), name="role"),
        CheckConstraint(
            f"organisation_id IS NOT NULL OR NOT ({one_of('role', ORGANISATION_ROLES)})",
            name="partner_roles_have_organisation",
        ),
        CheckConstraint("failed_login_count >= 0", name="failed_logins_not_negative"),
        CheckConstraint(one_of("language", INTERFACE_LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = language_column()
    # Staff: told of every request that is overdue a second time.
    is_team_lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    failed_login_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in: the TOTP secret (encrypted), when it was set up, and the last time
    # step a code was accepted for (a code works once).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = created_at_column()

    organisation: Mapped[Organisation | None] = relationship()
    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @hybrid_property
    def can_sign_in(self) -> bool:
        """Active, with a password chosen (an invitation accepted); in SQL too."""
        return self.active and self.password_hash is not None

    @can_sign_in.inplace.expression
    @classmethod
    def _can_sign_in_in_sql(cls) -> ColumnElement[bool]:
        return and_(cls.active.is_(True), cls.password_hash.is_not(None))

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """The municipality's people sign in with a second factor; partners may choose to."""
        return self.role in SECOND_FACTOR_ROLES

    def forget_second_factor(self) -> None:
        """Two-step verification off; a role that needs it sets it up at the next sign-in."""
        self.totp_secret = self.totp_enabled_at = self.totp_last_step = None
        self.recovery_codes = []

    @property
    def is_invited(self) -> bool:
        """Invited, and no password chosen yet."""
        return self.password_hash is None

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.hash_password(password)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return passwords.verify_password(self.password_hash, password)

    def end_all_sessions(self) -> None:
        """Sign out everywhere: after a new password, or when access is taken away."""
        db.session.execute(delete(UserSession).where(UserSession.user_id == self.id))

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def record_failed_login(self, now: datetime, limit: int, lock_for: timedelta) -> None:
        self.failed_login_count += 1
        if self.failed_login_count >= limit:
            self.locked_until = now + lock_for
            self.failed_login_count = 0

    def record_login(self, now: datetime) -> None:
        self.failed_login_count = 0
        self.locked_until = None
        self.last_login_at = now


class UserSession(Model):
    """A login session known to the server, so logout and disabling end it for real."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="sessions")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("ascii")).hexdigest()


class RecoveryCode(Model):
    """One of ten single-use codes that stand in for the authenticator app; only a hash."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash", name="uq_recovery_codes_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
