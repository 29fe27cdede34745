"""Queueing e-mail. The message is committed with the change that causes it, or not at all."""

import re

from partnernet.extensions import db
from partnernet.models import OutboxMessage

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def queue_email(recipient: str, subject: str, body: str) -> OutboxMessage:
    """A subject is one line whatever text it quotes; a recipient with a line break or another
    control character is refused (a header can never be added through either)."""
    if CONTROL_CHARACTERS.search(recipient):
        raise ValueError("an e-mail recipient cannot hold control characters")
    message = OutboxMessage(recipient=recipient, subject=one_line(subject), body=body)
    db.session.add(message)
    return message


def one_line(text: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
