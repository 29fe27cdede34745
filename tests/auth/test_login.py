import pytest
from sqlalchemy import select

from partnernet.models import AuditEvent, User
from tests import factories
from tests.html import error_summary, heading
from tests.support import signing_in


def test_login_and_logout(client, auth):
    user = auth.login(as_="coordinator")
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200 and user.name in dashboard.get_data(as_text=True)
    response = auth.logout()
    assert response.status_code == 302 and response.location.endswith("/signed-out")
    assert client.get("/dashboard").status_code == 302


def test_email_is_matched_without_case_or_spaces(client):
    user = factories.create_user(role="coordinator", email="medewerker@example.org")
    response = client.post("/login", data={"email": "  Medewerker@Example.ORG ",
                                           "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert user.last_login_at is not None


def test_unknown_email_and_wrong_password_get_the_same_message(client):
    factories.create_user(role="staff", email="known@example.org")
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "whatever1"})
    wrong = client.post("/login", data={"email": "known@example.org", "password": "whatever1"})
    assert unknown.status_code == wrong.status_code == 200
    assert error_summary(unknown) == error_summary(wrong)
    assert "klopt niet" in error_summary(unknown)[0]


def test_empty_form_names_each_field(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert error_summary(response) == ["Vul uw e-mailadres in.", "Vul uw wachtwoord in."]


def test_typed_email_is_kept_after_a_failed_login(client):
    response = client.post("/login", data={"email": "typed@example.org", "password": "x"})
    assert 'value="typed@example.org"' in response.get_data(as_text=True)


def test_login_is_audited_without_the_password(client, db):
    user = factories.create_user(role="staff")
    client.post("/login", data={"email": user.email, "password": "wrong password"})
    signing_in.sign_in(client, user)
    results = db.session.scalars(select(AuditEvent.result).where(AuditEvent.action == "login"))
    assert list(results) == ["failure", "success"]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/password", "/account/password"),
        ("https://evil.example/phish", "/dashboard"),
        ("//evil.example/phish", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("", "/dashboard"),
    ],
)
def test_next_redirects_only_within_the_site(client, next_url, expected):
    user = factories.create_user(role="staff")
    response = signing_in.sign_in(client, user, url=f"/login?next={next_url}")
    assert response.status_code == 302
    assert response.location == expected


def test_signed_in_user_visiting_login_goes_to_the_dashboard(client, auth):
    auth.login(as_="staff")
    assert client.get("/login").location == "/dashboard"


def test_protected_page_sends_anonymous_users_to_login_with_next(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.location == "/login?next=%2Faccount%2Fpassword"


def test_wrong_role_gets_a_friendly_403(app, client, auth):
    from partnernet.access import role_required

    @app.route("/test-only-admin")
    @role_required("admin")
    def only_admin():
        return "secret"

    auth.login(as_="volunteer")
    response = client.get("/test-only-admin")
    assert response.status_code == 403
    assert heading(response) == "U heeft geen toegang tot deze pagina"


def test_deactivated_user_cannot_sign_in(client):
    user = factories.create_user(role="volunteer", active=False)
    response = client.post("/login", data={"email": user.email,
                                           "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 200 and error_summary(response)


def test_failed_logins_are_counted_per_account(client, db):
    user = factories.create_user(role="staff")
    client.post("/login", data={"email": user.email, "password": "wrong password"})
    db.session.refresh(user)
    assert user.failed_login_count == 1
    signing_in.sign_in(client, user)
    db.session.refresh(user)
    assert user.failed_login_count == 0 and db.session.get(User, user.id).locked_until is None
