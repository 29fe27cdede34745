"""How fast the outbox drains: queue N messages, send them to a local SMTP server (aiosmtpd)
with one sender and with two concurrent senders, and print messages per second.

    .venv/bin/python benchmarks/outbox_throughput.py [N]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from benchmarks.common import bench_app  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.models import OutboxMessage  # noqa: E402
from partnernet.notify.sender import send_due_messages  # noqa: E402
from tests.support.smtp import LocalSmtpServer  # noqa: E402


def queue(count: int) -> None:
    db.session.execute(delete(OutboxMessage))
    db.session.add_all(
        OutboxMessage(recipient=f"partner{n}@example.org", subject=f"Bericht {n}",
                      body="Er staat een nieuwe verwijzing voor u klaar.")
        for n in range(count)
    )
    db.session.commit()


def drain(app, senders: int) -> float:
    def run():
        with app.app_context():
            while send_due_messages(batch_size=500).sent:
                pass

    started = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main(count: int) -> None:
    smtp = LocalSmtpServer()
    smtp.start()
    app = bench_app(SMTP_HOST=smtp.host, SMTP_PORT=smtp.port)
    with app.app_context():
        upgrade()
        print(f"database: {db.engine.dialect.name}, messages: {count}")
        for senders in (1, 2):
            before = len(smtp.messages)
            queue(count)
            seconds = drain(app, senders)
            delivered = len(smtp.messages) - before
            print(f"{senders} sender(s): {delivered} delivered in {seconds:.2f} s "
                  f"= {delivered / seconds:.0f} messages/s, duplicates: {delivered - count}")
    smtp.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
