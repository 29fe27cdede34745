"""Saving a log of help: what a volunteer may choose from, and the log itself."""


from flask_babel import get_locale
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import (
    AssistanceLog,
    AssistanceLogObstacle,
    MunicipalService,
    Referral,
    ReferralState,
    Role,
    SupportPoint,
    Topic,
    User,
)


def own_points(user: User) -> list[SupportPoint]:
    return list(db.session.scalars(select(SupportPoint).where(
        SupportPoint.organisation_id == user.organisation_id, SupportPoint.active.is_(True))
        .order_by(SupportPoint.name)))


def linkable_referrals(user: User) -> list[Referral]:
    """Referrals a log may be linked to: accepted or completed by the user's organisation
    (for a volunteer: handed to them)."""
    query = select(Referral).where(
        Referral.organisation_id == user.organisation_id,
        Referral.state.in_([ReferralState.ACCEPTED, ReferralState.COMPLETED]))
    if user.role == Role.VOLUNTEER:
        query = query.where(Referral.assigned_to_id == user.id)
    return list(db.session.scalars(query.order_by(Referral.sent_at.desc()).limit(50)))


def set_form_choices(form, user: User) -> None:
    locale = str(get_locale())
    services = db.session.scalars(select(MunicipalService).where(
        MunicipalService.active.is_(True)).order_by(MunicipalService.position))
    form.set_choices(own_points(user), Topic.choices(locale),
                     [(service.id, service.name(locale)) for service in services],
                     linkable_referrals(user))


def last_point_id(user: User) -> int | None:
    return db.session.scalar(select(AssistanceLog.support_point_id).where(
        AssistanceLog.volunteer_id == user.id).order_by(AssistanceLog.id.desc()).limit(1))


def fill_from(log: AssistanceLog, form) -> None:
    """Copy the form into the log; the choices were limited to the user's own organisation,
    so the form's validation already refused another organisation's point or referral."""
    log.given_on = form.given_on.data
    log.support_point_id = form.support_point.data
    log.minutes = form.minutes_given
    log.channel, log.outcome = form.channel.data, form.outcome.data
    log.municipal_service_id = form.municipal_service.data or None
    log.postcode_area = form.postcode_area.data or None
    log.referral_id = form.referral.data or None
    log.note = form.note.data or None
    log.topics = list(db.session.scalars(select(Topic).where(Topic.code.in_(form.topics.data))))
    log.obstacles = [AssistanceLogObstacle(code=code) for code in form.obstacles.data]


def form_data(log: AssistanceLog) -> dict:
    quick = str(log.minutes) if log.minutes in (15, 30, 45, 60) else "other"
    return {
        "given_on": log.given_on, "support_point": log.support_point_id,
        "topics": [topic.code for topic in log.topics], "minutes": quick,
        "other_minutes": log.minutes if quick == "other" else None, "channel": log.channel,
        "outcome": log.outcome, "municipal_service": log.municipal_service_id or 0,
        "obstacles": log.obstacle_codes, "postcode_area": log.postcode_area,
        "referral": log.referral_id or 0, "note": log.note,
    }

