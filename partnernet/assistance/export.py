"""Logs as CSV for a spreadsheet (partnernet.spreadsheets): ISO dates, the reader's language.
Rows are read in batches by key, never all at once, so a year of a large organisation streams
in constant memory."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from flask_babel import gettext as _
from sqlalchemy import select, tuple_

from partnernet.extensions import db
from partnernet.models import (
    AssistanceLog,
    AssistanceLogObstacle,
    MunicipalService,
    Organisation,
    Referral,
    SupportPoint,
    Topic,
    User,
)
from partnernet.models.assistance import assistance_log_topics
from partnernet.models.assistance_queries import LogFilter
from partnernet.spreadsheets import BOM, CsvText
from partnernet.vocabulary import CHANNEL_NAMES, LOG_OUTCOME_NAMES, OBSTACLE_NAMES

BATCH = 2000
COLUMNS = (AssistanceLog.id, AssistanceLog.given_on, AssistanceLog.organisation_id,
           AssistanceLog.support_point_id, AssistanceLog.volunteer_id, AssistanceLog.minutes,
           AssistanceLog.channel, AssistanceLog.outcome, AssistanceLog.municipal_service_id,
           AssistanceLog.postcode_area, AssistanceLog.note)


def csv_chunks(log_filter: LogFilter, locale: str, with_volunteers: bool) -> Iterator[str]:
    """The header, then the logs oldest first: a chunk of text per batch of rows."""
    names = _Names(locale, log_filter, with_volunteers)
    written = CsvText(locale).rows
    yield BOM + written([_header(with_volunteers)])
    for rows, span in _batches(log_filter):
        topics, obstacles = _details(span, locale, names.obstacles)
        yield written(_values(row, names, topics[row.id], obstacles[row.id], with_volunteers)
                      for row in rows)


def _header(with_volunteers: bool) -> list[str]:
    who = _("Volunteer") if with_volunteers else _("Organisation")
    return [_("Date"), _("Place"), _("Topics"), _("Minutes"), _("How"), _("Outcome"),
            _("Service"), _("What got in the way"), _("Postcode area"), _("Referral"), who,
            _("Note")]


def _values(row, names, topics, obstacles, with_volunteers) -> list:
    who = (names.volunteers.get(row.volunteer_id, "") if with_volunteers
           else names.organisations.get(row.organisation_id, ""))
    return [row.given_on.isoformat(), names.points.get(row.support_point_id, ""),
            ", ".join(topics), row.minutes, names.channels.get(row.channel, row.channel),
            names.outcomes.get(row.outcome, row.outcome),
            names.services.get(row.municipal_service_id, ""),
            ", ".join(obstacles), row.postcode_area or "", row.reference or "", who,
            row.note or ""]


def _batches(log_filter: LogFilter):
    """(rows, span) per batch in (day, id) order, each starting after the last one's key; the
    span is the batch's key range as SQL conditions, so its details are read with queries
    whose text never changes (a list of ids would differ per batch). The day range narrows
    with each batch: an index seeks on it, where it would only filter on the (day, id) pair."""
    key = tuple_(AssistanceLog.given_on, AssistanceLog.id)
    remaining = log_filter
    after: list = []
    while True:
        query = (select(*COLUMNS, Referral.reference)
                 .outerjoin(Referral, Referral.id == AssistanceLog.referral_id)
                 .where(*remaining.conditions(), *after)
                 .order_by(AssistanceLog.given_on, AssistanceLog.id).limit(BATCH))
        rows = db.session.execute(query).all()
        if not rows:
            return
        last = (rows[-1].given_on, rows[-1].id)
        days = replace(log_filter, start=rows[0].given_on, end=rows[-1].given_on)
        yield rows, [*days.conditions(), *after, key <= last]
        remaining, after = replace(log_filter, start=last[0]), [key > last]


def _details(span: list, locale: str, obstacle_names: dict):
    """Topic names and obstacles of the batch's logs, by log id."""
    topics, obstacles = defaultdict(list), defaultdict(list)
    name = Topic.name_en if locale == "en" else Topic.name_nl
    for log_id, topic in db.session.execute(
            select(AssistanceLog.id, name)
            .join(assistance_log_topics,
                  assistance_log_topics.c.assistance_log_id == AssistanceLog.id)
            .join(Topic, Topic.id == assistance_log_topics.c.topic_id)
            .where(*span).order_by(Topic.position)):
        topics[log_id].append(topic)
    for log_id, code in db.session.execute(
            select(AssistanceLog.id, AssistanceLogObstacle.code)
            .join(AssistanceLogObstacle,
                  AssistanceLogObstacle.assistance_log_id == AssistanceLog.id)
            .where(*span).order_by(AssistanceLogObstacle.code)):
        obstacles[log_id].append(obstacle_names.get(code, code))
    return topics, obstacles


class _Names:
    """Names of the few things logs point to, read and translated once per export (not once
    per row: a translation costs more than writing the row)."""

    def __init__(self, locale: str, log_filter: LogFilter, with_volunteers: bool):
        self.channels, self.outcomes, self.obstacles = (
            {code: str(name) for code, name in names.items()}
            for names in (CHANNEL_NAMES, LOG_OUTCOME_NAMES, OBSTACLE_NAMES))
        service_name = MunicipalService.name_en if locale == "en" else MunicipalService.name_nl
        self.services = dict(db.session.execute(select(MunicipalService.id, service_name)).all())
        points = select(SupportPoint.id, SupportPoint.name)
        if log_filter.organisation_id is not None:
            points = points.where(SupportPoint.organisation_id == log_filter.organisation_id)
        self.points = dict(db.session.execute(points).all())
        self.volunteers = dict(db.session.execute(select(User.id, User.name).where(
            User.organisation_id == log_filter.organisation_id)).all()) if with_volunteers else {}
        self.organisations = {} if with_volunteers else dict(
            db.session.execute(select(Organisation.id, Organisation.name)).all())
