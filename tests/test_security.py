"""Criteria of SECURITY.md that hold for every route: access checks, CSRF, headers, cookies,
read-only GETs, rate limits, and no personal data in logs or error pages."""

import logging
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text

from partnernet import create_app
from partnernet.clock import utcnow
from partnernet.extensions import db as _db
from partnernet.models import AuditEvent, User
from tests import factories
from tests.conftest import empty_every_table
from tests.html import heading
from tests.support.routes import PUBLIC_ENDPOINTS, routes

EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


# Criterion 2: every route has exactly one approved access check.
def test_every_route_has_exactly_one_access_check(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        rules = getattr(view, "access_rules", ())
        assert len(rules) == 1, f"{endpoint} has {len(rules)} access checks: {rules}"


def test_public_routes_are_exactly_the_allowlist(app):
    public = {endpoint for endpoint, view in app.view_functions.items()
              if getattr(view, "access_rules", ()) == (("public",),)}
    assert public | {"static"} == PUBLIC_ENDPOINTS


# Criterion 1: logged out, every non-public route sends you to login (or says 401).
def test_every_non_public_route_needs_login(app, client):
    for rule, url in routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code in (302, 401), f"{method} {url}"
            if response.status_code == 302:
                assert response.location.startswith("/login"), f"{method} {url}"


# Criterion 7: security headers on every response, errors and static files included.
@pytest.mark.parametrize("url", ["/", "/login", "/healthz", "/no-such-page",
                                 "/static/css/app.css", "/dashboard"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "default-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_script_nonce_is_fresh_for_every_response(client):
    nonces = {re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"])
              .group(1) for _ in range(3)}
    assert len(nonces) == 3


# Criterion 8: authenticated pages are never cached.
def test_authenticated_pages_are_not_cached(client, auth):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(as_="staff")
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


# Criterion 9: the production session cookie.
def test_production_session_cookie_is_host_only_secure_httponly_lax(migrated_database,
                                                                     monkeypatch):
    monkeypatch.setenv("PARTNERNET_ENV", "production")
    monkeypatch.setenv("PARTNERNET_SECRET_KEY", "p" * 40)
    monkeypatch.setenv("PARTNERNET_FIELD_KEY", "VGhpcyBpcyBhIHRlc3Qga2V5IG9mIDMyIGJ5dGVzISE=")
    monkeypatch.setenv("PARTNERNET_DATABASE_URL", migrated_database)
    app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        user = factories.create_user(role="staff")
        try:
            client = app.test_client()
            response = client.post("/login", base_url="https://localhost", data={
                "email": user.email, "password": factories.DEFAULT_PASSWORD})
            cookie = response.headers["Set-Cookie"]
            assert cookie.startswith("__Host-partnernet_session=")
            for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
                assert flag in cookie
            assert "Domain" not in cookie
        finally:
            _db.session.remove()
            empty_every_table(_db.engine)
            _db.engine.dispose()


# Criterion 5: a POST without a valid CSRF token is refused and changes nothing.
def csrf_token(client, url) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_login_without_csrf_token_is_refused(client, db):
    user = factories.create_user(role="staff")
    response = client.post("/login", data={"email": user.email,
                                           "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert heading(response) == "Het formulier is verlopen"
    assert db.session.scalars(select(AuditEvent)).all() == []


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_csrf_protected_actions_change_nothing_without_a_token(client, db):
    user = factories.create_user(role="coordinator")
    token = csrf_token(client, "/login")
    login = client.post("/login", data={"email": user.email, "csrf_token": token,
                                        "password": factories.DEFAULT_PASSWORD})
    assert login.status_code == 302
    old_hash = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    change = client.post("/account/password", data={
        "current_password": factories.DEFAULT_PASSWORD, "new_password": "iets nieuws en lang",
        "confirm_password": "iets nieuws en lang", "csrf_token": "forged"})
    assert change.status_code == 400
    assert client.post("/logout", data={}).status_code == 400
    assert client.get("/dashboard").status_code == 200  # still signed in
    db.session.expire_all()
    assert db.session.scalar(select(User.password_hash).where(User.id == user.id)) == old_hash


# Criterion 6: no GET request changes the database, for any role. The one exception is the
# audit trail, which criterion 19 wants to grow when a referral's personal data is viewed: it
# may gain rows (viewing events only), never lose or change one.
AUDIT_TABLE = "access_log"


def snapshot(db) -> dict:
    db.session.expire_all()
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables if table.name != AUDIT_TABLE}


def audit_rows(db) -> list:
    return db.session.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("role", [None, "volunteer", "coordinator", "staff", "admin"])
def test_no_get_request_changes_the_database(app, client, auth, runner, db, role):
    runner.invoke(args=["partnernet", "seed-demo"])
    factories.create_referral()
    factories.create_outbox_message()
    if role:
        auth.login(as_=role)
    before, audit_before = snapshot(db), audit_rows(db)
    for _rule, url in routes(app, method="GET"):
        client.get(url)
        client.get(url + "?lang=en")
    assert snapshot(db) == before
    audit_after = audit_rows(db)
    assert audit_after[:len(audit_before)] == audit_before
    # Only the audit trail grows: it records who read personal data or exported logs (or
    # the trail itself).
    assert {row.action for row in audit_after[len(audit_before):]} <= {
        "referral_view", "assistance_export", "audit_export", "resident_view",
        "resident_export"}


# Criterion 13: rate limit and lockout.
@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_sixth_failed_login_within_a_minute_gets_429(client):
    user = factories.create_user(role="staff")
    for _ in range(5):
        response = client.post("/login", data={"email": user.email, "password": "wrong one"})
        assert response.status_code == 200
    response = client.post("/login", data={"email": user.email, "password": "wrong one"})
    assert response.status_code == 429
    assert heading(response) == "Te veel pogingen"


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_successful_logins_do_not_use_up_the_limit(client, auth):
    user = factories.create_user(role="staff")
    for _ in range(7):
        auth.login(user=user)
        auth.logout()


def test_account_locks_after_ten_failures_and_unlocks_later(client, db):
    user = factories.create_user(role="staff")
    correct = {"email": user.email, "password": factories.DEFAULT_PASSWORD}
    start = utcnow()
    with freeze_time(start) as clock:
        for _ in range(10):
            client.post("/login", data={"email": user.email, "password": "wrong one"})
        locked = client.post("/login", data=correct)
        assert locked.status_code == 200  # the same message as a wrong password
        clock.tick(timedelta(minutes=31))
        assert client.post("/login", data=correct).status_code == 302


# Criterion 21: no personal data in logs; no stack trace on a 500 page.
@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_logs_and_error_pages_hold_no_personal_data(app, client, auth, caplog):
    from partnernet.access import role_required
    from partnernet.models import Referral

    name, phone = "Jannie Testbewoner", "06-12345678"
    referral = factories.create_referral(resident_name=name, resident_phone=phone)

    @app.route("/test-only-crash")
    @role_required("staff")
    def crash():
        loaded = _db.session.get(Referral, referral.id)
        _db.session.execute(text("UPDATE referrals SET state = :state"),
                            {"state": loaded.resident_name + loaded.resident_phone})
        return "unreachable"

    caplog.set_level(logging.DEBUG)
    auth.login(as_="staff")
    response = client.get("/test-only-crash")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "sqlalchemy" not in body
    assert heading(response) == "Sorry, er ging bij ons iets mis"
    assert "Exception on /test-only-crash" in caplog.text  # the error is logged ...
    assert name not in caplog.text and phone not in caplog.text  # ... without the data
    assert name not in body and phone not in body


# App servers are stateless: with Redis, every instance counts the same login attempts.
def redis_available() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_login_limit_is_shared_between_app_instances_through_redis(migrated_database):
    import uuid

    from tests.conftest import app_settings

    settings = app_settings(migrated_database, RATELIMIT_ENABLED=True,
                            RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                            RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    first, second = create_app(settings), create_app(settings)
    data = {"email": "nobody@example.org", "password": "wrong one"}
    for attempt in range(6):
        instance = (first, second)[attempt % 2]
        with instance.app_context():
            response = instance.test_client().post("/login", data=data)
    assert response.status_code == 429
    import redis

    stored = redis.Redis(host="127.0.0.1", port=6379, db=15).keys(
        "*" + settings["RATELIMIT_KEY_PREFIX"] + "*")
    assert stored, "the counters must live in Redis, not in one process's memory"
    with first.app_context():
        empty_every_table(_db.engine)
        _db.engine.dispose()
    with second.app_context():
        _db.engine.dispose()
