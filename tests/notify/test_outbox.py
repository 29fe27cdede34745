"""Mail is never lost: queued with its cause, sent by the worker, retried through an outage,
and sent exactly once when two workers run at the same time."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from partnernet.clock import utcnow
from partnernet.models import OutboxMessage, OutboxStatus
from partnernet.notify.outbox import queue_email
from partnernet.notify.sender import retry_delay, send_due_messages
from tests import factories
from tests.support.concurrency import run_at_once


def statuses(db):
    db.session.expire_all()
    return [message.status for message in db.session.scalars(select(OutboxMessage))]


def test_message_is_queued_only_with_the_change_that_causes_it(db):
    factories.create_organisation()
    queue_email("a@example.org", "Onderwerp", "Tekst")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    queue_email("a@example.org", "Onderwerp", "Tekst")
    db.session.commit()
    assert statuses(db) == ["pending"]


def test_send_mail_delivers_the_outbox(runner, db, smtp_server):
    factories.create_outbox_message(recipient="partner@example.org", subject="Nieuwe verwijzing")
    result = runner.invoke(args=["partnernet", "send-mail"])
    assert result.exit_code == 0 and "Sent 1" in result.output
    assert statuses(db) == ["sent"]
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["partner@example.org"]
    assert b"Subject: Nieuwe verwijzing" in envelope.content


def test_nothing_is_lost_while_the_mail_server_is_down(db, smtp_server):
    for _ in range(3):
        factories.create_outbox_message()
    smtp_server.stop()
    report = send_due_messages()
    assert report.sent == 0 and statuses(db) == ["pending"] * 3
    first = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    assert first.attempts == 1 and first.last_error == "ConnectionRefusedError"

    smtp_server.start()
    assert send_due_messages().sent == 2  # the first waits for its retry time
    later = send_due_messages(now=utcnow() + timedelta(minutes=2))
    assert later.sent == 1
    assert statuses(db) == ["sent"] * 3 and len(smtp_server.messages) == 3


def test_retries_back_off_and_then_give_up(app, db, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    factories.create_outbox_message()
    smtp_server.stop()
    now = utcnow()
    for _ in range(3):
        send_due_messages(now=now)
        now += timedelta(hours=7)
    assert statuses(db) == [OutboxStatus.FAILED]
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_stale_claim_is_released(db, smtp_server):
    factories.create_outbox_message(status=OutboxStatus.SENDING,
                                    claimed_at=utcnow() - timedelta(hours=1))
    assert send_due_messages().sent == 1


@pytest.mark.parametrize("senders", [2, 4])
def test_concurrent_senders_send_each_message_exactly_once(app, db, smtp_server, senders):
    subjects = {factories.create_outbox_message().subject for _ in range(30)}
    run_at_once(app, send_due_messages, times=senders)
    received = [envelope.content.split(b"Subject: ")[1].split(b"\r\n")[0].decode()
                for envelope in smtp_server.messages]
    assert sorted(received) == sorted(subjects)
    assert statuses(db) == ["sent"] * 30


def test_a_line_break_in_a_subject_cannot_add_a_header(db, smtp_server):
    queue_email("partner@example.org", "Melding over Naam\r\nBcc: x@example.org", "Tekst")
    db.session.commit()
    assert send_due_messages().sent == 1
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["partner@example.org"]
    assert b"\nBcc:" not in envelope.content
    assert b"Subject: Melding over Naam Bcc: x@example.org" in envelope.content


def test_a_message_that_cannot_be_sent_fails_with_its_reason_and_blocks_no_other(
        runner, db, smtp_server):
    factories.create_outbox_message(subject="Eerste")
    poisoned = factories.create_outbox_message(subject="Naam\r\nBcc: x@example.org")
    factories.create_outbox_message(subject="Derde")
    result = runner.invoke(args=["partnernet", "send-mail"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert statuses(db) == ["sent", "failed", "sent"]
    failed = db.session.get(OutboxMessage, poisoned.id)
    assert failed.attempts == 1 and failed.last_error.startswith("cannot be sent: ValueError")
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("recipient", ["a@example.org\r\nBcc: x@example.org", "a@example.org\n"])
def test_a_recipient_with_a_line_break_is_refused_when_queued(db, recipient):
    with pytest.raises(ValueError):
        queue_email(recipient, "Onderwerp", "Tekst")
