"""Which logs a list, an export or a summary is about: one filter, the same SQL everywhere."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import selectinload

from partnernet.extensions import db
from partnernet.models.assistance import AssistanceLog, AssistanceOutcome, assistance_log_topics
from partnernet.models.organisations import Topic


@dataclass(frozen=True)
class LogFilter:
    """Logs given from `start` to `end` (both included); None means any."""

    start: date
    end: date
    organisation_id: int | None = None
    support_point_id: int | None = None
    topic: str | None = None  # a Topic.code
    volunteer_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [
            AssistanceLog.given_on.between(self.start, self.end)]
        for column, value in ((AssistanceLog.organisation_id, self.organisation_id),
                              (AssistanceLog.support_point_id, self.support_point_id),
                              (AssistanceLog.volunteer_id, self.volunteer_id)):
            if value is not None:
                conditions.append(column == value)
        if self.topic:
            conditions.append(exists(
                select(assistance_log_topics.c.assistance_log_id)
                .join(Topic, Topic.id == assistance_log_topics.c.topic_id)
                .where(assistance_log_topics.c.assistance_log_id == AssistanceLog.id,
                       Topic.code == self.topic)))
        return conditions


def logs_query(log_filter: LogFilter):
    """The filtered logs, newest first, with what a list of them shows."""
    return (
        select(AssistanceLog).where(*log_filter.conditions())
        .options(selectinload(AssistanceLog.topics), selectinload(AssistanceLog.support_point),
                 selectinload(AssistanceLog.organisation), selectinload(AssistanceLog.volunteer))
        .order_by(AssistanceLog.given_on.desc(), AssistanceLog.id.desc())
    )


def open_follow_ups_query():
    """Logs whose outcome asks the municipality to follow up, not yet picked up; oldest first,
    so none waits longest unseen."""
    return (
        select(AssistanceLog)
        .where(AssistanceLog.outcome == AssistanceOutcome.MUNICIPAL_FOLLOW_UP,
               AssistanceLog.follow_up_handled_at.is_(None))
        .options(selectinload(AssistanceLog.topics), selectinload(AssistanceLog.obstacles),
                 selectinload(AssistanceLog.support_point),
                 selectinload(AssistanceLog.organisation),
                 selectinload(AssistanceLog.municipal_service),
                 selectinload(AssistanceLog.referral))
        .order_by(AssistanceLog.given_on, AssistanceLog.id)
    )


def open_follow_ups(limit: int) -> tuple[list[AssistanceLog], int]:
    """The oldest `limit` open follow-ups, and how many are open in all."""
    total = db.session.scalar(select(func.count()).select_from(
        open_follow_ups_query().order_by(None).subquery()))
    return list(db.session.scalars(open_follow_ups_query().limit(limit))), total or 0
