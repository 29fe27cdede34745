"""Does the time of a sign-in or a password reset tell whether an account exists? Each case is
timed through the app, interleaved, and the medians are printed side by side.

    .venv/bin/python benchmarks/sign_in_timing.py [ROUNDS]

Uses a fresh SQLite file, or PARTNERNET_BENCH_DATABASE_URL (an empty PostgreSQL database).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PARTNERNET_ENV", "development")

from flask_migrate import upgrade  # noqa: E402

from benchmarks.common import bench_app  # noqa: E402
from partnernet.clock import utcnow  # noqa: E402
from partnernet.extensions import db  # noqa: E402
from partnernet.models import Role, User  # noqa: E402

PASSWORD = "correct horse battery staple"


def accounts() -> None:
    from datetime import timedelta

    for email, locked, active in [("known@example.org", False, True),
                                  ("locked@example.org", True, True),
                                  ("inactive@example.org", False, False)]:
        user = User(email=email, name="Bench", role=Role.STAFF, active=active)
        user.set_password(PASSWORD)
        if locked:
            user.locked_until = utcnow() + timedelta(days=365)
        db.session.add(user)
    db.session.commit()


def timed_post(client, url: str, data: dict) -> float:
    started = time.perf_counter()
    client.post(url, data=data)
    return (time.perf_counter() - started) * 1000


def main(rounds: int) -> None:
    app = bench_app(WTF_CSRF_ENABLED=False, LOGIN_LOCKOUT_FAILURES=10**9)
    with app.app_context():
        upgrade()
        accounts()
    client = app.test_client()
    cases = {
        "sign-in, unknown address": ("/login", {"email": "nobody@example.org",
                                                "password": "wrong password"}),
        "sign-in, wrong password": ("/login", {"email": "known@example.org",
                                               "password": "wrong password"}),
        "sign-in, locked account": ("/login", {"email": "locked@example.org",
                                               "password": "wrong password"}),
        "sign-in, deactivated account": ("/login", {"email": "inactive@example.org",
                                                    "password": PASSWORD}),
        "password reset, unknown address": ("/password/reset", {"email": "nobody@example.org"}),
        "password reset, known address": ("/password/reset", {"email": "known@example.org"}),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (url, data) in cases.items():
            times[name].append(timed_post(client, url, data))
    for name, values in times.items():
        values.sort()
        print(f"{name:34} median {statistics.median(values):6.1f} ms   "
              f"p90 {values[int(len(values) * 0.9)]:6.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
