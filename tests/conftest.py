"""Fixtures: app, db, client, auth, smtp_server, live_server and browser.

The schema is built once per run with the real migrations (on SQLite, or on a fresh PostgreSQL
database when PARTNERNET_TEST_DATABASE_URL is set); every test starts from empty tables.
"""

import os
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from partnernet import create_app
from partnernet.extensions import db as _db
from partnernet.extensions import init_migrations
from tests import factories
from tests.support import signing_in, smtp
from tests.support.fake_pdok import FakePdok

pytest_plugins = ["tests.support.browser"]
# Settings that create_app() derives from the environment (cookie names) follow the test mode.
os.environ["PARTNERNET_ENV"] = "test"

TEST_SECRET_KEY = "test-secret-key-" + "x" * 32


@contextmanager
def fresh_database(folder, prefix: str = "partnernet_test"):
    """The URL of an empty database: a SQLite file in `folder`, or a new database on the
    PARTNERNET_TEST_DATABASE_URL server, dropped afterwards."""
    server_url = os.environ.get("PARTNERNET_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


def app_settings(database_url: str, **overrides) -> dict:
    return {
        "ENV_NAME": "test",
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated_database(database_url):
    app = create_app(app_settings(database_url))
    init_migrations(app)
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return database_url


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production: no `g` or database session
    carries over from the test or from an earlier request."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(request, migrated_database):
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    app = create_app(app_settings(migrated_database, **overrides))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        _db.session.remove()
        empty_every_table(_db.engine)
        _db.engine.dispose()


def empty_every_table(engine) -> None:
    """Between tests: every row goes, the append-only audit trail's too (on PostgreSQL its
    triggers are skipped for this one transaction, which needs the superuser tests run as)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, as_: str = "coordinator", user=None, password=factories.DEFAULT_PASSWORD):
        user = user or factories.create_user(role=as_)
        response = signing_in.sign_in(self.client, user, password)
        assert response.status_code == 302, "login failed in the auth fixture"
        return user

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def smtp_server(app):
    server = smtp.LocalSmtpServer()
    server.start()
    app.config.update(SMTP_HOST=server.host, SMTP_PORT=server.port, SMTP_TIMEOUT=5)
    yield server
    server.stop()


@pytest.fixture
def fake_pdok():
    server = FakePdok()
    server.start()
    yield server
    server.stop()
