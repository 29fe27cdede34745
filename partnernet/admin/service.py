"""Every write of the administrators' area. Each function commits once with its audit event,
or raises Refused (with a message for the administrator) and changes nothing."""

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import aliased

from partnernet.clock import utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import (
    Organisation,
    OrganisationStatus,
    Referral,
    ReferralState,
    Role,
    Topic,
    User,
)
from partnernet.models.people import normalise_email
from partnernet.models.referrals import WITH_PARTNER
from partnernet.notify import accounts as emails
from partnernet.notify import referrals as referral_emails
from partnernet.privacy.audit import record_event
from partnernet.settings import store_settings
from partnernet.submit_once import change_once, switch_and_record


class Refused(Exception):
    """The change would leave things worse (no administrator left, say); str() says why."""


def invite(name: str, email: str, role: Role, language: str) -> User:
    """An account for someone of the municipality, who chooses a password from the e-mail
    invitation (and sets up two-step verification at the first sign-in). The caller claimed
    the form's key."""
    address = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == address)) is not None:
        raise Refused(_("There is an account with this e-mail address already."))
    user = User(email=address, name=name, role=role, language=language)
    db.session.add(user)
    emails.invitation(user, _("the municipality"))
    record_event("user_invite", object_type="user", object_id=user.id)
    db.session.commit()
    return user


def _not_the_last_admin(user_id: int):
    """SQL: the account is no administrator, or another active one remains. Part of the one
    UPDATE that changes it, so two administrators who remove each other at the same moment
    cannot both succeed (PostgreSQL also locks the administrators' rows first)."""
    other = aliased(User)
    others = (select(func.count(other.id))
              .where(other.role == Role.ADMIN, other.active.is_(True), other.id != user_id)
              .scalar_subquery())
    return or_(User.role != Role.ADMIN, others > 0)


def _lock_administrators() -> None:
    db.session.execute(select(User.id).where(User.role == Role.ADMIN).with_for_update())


def _change_keeping_an_administrator(user: User, actor: User, **values) -> bool:
    """Take a role or access away, unless it is the actor's own or the last administrator's
    (Refused); True when this request changed it."""
    if user.id == actor.id:
        raise Refused(_("You cannot take away your own access or role. Ask another "
                        "administrator."))
    _lock_administrators()
    changed = rows_changed(
        update(User).where(User.id == user.id, _not_the_last_admin(user.id),
                           or_(*(getattr(User, name) != value for name, value in values.items())))
        .values(values).execution_options(synchronize_session=False)) == 1
    db.session.refresh(user)
    if not changed and any(getattr(user, name) != value for name, value in values.items()):
        raise Refused(_("This is the last administrator who can sign in. Make someone else "
                        "administrator first."))
    return changed


def change_role(user: User, role: Role, actor: User) -> None:
    """Staff and administrators change between those two roles, partners' people between
    coordinator and volunteer (the form offers no other)."""
    if role == user.role:
        return
    if role == Role.ADMIN:
        changed = change_once(User.role, user.id, role)
    else:
        changed = _change_keeping_an_administrator(user, actor, role=role)
    if changed:
        record_event("user_role_change", object_type="user", object_id=user.id)
    db.session.commit()


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivating ends every session of the account at once; reactivating lets it sign in
    again with its own password."""
    if active:
        changed = change_once(User.active, user.id, True)
    else:
        changed = _change_keeping_an_administrator(user, actor, active=False)
        if changed:
            user.end_all_sessions()
    if changed:
        record_event("user_" + ("activate" if active else "deactivate"),
                     object_type="user", object_id=user.id)
    db.session.commit()


def unlock(user: User) -> None:
    user.locked_until, user.failed_login_count = None, 0
    record_event("user_unlock", object_type="user", object_id=user.id)
    db.session.commit()


def reset_second_factor(user: User) -> None:
    """A lost phone: the account's sessions end, and it sets up two-step verification again
    at its next sign-in (a role that does not need it may choose to)."""
    user.forget_second_factor()
    user.end_all_sessions()
    record_event("second_factor_reset", object_type="user", object_id=user.id)
    db.session.commit()


def save_settings(values: dict) -> list[str]:
    """Store what changed; each changed setting is an audit event (its name, not its value)."""
    changed = store_settings(values)
    for key in changed:
        record_event("setting_change", object_type="setting", object_id=key)
    db.session.commit()
    return changed


def open_referrals_held_by(organisation: Organisation) -> list[Referral]:
    return list(db.session.scalars(select(Referral).where(
        Referral.organisation_id == organisation.id, Referral.state.in_(WITH_PARTNER))
        .order_by(Referral.id)))


def suspend(organisation: Organisation, reason: str, actor: User) -> int:
    """Take an approved organisation out of the directory and out of matching at once; the
    referrals it holds go back to staff (each referrer hears), in the same transaction.
    Returns how many went back."""
    if organisation.status != OrganisationStatus.APPROVED:
        raise Refused(_("Only an approved organisation can be suspended."))
    organisation.status, organisation.status_reason = OrganisationStatus.SUSPENDED, reason
    held, now = open_referrals_held_by(organisation), utcnow()
    for referral in held:
        referral.hand_back_to_staff(actor.id, now)
        referral_emails.changed(referral, ReferralState.DECLINED)
        record_event("referral_declined", object_type="referral", object_id=referral.id)
    record_event("organisation_suspend", object_type="organisation", object_id=organisation.id)
    db.session.commit()
    return len(held)


def reinstate(organisation: Organisation) -> None:
    if organisation.status != OrganisationStatus.SUSPENDED:
        raise Refused(_("This organisation is not suspended."))
    organisation.status, organisation.status_reason = OrganisationStatus.APPROVED, None
    record_event("organisation_reinstate", object_type="organisation",
                 object_id=organisation.id)
    db.session.commit()


def _code_for(name: str) -> str:
    """A stable code for a new topic, from its English name (unique; never changed after)."""
    base = "".join(ch if ch.isalnum() else "_" for ch in name.lower()
                   if ch.isascii()).strip("_")[:30] or "topic"
    taken = set(db.session.scalars(select(Topic.code).where(Topic.code.startswith(base))))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def add_topic(name_nl: str, name_en: str) -> Topic:
    position = db.session.scalar(select(func.max(Topic.position))) or 0
    topic = Topic(code=_code_for(name_en), name_nl=name_nl, name_en=name_en,
                  position=position + 1)
    db.session.add(topic)
    db.session.flush()
    record_event("topic_create", object_type="topic", object_id=topic.id)
    db.session.commit()
    return topic


def rename_topic(topic: Topic, name_nl: str, name_en: str) -> None:
    """A new name in both languages; records that name the topic show the new name."""
    topic.name_nl, topic.name_en = name_nl, name_en
    record_event("topic_update", object_type="topic", object_id=topic.id)
    db.session.commit()


def set_topic_active(topic: Topic, active: bool) -> None:
    """Retire a topic (offered for nothing new; records keep it) or bring it back."""
    switch_and_record(Topic.active, topic.id, active,
                      "topic_" + ("reactivate" if active else "retire"), "topic")
