"""One-time links by e-mail: invitations (7 days) and password resets (2 hours)."""

import email
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.models import OutboxMessage, Role, User
from partnernet.notify.accounts import invitation as send_invitation
from partnernet.notify.sender import send_due_messages
from partnernet.tokens import INVITATION, PASSWORD_RESET, make_token
from tests import factories
from tests.html import error_summary, heading

NEW_PASSWORD = "een nieuw en lang wachtwoord"


def link_path(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def set_password(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm_password": password})


@pytest.fixture
def invited(db):
    user = factories.create_user(role=Role.COORDINATOR, password_hash=None)
    user.password_hash = None
    db.session.commit()
    return user


def test_invitation_sets_the_first_password_once(client, db, invited):
    path = f"/invite/{make_token(invited, INVITATION)}"
    assert client.get(path + "?lang=en").status_code == 200
    response = set_password(client, path)
    assert response.status_code == 302 and response.location == "/dashboard"
    assert client.get("/dashboard").status_code == 200  # signed in
    db.session.expire_all()
    assert db.session.get(User, invited.id).check_password(NEW_PASSWORD)
    again = client.get(path + "?lang=en")
    assert again.status_code == 404 and heading(again) == "This link no longer works"


def test_invitation_expires_after_seven_days(client, invited):
    with freeze_time(utcnow()) as clock:
        token = make_token(invited, INVITATION)
        clock.tick(timedelta(days=6, hours=23))
        assert client.get(f"/invite/{token}").status_code == 200
        clock.tick(timedelta(hours=2))
        assert client.get(f"/invite/{token}").status_code == 404


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense",
                                    lambda t: t.replace(".", "", 1)])
def test_a_changed_token_is_refused(client, invited, mangle):
    assert client.get(f"/invite/{mangle(make_token(invited, INVITATION))}").status_code == 404


def test_a_reset_token_is_no_invitation(client, invited):
    assert client.get(f"/invite/{make_token(invited, PASSWORD_RESET)}").status_code == 404


def test_a_deactivated_user_cannot_use_the_link(client, db, invited):
    token = make_token(invited, INVITATION)
    invited.active = False
    db.session.commit()
    assert client.get(f"/invite/{token}").status_code == 404


def test_a_weak_password_is_refused_and_the_link_still_works(client, invited):
    path = f"/invite/{make_token(invited, INVITATION)}?lang=en"
    response = set_password(client, path, "short")
    assert response.status_code == 200 and error_summary(response)
    assert client.get(path).status_code == 200


def test_invitation_mail_reaches_the_smtp_server_and_its_link_works(app, client, db, invited,
                                                                    smtp_server):
    send_invitation(invited, "WIJS")
    db.session.commit()
    assert send_due_messages().sent == 1
    (envelope,) = smtp_server.messages
    body = email.message_from_bytes(envelope.content).get_payload(decode=True).decode()
    assert envelope.rcpt_tos == [invited.email] and "WIJS" in body
    assert set_password(client, link_path(body)).status_code == 302


def test_reset_request_says_the_same_whether_or_not_the_address_is_known(client, db):
    user = factories.create_user(role=Role.STAFF)
    known = client.post("/password/reset?lang=en", data={"email": user.email.upper()},
                        follow_redirects=True)
    unknown = client.post("/password/reset?lang=en", data={"email": "nobody@example.org"},
                          follow_redirects=True)
    assert known.get_data(as_text=True).count("If this address belongs to an account") == 1
    assert heading(known) == heading(unknown)
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [mail.recipient for mail in mails] == [user.email]


def test_reset_link_sets_a_new_password_and_ends_other_sessions(client, db, auth, app):
    user = factories.create_user(role=Role.STAFF)
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email,
                                      "password": factories.DEFAULT_PASSWORD})
    client.post("/password/reset", data={"email": user.email})
    body = db.session.scalar(select(OutboxMessage.body))
    path = link_path(body)
    assert set_password(client, path).status_code == 302
    assert other_device.get("/dashboard").status_code == 302  # signed out there
    assert client.get(path).status_code == 404  # used once


def test_reset_link_expires_after_two_hours(client, db):
    user = factories.create_user(role=Role.STAFF)
    with freeze_time(utcnow()) as clock:
        token = make_token(user, PASSWORD_RESET)
        clock.tick(timedelta(hours=2, minutes=1))
        assert client.get(f"/password/reset/{token}").status_code == 404


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_reset_requests_are_rate_limited(client):
    for _ in range(5):
        client.post("/password/reset", data={"email": "someone@example.org"})
    assert client.post("/password/reset", data={"email": "someone@example.org"}).status_code == 429
