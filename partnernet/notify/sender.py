"""Sending the outbox over SMTP, with retries and backoff.

Each message is claimed with a conditional UPDATE before it is sent, so two senders running
at once never send the same message. A sender that dies after claiming leaves the message
'sending'; after CLAIM_TIMEOUT it is released and tried again (at-least-once after a crash).
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app
from sqlalchemy import select, update

from partnernet.clock import utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import OutboxMessage, OutboxStatus

CLAIM_TIMEOUT = timedelta(minutes=15)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    given_up: int = 0


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


class SmtpConnection:
    """One SMTP connection for a run, opened on the first message."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            self.smtp = self._connect()
        self.smtp.send_message(message)

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(
            config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]
        )
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        return smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    return email


def _release_stale_claims(now: datetime) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING)
        .where(OutboxMessage.claimed_at < now - CLAIM_TIMEOUT)
        .values(status=OutboxStatus.PENDING)
    )
    db.session.commit()


def _claim(message_id: int, now: datetime) -> bool:
    claimed = rows_changed(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, claimed_at=now)
    )
    db.session.commit()
    return claimed == 1


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, report) -> None:
    message.attempts += 1
    # The exception's class only: SMTP error texts can quote the recipient's address.
    message.last_error = type(error).__name__
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        report.given_up += 1
        current_app.logger.error("outbox message %s failed for good", message.id)
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retrying += 1
        current_app.logger.warning("outbox message %s will be retried", message.id)


def send_due_messages(now: datetime | None = None, batch_size: int = 200) -> SendReport:
    now = now or utcnow()
    _release_stale_claims(now)
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(batch_size)
    ).all()
    report = SendReport()
    connection = SmtpConnection(current_app.config)
    try:
        for message_id in due:
            if _claim(message_id, now) and not _send_one(message_id, connection, now, report):
                break  # the server is unreachable: the rest waits for the next run
    finally:
        connection.close()
    return report


def _send_one(message_id: int, connection: SmtpConnection, now: datetime, report) -> bool:
    """Send one claimed message; False when the server could not be reached at all."""
    message = db.session.get_one(OutboxMessage, message_id)  # claimed, so it is there
    try:
        email = as_email(message, current_app.config["MAIL_FROM"])
    except (ValueError, TypeError, UnicodeError) as error:
        _record_unsendable(message, error, report)
        db.session.commit()
        return True
    try:
        connection.send(email)
    except (OSError, smtplib.SMTPException) as error:
        _record_failure(message, error, now, report)
        db.session.commit()
        return not isinstance(error, OSError | smtplib.SMTPServerDisconnected)
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    report.sent += 1
    db.session.commit()
    return True


def _record_unsendable(message: OutboxMessage, error: Exception, report) -> None:
    """A message no retry can mend (a header with a line break, say): failed at once."""
    message.attempts += 1
    message.status = OutboxStatus.FAILED
    message.last_error = f"cannot be sent: {type(error).__name__}"
    report.given_up += 1
    current_app.logger.error("outbox message %s cannot be sent", message.id)
