"""Sessions live on the server: logout, disabling and a new password end them for real."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from partnernet.clock import utcnow
from tests import factories

COOKIE = "partnernet_session"


def session_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def replay(app, cookie_value):
    """A second browser that stole the cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie_value)
    return thief.get("/dashboard")


def test_session_id_changes_at_login(client):
    client.get("/login?lang=nl")
    before = session_cookie(client)
    user = factories.create_user(role="staff")
    client.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD})
    after = session_cookie(client)
    assert before != after


def test_a_cookie_copied_before_logout_is_rejected_after(app, client, auth):
    auth.login(as_="coordinator")
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200
    auth.logout()
    assert replay(app, copied).status_code == 302


def test_logout_clears_site_data(client, auth):
    auth.login(as_="staff")
    response = auth.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_disabling_a_user_ends_their_sessions(app, client, auth, runner):
    user = auth.login(as_="volunteer")
    copied = session_cookie(client)
    result = runner.invoke(args=["partnernet", "deactivate-user", "--email", user.email])
    assert result.exit_code == 0
    assert replay(app, copied).status_code == 302


def test_changing_the_password_ends_other_sessions(app, client, auth):
    user = auth.login(as_="staff")
    other_device = app.test_client()
    AuthLogin = type(auth)
    AuthLogin(other_device).login(user=user)
    other_cookie = session_cookie(other_device)
    new = "een nieuw lang wachtwoord"
    response = client.post("/account/password", data={
        "current_password": factories.DEFAULT_PASSWORD, "new_password": new,
        "confirm_password": new})
    assert response.status_code == 302
    assert replay(app, other_cookie).status_code == 302
    assert client.get("/dashboard").status_code == 200  # this device stays signed in


@pytest.mark.parametrize(("minutes", "signed_in"), [(29, True), (31, False)])
def test_idle_timeout(client, auth, minutes, signed_in):
    start = utcnow()
    with freeze_time(start) as clock:
        auth.login(as_="staff")
        clock.tick(timedelta(minutes=minutes))
        assert (client.get("/dashboard").status_code == 200) is signed_in


def test_activity_keeps_the_session_alive_until_the_absolute_timeout(client, auth):
    start = utcnow()
    with freeze_time(start) as clock:
        auth.login(as_="staff")
        for _ in range(23):  # 23 x 25 minutes = 9.6 hours of steady use
            clock.tick(timedelta(minutes=25))
            assert client.get("/dashboard").status_code == 200
        for _ in range(7):  # past 12 hours
            clock.tick(timedelta(minutes=25))
            client.get("/dashboard")
        assert client.get("/dashboard").status_code == 302


def test_expired_sessions_are_removed_at_the_next_login(client, auth, db):
    from sqlalchemy import func, select

    from partnernet.models import UserSession

    user = factories.create_user(role="staff")
    with freeze_time(utcnow()) as clock:
        auth.login(user=user)
        clock.tick(timedelta(hours=13))
        auth.login(user=user)
    count = db.session.scalar(select(func.count()).select_from(UserSession))
    assert count == 1
