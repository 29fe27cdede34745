"""Queueing e-mail. The message is committed with the change that causes it, or not at all."""

from partnernet.extensions import db
from partnernet.models import OutboxMessage


def queue_email(recipient: str, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    return message
