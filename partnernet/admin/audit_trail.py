"""Reading the audit trail: the rows a filter selects, newest first on screen and oldest first
in the CSV export (read in batches by key, so a long period streams in constant memory)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, select

from partnernet.clock import start_of_local_day
from partnernet.extensions import db
from partnernet.models import AuditEvent, Organisation, User
from partnernet.spreadsheets import BOM, CsvText

BATCH = 2000


@dataclass(frozen=True)
class AuditFilter:
    start: date
    end: date
    actor_id: int | None = None
    organisation_id: int | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None


def audit_query(audit_filter: AuditFilter) -> Select:
    query = select(AuditEvent).where(
        AuditEvent.at >= start_of_local_day(audit_filter.start),
        AuditEvent.at < start_of_local_day(audit_filter.end + timedelta(days=1)))
    for column, value in ((AuditEvent.actor_id, audit_filter.actor_id),
                          (AuditEvent.organisation_id, audit_filter.organisation_id),
                          (AuditEvent.action, audit_filter.action),
                          (AuditEvent.object_type, audit_filter.object_type),
                          (AuditEvent.object_id, audit_filter.object_id)):
        if value is not None:
            query = query.where(column == value)
    return query


def known_values(column) -> list[str]:
    """The values a column holds (actions, kinds of record), for the filter's choices."""
    return sorted(db.session.scalars(select(column).where(column.is_not(None)).distinct()))


def names_of(model) -> dict[int, str]:
    return dict(db.session.execute(select(model.id, model.name)).all())


def csv_chunks(audit_filter: AuditFilter, locale: str) -> Iterator[str]:
    """The header, then the rows oldest first, a chunk of text per batch."""
    people, organisations = names_of(User), names_of(Organisation)
    written = CsvText(locale).rows
    yield BOM + written([[_("Time (UTC)"), _("Person (id)"), _("Person"), _("Role"),
                          _("Organisation (id)"), _("Organisation"), _("Action"),
                          _("Kind of record"), _("Record"), _("Result"), _("IP address")]])
    last_id = 0
    while True:
        rows = db.session.scalars(audit_query(audit_filter).where(AuditEvent.id > last_id)
                                  .order_by(AuditEvent.id).limit(BATCH)).all()
        if not rows:
            return
        yield written([row.at.isoformat(), row.actor_id, people.get(row.actor_id, ""),
                       row.actor_role, row.organisation_id,
                       organisations.get(row.organisation_id, ""), row.action,
                       row.object_type, row.object_id, row.result, row.ip_address]
                      for row in rows)
        last_id = rows[-1].id
        db.session.expunge_all()  # constant memory over a long period
