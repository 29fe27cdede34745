"""A real SMTP server on 127.0.0.1 (aiosmtpd) that can be stopped and started again."""

import email
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CollectingHandler:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope)
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    host = "127.0.0.1"

    def __init__(self):
        self.port = free_port()
        self.handler = CollectingHandler()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller = Controller(self.handler, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def delivered(smtp_server) -> dict[str, list[str]]:
    """Send the outbox, then: recipient -> the bodies of the e-mails the server received."""
    from partnernet.notify.sender import send_due_messages

    send_due_messages()
    mails: dict[str, list[str]] = {}
    for envelope in smtp_server.messages:
        body = email.message_from_bytes(envelope.content).get_payload(decode=True).decode()
        for recipient in envelope.rcpt_tos:
            mails.setdefault(recipient, []).append(body)
    return mails
