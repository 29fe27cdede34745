"""The retention job (criterion 22): what is kept no longer than its period.

- A request closed longer ago than the retention period is pseudonymised: every personal field
  is wiped (name, contact details, postcode, contact time, what was needed, the notes of its
  history), while the row, its history and its coded values (state, outcome, topic, partner,
  postcode area, dates) stay, so every figure still adds up.
- A resident's comment on the help they got goes after the same period (their yes/partly/no
  stays), and so do the e-mails sent (their text names people).
- Audit rows older than their own period are removed.
- A file uploaded for an import goes a week after it was uploaded.

Safe to run again and at the same time as itself: each step touches only what is not done yet.
"""

import calendar
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from partnernet.clock import utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import (
    AuditEvent,
    ImportFile,
    OutboxMessage,
    OutboxStatus,
    Referral,
    ReferralEvent,
    ResidentFeedback,
)
from partnernet.models.imports import KEEP_FOR as IMPORT_FILES_KEPT
from partnernet.privacy.audit import record_event
from partnernet.settings import pin_setting, site_settings

BATCH = 500
PERSONAL_FIELDS = ("resident_name", "resident_phone", "resident_email", "resident_postcode",
                   "contact_time", "need_description", "updates_language",
                   "resident_phone_hash", "resident_email_hash")
logger = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    requests: int = 0
    comments: int = 0
    emails: int = 0
    audit_rows: int = 0
    import_files: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier, on the month's last day when it is
    shorter (as PostgreSQL counts an interval of months)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month = month_index + 1
    return moment.replace(year=year, month=month,
                          day=min(moment.day, calendar.monthrange(year, month)[1]))


def purge() -> PurgeReport:
    """Run every step; commits per batch. The counts are logged and audited, nothing else."""
    now, settings = utcnow(), site_settings()
    cutoff = months_before(now, settings.retention_months)
    report = PurgeReport(requests=_pseudonymise_closed_requests(cutoff, now))
    report.comments = rows_changed(
        update(ResidentFeedback)
        .where(ResidentFeedback.given_on < cutoff.date(), ResidentFeedback.comment.is_not(None))
        .values(comment=None))
    report.emails = rows_changed(delete(OutboxMessage).where(
        OutboxMessage.created_at < cutoff,
        OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED])))
    report.import_files = rows_changed(delete(ImportFile).where(
        ImportFile.created_at < now - IMPORT_FILES_KEPT))
    db.session.commit()
    report.audit_rows = _remove_expired_audit_rows(
        months_before(now, settings.audit_retention_months))
    record_event("retention_purge", object_type="referral", object_id=report.requests)
    db.session.commit()
    logger.info("retention purge: %d requests pseudonymised, %d comments, %d e-mails, "
                "%d audit rows, %d import files removed", report.requests, report.comments,
                report.emails, report.audit_rows, report.import_files)
    return report


def _pseudonymise_closed_requests(cutoff: datetime, now: datetime) -> int:
    done = 0
    while True:
        ids = db.session.scalars(
            select(Referral.id).where(Referral.closed_at < cutoff,
                                      Referral.pseudonymised_at.is_(None))
            .order_by(Referral.id).limit(BATCH)).all()
        if not ids:
            return done
        done += pseudonymise(ids, now)
        db.session.commit()


def pseudonymise(referral_ids: Sequence[int], now: datetime) -> int:
    """Wipe every personal field of these requests and the notes of their history; their
    coded values stay. How many were not pseudonymised before. The caller commits."""
    done = rows_changed(
        update(Referral).where(Referral.id.in_(referral_ids),
                               Referral.pseudonymised_at.is_(None))
        .values({**dict.fromkeys(PERSONAL_FIELDS), "pseudonymised_at": now})
        .execution_options(synchronize_session=False))
    db.session.execute(update(ReferralEvent).where(ReferralEvent.referral_id.in_(referral_ids))
                       .values(note=None).execution_options(synchronize_session=False))
    return done


def _remove_expired_audit_rows(cutoff: datetime) -> int:
    # The database's own guard (migration 0019) reads the period from the settings table, so
    # the period in force is written there before any row goes.
    pin_setting("audit_retention_months")
    db.session.commit()
    removed = 0
    while True:
        ids = db.session.scalars(select(AuditEvent.id).where(AuditEvent.at < cutoff)
                                 .order_by(AuditEvent.id).limit(BATCH)).all()
        if not ids:
            return removed
        removed += rows_changed(delete(AuditEvent).where(AuditEvent.id.in_(ids)))
        db.session.commit()
