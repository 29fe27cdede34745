"""Saving a log of help: what a volunteer may choose from, and the log itself."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import get_locale
from sqlalchemy import func, select, update

from partnernet.clock import local_today, utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import (
    AssistanceLog,
    AssistanceLogObstacle,
    AssistanceOutcome,
    MunicipalService,
    Referral,
    ReferralState,
    Role,
    SupportPoint,
    Topic,
    User,
)
from partnernet.models.assistance import assistance_log_topics
from partnernet.privacy.audit import record_event
from partnernet.submit_once import switch_and_record


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
    form.set_choices(own_points(user), topics_by_use(user, locale),
                     [(service.id, service.name(locale)) for service in services],
                     linkable_referrals(user))


USE_WINDOW_DAYS = 90


def topics_by_use(user: User, locale: str) -> list[tuple[str, str]]:
    """The topics in use, those the organisation logged most in the last 90 days first, so a
    volunteer finds theirs without scrolling past every one; then the taxonomy's order."""
    since = local_today() - timedelta(days=USE_WINDOW_DAYS)
    uses = dict(db.session.execute(
        select(Topic.code, func.count())
        .join(assistance_log_topics, assistance_log_topics.c.topic_id == Topic.id)
        .join(AssistanceLog, AssistanceLog.id == assistance_log_topics.c.assistance_log_id)
        .where(AssistanceLog.organisation_id == user.organisation_id,
               AssistanceLog.given_on >= since)
        .group_by(Topic.code)
    ).all())
    choices = Topic.choices(locale)
    return sorted(choices, key=lambda choice: -uses.get(choice[0], 0))


def last_point_id(user: User) -> int | None:
    return db.session.scalar(select(AssistanceLog.support_point_id).where(
        AssistanceLog.volunteer_id == user.id).order_by(AssistanceLog.id.desc()).limit(1))


@dataclass(frozen=True)
class HelpGiven:
    """One act of help as a volunteer logs it. No names: nothing here identifies a resident."""

    given_on: date
    support_point: int
    minutes: int
    channel: str
    outcome: str
    topics: list[str] = field(default_factory=list)  # Topic.codes
    obstacles: list[str] = field(default_factory=list)
    municipal_service: int | None = None
    postcode_area: str | None = None
    referral: int | None = None
    note: str | None = None


def log_help(volunteer: User, help_given: HelpGiven) -> AssistanceLog:
    """Save a new log; the caller checked that the point and referral are the volunteer's
    organisation's (the form only offers those) and claimed the form's key."""
    log = AssistanceLog(volunteer_id=volunteer.id, organisation_id=volunteer.organisation_id)
    _fill(log, help_given)
    db.session.add(log)
    db.session.flush()
    record_event("assistance_log_create", object_type="assistance_log", object_id=log.id)
    db.session.commit()
    return log


def change_log(log: AssistanceLog, help_given: HelpGiven) -> None:
    _fill(log, help_given)
    record_event("assistance_log_update", object_type="assistance_log", object_id=log.id)
    db.session.commit()


def _fill(log: AssistanceLog, help_given: HelpGiven) -> None:
    log.given_on, log.support_point_id = help_given.given_on, help_given.support_point
    log.minutes = help_given.minutes
    log.channel, log.outcome = help_given.channel, help_given.outcome
    log.municipal_service_id = help_given.municipal_service or None
    log.postcode_area = help_given.postcode_area or None
    log.referral_id = help_given.referral or None
    log.note = help_given.note or None
    log.topics = list(db.session.scalars(select(Topic).where(
        Topic.code.in_(help_given.topics))))
    log.obstacles = [AssistanceLogObstacle(code=code) for code in help_given.obstacles]


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


def pick_up_follow_up(log_id: int, staff_member: User) -> bool:
    """A staff member takes on a log's municipal follow-up, once: of two colleagues clicking
    at the same moment, one picks it up (True) and the other is told (False)."""
    picked_up = rows_changed(
        update(AssistanceLog)
        .where(AssistanceLog.id == log_id,
               AssistanceLog.outcome == AssistanceOutcome.MUNICIPAL_FOLLOW_UP,
               AssistanceLog.follow_up_handled_at.is_(None))
        .values(follow_up_handled_at=utcnow(), follow_up_handled_by_id=staff_member.id)
        .execution_options(synchronize_session=False)) == 1
    if picked_up:
        record_event("follow_up_handled", object_type="assistance_log", object_id=log_id)
        db.session.commit()
    return picked_up


def add_municipal_service(name_nl: str, name_en: str) -> MunicipalService:
    """A service volunteers can choose, at the end of the list; the caller claimed the form."""
    added = MunicipalService(code=_free_code(name_en), position=_next_position(), active=True,
                             name_nl=name_nl, name_en=name_en)
    db.session.add(added)
    db.session.flush()
    record_event("municipal_service_create", object_type="municipal_service",
                 object_id=added.id)
    db.session.commit()
    return added


def rename_municipal_service(municipal_service: MunicipalService, name_nl: str,
                             name_en: str) -> None:
    """New names; the code, and so every earlier log's link to it, stays."""
    municipal_service.name_nl, municipal_service.name_en = name_nl, name_en
    record_event("municipal_service_update", object_type="municipal_service",
                 object_id=municipal_service.id)
    db.session.commit()


def set_municipal_service_active(municipal_service: MunicipalService, active: bool) -> None:
    """Off the list for new logs (earlier logs keep it), or back on; once per change."""
    switch_and_record(MunicipalService.active, municipal_service.id, active,
                      "municipal_service_" + ("activate" if active else "deactivate"),
                      "municipal_service")


def _free_code(name: str) -> str:
    """A stable code from the English name (the names may change later): "Parking permit" ->
    "parking_permit", with a number added when taken."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "service"
    taken = set(db.session.scalars(select(MunicipalService.code).where(
        MunicipalService.code.startswith(base))))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def _next_position() -> int:
    return (db.session.scalar(select(func.max(MunicipalService.position))) or 0) + 1
