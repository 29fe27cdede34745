"""Criterion 14: signing in cannot finish without the second factor; a code works once and
only within its window. Codes come from a real TOTP generator (pyotp) under a frozen clock."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from partnernet.models import AuditEvent, RecoveryCode, User
from partnernet.tokens import INVITATION, PASSWORD_RESET, make_token
from tests import factories
from tests.html import error_summary, heading, parse

NOW = datetime(2026, 12, 2, 14, 0, 15, tzinfo=UTC)  # 15 s into a 30-second step
TOTP = pyotp.TOTP(factories.TOTP_SECRET)


def password(client, user, url="/login"):
    return client.post(url, data={"email": user.email, "password": factories.DEFAULT_PASSWORD})


def code_at(moment: datetime, totp=TOTP) -> str:
    return totp.at(moment)


def stored(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def signed_in(client) -> bool:
    return client.get("/dashboard").status_code == 200


@freeze_time(NOW)
def test_staff_sign_in_waits_for_the_code(client, db):
    user = factories.create_user(role="staff")
    response = password(client, user)
    assert response.location == "/login/code"
    assert not signed_in(client)
    assert heading(client.get("/login/code")) == "Geef de code uit uw app"
    done = client.post("/login/code", data={"code": code_at(NOW)})
    assert done.location == "/dashboard" and signed_in(client)
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["login"]


@freeze_time(NOW)
def test_a_code_works_once(client, auth):
    user = factories.create_user(role="staff")
    password(client, user)
    assert client.post("/login/code", data={"code": code_at(NOW)}).status_code == 302
    auth.logout()
    password(client, user)
    again = client.post("/login/code", data={"code": code_at(NOW)})
    assert again.status_code == 200 and not signed_in(client)
    assert "al gebruikt" in error_summary(again)[0]


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True),
                                                  (30, True), (60, False)])
def test_a_code_is_taken_one_step_either_side_and_no_further(client, offset, accepted):
    user = factories.create_user(role="staff")
    with freeze_time(NOW):
        password(client, user)
        response = client.post("/login/code",
                               data={"code": code_at(NOW + timedelta(seconds=offset))})
        assert (response.status_code == 302) is accepted
        assert signed_in(client) is accepted


def test_the_code_of_a_step_runs_out_with_the_next_step(client):
    user = factories.create_user(role="staff")
    code = code_at(NOW)
    with freeze_time(NOW) as clock:
        password(client, user)
        clock.tick(timedelta(seconds=45 + 30))  # two steps on
        assert client.post("/login/code", data={"code": code}).status_code == 200
        assert not signed_in(client)


@freeze_time(NOW)
def test_a_recovery_code_works_once(client, auth, db):
    user = factories.create_user(role="staff")
    password(client, user)
    assert client.post("/login/code", data={"code": " TEST3-CODES "}).status_code == 302
    auth.logout()
    password(client, user)
    assert client.post("/login/code", data={"code": "test3-codes"}).status_code == 200
    assert not signed_in(client)
    used = db.session.scalars(select(RecoveryCode).where(RecoveryCode.used_at.is_not(None)))
    assert len(used.all()) == 1
    assert "recovery_code_use" in set(db.session.scalars(select(AuditEvent.action)))


def test_wrong_codes_count_towards_the_lockout(client, db):
    user = factories.create_user(role="staff")
    with freeze_time(NOW) as clock:
        for _ in range(10):
            password(client, user)
            assert client.post("/login/code", data={"code": "000000"}).status_code == 200
        assert stored(db, user).locked_until is not None
        password(client, user)  # locked: the password is refused too
        assert client.get("/login/code").location == "/login"
        clock.tick(timedelta(minutes=31))
        password(client, user)
        assert client.post("/login/code", data={"code": code_at(NOW + timedelta(
            minutes=31))}).status_code == 302


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_sixth_wrong_code_within_a_minute_gets_429(client):
    user = factories.create_user(role="staff")
    password(client, user)
    for _ in range(5):
        assert client.post("/login/code", data={"code": "123456"}).status_code == 200
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 429


def test_the_code_page_waits_ten_minutes_for_the_code(client):
    user = factories.create_user(role="staff")
    with freeze_time(NOW) as clock:
        password(client, user)
        clock.tick(timedelta(minutes=11))
        response = client.post("/login/code", data={"code": code_at(NOW + timedelta(
            minutes=11))})
        assert response.location == "/login" and not signed_in(client)


def test_the_code_page_without_a_password_sends_to_sign_in(client):
    assert client.get("/login/code").location == "/login"
    assert client.post("/login/code", data={"code": "123456"}).location == "/login"


def set_up_secret(response) -> str:
    return parse(response).select_one(".pn-secret").get_text().replace(" ", "")


def recovery_codes(response) -> list[str]:
    return [item.get_text() for item in parse(response).select(".pn-recovery-codes code")]


@freeze_time(NOW)
def test_staff_without_a_second_factor_set_it_up_at_sign_in(client, auth, db):
    user = factories.create_user(role="staff", second_factor=False)
    assert password(client, user).location == "/login/set-up"
    page = client.get("/login/set-up")
    assert not signed_in(client)
    image = parse(page).select_one("img.pn-qr")
    assert image["src"].startswith("data:image/svg+xml") and image["alt"]
    secret = set_up_secret(page)
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert stored(db, user).totp_secret is None  # nothing stored before a code

    wrong = client.post("/login/set-up", data={"code": "000000"})
    assert wrong.status_code == 200 and error_summary(wrong) and not signed_in(client)
    assert set_up_secret(wrong) == secret  # the same QR code until it works

    done = client.post("/login/set-up", data={"code": pyotp.TOTP(secret).now()})
    codes = recovery_codes(done)
    assert len(codes) == 10 and len(set(codes)) == 10 and signed_in(client)
    assert stored(db, user).totp_secret == secret and stored(db, user).has_second_factor
    assert "second_factor_set_up" in set(db.session.scalars(select(AuditEvent.action)))

    auth.logout()
    assert password(client, user).location == "/login/code"
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 302


def test_a_set_up_that_took_too_long_starts_again_with_a_new_code(client, auth, db):
    user = factories.create_user(role="coordinator")
    with freeze_time(NOW) as clock:
        auth.login(user=user)
        old = set_up_secret(client.get("/account/two-factor/set-up"))
        clock.tick(timedelta(minutes=11))
        response = client.post("/account/two-factor/set-up", data={
            "code": pyotp.TOTP(old).now()})
        assert response.status_code == 200
        assert "10 minuten" in error_summary(response)[0]
        assert set_up_secret(response) != old
        assert not stored(db, user).has_second_factor


@freeze_time(NOW)
def test_a_coordinator_may_switch_it_on_and_off(client, auth, db):
    user = factories.create_user(role="coordinator")
    auth.login(user=user)
    secret = set_up_secret(client.get("/account/two-factor/set-up"))
    client.post("/account/two-factor/set-up", data={"code": pyotp.TOTP(secret).now()})
    assert stored(db, user).has_second_factor
    client.post("/account/two-factor/off")
    assert not stored(db, user).has_second_factor and stored(db, user).totp_secret is None
    assert db.session.scalars(select(RecoveryCode)).all() == []


@freeze_time(NOW)
def test_staff_cannot_switch_it_off(client, auth, db):
    user = auth.login(as_="staff")
    response = client.post("/account/two-factor/off", follow_redirects=True)
    assert "blijft aan" in response.get_data(as_text=True)
    assert stored(db, user).has_second_factor


@freeze_time(NOW)
def test_new_recovery_codes_replace_the_old_ones(client, auth):
    user = auth.login(as_="staff")
    codes = recovery_codes(client.post("/account/two-factor/recovery-codes"))
    assert len(codes) == 10 and not set(codes) & set(factories.RECOVERY_CODES)
    auth.logout()
    password(client, user)
    assert client.post("/login/code", data={"code": factories.RECOVERY_CODES[5]}
                       ).status_code == 200
    assert client.post("/login/code", data={"code": codes[5]}).status_code == 302


@freeze_time(NOW)
def test_a_password_reset_link_is_no_second_factor(client):
    user = factories.create_user(role="admin")
    token = make_token(user, PASSWORD_RESET)
    response = client.post(f"/password/reset/{token}", data={
        "new_password": "een nieuw lang wachtwoord", "confirm_password":
        "een nieuw lang wachtwoord"})
    assert response.location == "/login/code" and not signed_in(client)
    assert client.post("/login/code", data={"code": code_at(NOW)}).status_code == 302


@freeze_time(NOW)
def test_an_invited_staff_member_sets_up_the_second_factor_before_signing_in(client, db):
    user = factories.create_user(role="staff", second_factor=False)
    user.password_hash = None
    db.session.commit()
    token = make_token(user, INVITATION)
    response = client.post(f"/invite/{token}", data={
        "new_password": "een nieuw lang wachtwoord", "confirm_password":
        "een nieuw lang wachtwoord"})
    assert response.location == "/login/set-up" and not signed_in(client)


@freeze_time(NOW)
def test_pages_speak_english_too(client):
    user = factories.create_user(role="staff", second_factor=False)
    password(client, user)
    assert heading(client.get("/login/set-up?lang=en")) == "Set up two-step verification"


@freeze_time(NOW)
def test_the_set_up_key_and_the_recovery_codes_are_never_stored_by_the_browser(client):
    user = factories.create_user(role="staff", second_factor=False)
    password(client, user)
    page = client.get("/login/set-up")
    assert page.headers["Cache-Control"] == "no-store"
    done = client.post("/login/set-up", data={"code": pyotp.TOTP(set_up_secret(page)).now()})
    assert done.headers["Cache-Control"] == "no-store"


@freeze_time(NOW)
def test_a_reset_second_factor_is_set_up_again_at_the_next_sign_in(client, auth, runner, db):
    user = auth.login(as_="staff")
    result = runner.invoke(args=["partnernet", "reset-second-factor", "--email", user.email])
    assert result.exit_code == 0
    assert not signed_in(client)  # its sessions ended
    assert password(client, user).location == "/login/set-up"
    assert db.session.scalars(select(RecoveryCode)).all() == []
    assert "second_factor_reset" in set(db.session.scalars(select(AuditEvent.action)))
