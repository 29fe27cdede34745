"""A signed-in browser that posts the login form is signed out first: a planted cookie of
another account cannot make someone work in that account."""

import pytest
from sqlalchemy import func, select

from partnernet.models import UserSession
from tests import factories
from tests.test_security import csrf_token


def test_posting_the_login_form_ends_the_session_that_was_there(client, auth, db):
    planted = auth.login(as_="coordinator")  # the attacker's own account, cookie in the browser
    victim = factories.create_user(role="staff")
    response = client.post("/login", data={"email": victim.email, "password": "wrong"})
    assert response.status_code == 200  # the failed attempt shows the form again
    assert client.get("/dashboard").status_code == 302  # and nobody is signed in any more
    assert db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.user_id == planted.id)) == 0

    auth.login(user=victim)
    page = client.get("/dashboard")
    assert page.status_code == 200 and victim.name in page.get_data(as_text=True)


def test_a_signed_in_user_who_opens_the_login_page_goes_to_the_overview(client, auth):
    auth.login(as_="staff")
    response = client.get("/login")
    assert response.status_code == 302 and response.location.endswith("/dashboard")


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_with_csrf_on_the_login_after_signing_out_first_goes_through(client, db):
    planted = factories.create_user(role="coordinator")
    victim = factories.create_user(role="coordinator", name="Vera Slachtoffer")
    token = csrf_token(client, "/login")
    client.post("/login", data={"email": planted.email, "csrf_token": token,
                                "password": factories.DEFAULT_PASSWORD})
    token = csrf_token(client, "/dashboard")  # any page with a form, in the planted session
    response = client.post("/login", data={"email": victim.email, "csrf_token": token,
                                           "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert "Vera Slachtoffer" in client.get("/dashboard").get_data(as_text=True)
