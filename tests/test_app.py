import importlib

import pytest

from partnernet import create_app
from partnernet.config import DEVELOPMENT_SECRET_KEY, ConfigurationError

PRODUCTION_KEYS = {
    "PARTNERNET_SECRET_KEY": "s" * 40,
    "PARTNERNET_FIELD_KEY": "VGhpcyBpcyBhIHRlc3Qga2V5IG9mIDMyIGJ5dGVzISE=",
}


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.setenv("PARTNERNET_ENV", "production")
    monkeypatch.delenv("PARTNERNET_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="PARTNERNET_SECRET_KEY"):
        create_app()


def test_production_refuses_the_development_field_key(monkeypatch):
    monkeypatch.setenv("PARTNERNET_ENV", "production")
    monkeypatch.setenv("PARTNERNET_SECRET_KEY", "s" * 40)
    monkeypatch.delenv("PARTNERNET_FIELD_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="PARTNERNET_FIELD_KEY"):
        create_app()


def test_production_starts_with_its_own_keys_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTNERNET_ENV", "production")
    monkeypatch.setenv("PARTNERNET_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    for name, value in PRODUCTION_KEYS.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] != DEVELOPMENT_SECRET_KEY


def test_development_runs_the_demo_without_settings(monkeypatch):
    monkeypatch.setenv("PARTNERNET_ENV", "development")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_wsgi_exposes_the_app(monkeypatch):
    monkeypatch.setenv("PARTNERNET_ENV", "development")
    wsgi = importlib.import_module("wsgi")
    assert wsgi.app.name == "partnernet"


def _in_a_fresh_worker(code: str, tmp_path) -> str:
    """What `code` prints in a new Python process that has imported wsgi, as a worker does."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", f"import wsgi; {code}"], capture_output=True, text=True,
        check=True, env={"PARTNERNET_ENV": "development",
                         "PARTNERNET_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
                         "PATH": "/usr/bin:/bin"}).stdout


def test_a_worker_starts_without_the_heavy_modules(tmp_path):
    """Alembic, folium, WeasyPrint, geopy, PostgreSQL's dialect with its drivers (on SQLite)
    and the QR code maker load where they are used, not when a worker starts."""
    loaded = _in_a_fresh_worker("import sys; print(' '.join(sorted(sys.modules)))",
                                tmp_path).split()
    assert not {"alembic", "flask_migrate", "folium", "weasyprint", "geopy",
                "sqlalchemy.dialects.postgresql", "segno"} & set(loaded)


def test_a_worker_leaves_what_it_built_at_start_to_the_garbage_collector_no_more(tmp_path):
    """The app's start-up objects are frozen out of the cyclic collector, which is on again."""
    enabled, frozen = _in_a_fresh_worker(
        "import gc; print(gc.isenabled(), gc.get_freeze_count())", tmp_path).split()
    assert enabled == "True"
    assert int(frozen) > 10_000


def test_the_migration_commands_still_work(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    assert "upgrade" in runner.invoke(args=["db", "--help"]).output
