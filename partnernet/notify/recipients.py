"""Who hears of what, by one rule for each kind of recipient, each with their language."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import Organisation, Role, User

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = "nl"


def person(user: User | None) -> list[Recipient]:
    """Someone with an account, while it is active."""
    return [Recipient(user.email, user.language)] if user is not None and user.active else []


def staff() -> list[Recipient]:
    """The municipality's staff, admins included, with an active account."""
    return _users(User.role.in_(STAFF_ROLES))


def staff_on_duty() -> list[Recipient]:
    """Whoever watches the municipality's requests: the team's shared address when one is set
    (PARTNERNET_STAFF_TEAM_EMAIL), else every staff member and administrator."""
    team = current_app.config["STAFF_TEAM_EMAIL"]
    return [Recipient(team)] if team else staff()


def team_leads() -> list[Recipient]:
    return _users(User.role.in_(STAFF_ROLES), User.is_team_lead.is_(True))


def organisation(organisation: Organisation) -> list[Recipient]:
    """The organisation's coordinators with an active account (active, and a password chosen),
    else the organisation's own address; nobody when it has neither."""
    signed_in = coordinators(organisation)
    if signed_in or not organisation.email:
        return signed_in
    return [Recipient(organisation.email, organisation.language)]


def coordinators(organisation: Organisation) -> list[Recipient]:
    return _users(User.organisation_id == organisation.id, User.role == Role.COORDINATOR,
                  User.can_sign_in)


def _users(*conditions) -> list[Recipient]:
    rows = db.session.execute(select(User.email, User.language).where(
        User.active.is_(True), *conditions).order_by(User.id))
    return [Recipient(email, language) for email, language in rows]
