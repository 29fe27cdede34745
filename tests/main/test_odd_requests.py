"""Odd query strings and a database that is down never end in a bare server error: links keep
only the parameters the app knows, page numbers are bounded, and the 500 page cannot fail."""

import pytest

from partnernet import create_app
from tests import factories
from tests.conftest import IsolatedClient, app_settings
from tests.factories import CENTRE
from tests.html import heading, parse
from tests.support.routes import routes
from tests.test_security import EXPECTED_HEADERS

RESERVED = "endpoint=1&_method=1&_external=1&_anchor=x&_scheme=javascript&values=1"


@pytest.mark.parametrize("url", ["/", "/about", "/login", "/search?where=9712",
                                 "/search?where=9712&page=2", "/help", "/status"])
def test_reserved_names_in_the_query_string_are_ignored(client, url):
    factories.create_offered_point(CENTRE, "In het centrum")
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}{RESERVED}")
    assert response.status_code == 200
    for link in parse(response).select("a[hreflang]"):
        assert "endpoint" not in link["href"] and "_method" not in link["href"]


def test_language_links_keep_the_search_but_not_unknown_parameters(client):
    page = parse(client.get("/search?where=9712&topic=&utm_source=x&endpoint=1"))
    english = page.select_one("a[hreflang=en]")["href"]
    assert "where=9712" in english and "lang=en" in english
    assert "utm_source" not in english and "endpoint" not in english


@pytest.mark.parametrize("role", [None, "staff", "admin", "coordinator", "volunteer"])
def test_every_get_page_ignores_reserved_names(client, auth, app, role):
    if role:
        auth.login(as_=role)
    for _rule, url in routes(app, method="GET"):
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}{RESERVED}&page=2")
        assert response.status_code < 500, url


@pytest.mark.parametrize("page", ["9223372036854775808", "-1", "0", "1e9", "x",
                                  "99999999999999999999999999"])
@pytest.mark.parametrize(("role", "url"), [
    ("staff", "/staff/referrals"), ("staff", "/staff/referrals?show=closed"),
    ("staff", "/staff/assistance"), ("staff", "/staff/follow-ups"),
    ("coordinator", "/partner/referrals"), ("coordinator", "/partner/assistance"),
    ("volunteer", "/log"), (None, "/search?where=9712"),
])
def test_page_numbers_out_of_range_answer_normally(client, auth, role, url, page):
    if role:
        auth.login(as_=role)
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}page={page}").status_code == 200


@pytest.fixture
def crashing_app(app):
    @app.route("/test-only-crash")
    def crash():  # no access rule: the route exists only in this test's app
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("query", ["", f"?{RESERVED}", "?lang=en"])
def test_the_500_page_cannot_fail_and_carries_every_header(crashing_app, client, query):
    response = client.get(f"/test-only-crash{query}")
    assert response.status_code == 500
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    expected = "Sorry, something went wrong on our side" if query == "?lang=en" else (
        "Sorry, er ging bij ons iets mis")
    assert heading(response) == expected


@pytest.fixture
def app_without_database(tmp_path):
    """The app while its database cannot be reached (as during a PostgreSQL restart)."""
    app = create_app(app_settings(f"sqlite:///{tmp_path}/no-such-folder/db.sqlite3",
                                  PROPAGATE_EXCEPTIONS=False))
    app.test_client_class = IsolatedClient
    return app


@pytest.mark.parametrize("url", ["/search?where=9712", "/dashboard", "/"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_while_the_database_is_down_the_500_page_carries_every_header(
        app_without_database, url, signed_in):
    client = app_without_database.test_client()
    if signed_in:  # a cookie from before the outage
        with client.session_transaction() as session:
            session.update({"_user_id": "1", "sid": "token", "seen": 9e9})
    response = client.get(url)
    if response.status_code in (200, 302):
        return  # a page that needs no database, or the way to the login page
    assert response.status_code == 500, url
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value
    assert heading(response) == "Sorry, er ging bij ons iets mis"
