"""Settings from PARTNERNET_* environment variables, with defaults that run the embedded demo."""

import os
from datetime import timedelta
from pathlib import Path

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"
# A valid Fernet key that is public: fine for the demo, refused in production.
DEVELOPMENT_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDEyMzQ="
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """The app refuses to start with settings that are unsafe or incomplete."""


def _env(name: str, default: str) -> str:
    return os.environ.get(f"PARTNERNET_{name}", default)


def _optional_env(name: str) -> str | None:
    return os.environ.get(f"PARTNERNET_{name}")


def _env_int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _env_bool(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def load_config() -> dict:
    env = _env("ENV", "production")
    development = env in {"development", "test"}
    instance = Path(_env("INSTANCE_PATH", str(PROJECT_ROOT / "instance")))
    return {
        "ENV_NAME": env,
        "SECRET_KEY": _env("SECRET_KEY", DEVELOPMENT_SECRET_KEY),
        "FIELD_KEYS": _env("FIELD_KEY", DEVELOPMENT_FIELD_KEY),
        # Keys the hashes a resident's records are found by; unset: derived from SECRET_KEY
        # (then run `flask partnernet rehash-lookups` after changing that).
        "LOOKUP_KEY": _env("LOOKUP_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": _env(
            "DATABASE_URL", f"sqlite:///{instance / 'partnernet.sqlite3'}"
        ),
        # hide_parameters: error messages and logs never carry the values of a query.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_NAME": "partnernet_session" if development else "__Host-partnernet_session",
        "SESSION_COOKIE_SECURE": not development,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12)),
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30)),
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own lifetime bounds the token
        # The largest request body: an import file (at most 20 MB) with its form.
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        # How many proxies in front of the app add X-Forwarded-For/-Proto; 0 ignores them.
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        # Brotli/gzip for static files and anonymous pages; 0 where the proxy compresses.
        "COMPRESS": _env_bool("COMPRESS", True),
        "LOGIN_LOCKOUT_FAILURES": 10,
        "LOGIN_LOCKOUT_MINUTES": _env_int("LOGIN_LOCKOUT_MINUTES", 30),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "MAIL_FROM": _env("MAIL_FROM", "partnernet <noreply@partnernet.invalid>"),
        "SMTP_HOST": _env("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": _env_int("SMTP_PORT", 25),
        "SMTP_USERNAME": _optional_env("SMTP_USERNAME"),
        "SMTP_PASSWORD": _optional_env("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _env_bool("SMTP_STARTTLS", False),
        "SMTP_TIMEOUT": _env_int("SMTP_TIMEOUT", 10),
        "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 8),
        "BASE_URL": _env("BASE_URL", "http://127.0.0.1:5000"),
        "HSTS_MAX_AGE": 63072000,
        # "gazetteer" works offline; "pdok" asks the PDOK Locatieserver for full addresses
        # and falls back to the gazetteer when it fails.
        "GEOCODER": _env("GEOCODER", "gazetteer"),
        "PDOK_URL": _env("PDOK_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"),
        "GEOCODER_TIMEOUT": float(_env("GEOCODER_TIMEOUT", "2")),
        # Searches are counted in memory and written at most this often (and at exit).
        "SEARCH_COUNT_SECONDS": float(_env("SEARCH_COUNT_SECONDS", "60")),
        # Where the geocoder's circuit breaker keeps its state: memory:// (this process) or
        # the Redis of the rate limits, shared by every worker and server.
        "GEOCODER_BREAKER_URL": _env("GEOCODER_BREAKER_URL", "memory://"),
        # Map background: "none" (no request to any other host), "nlmaps.standaard",
        # "nlmaps.grijs", "nlmaps.pastel", "OpenStreetMap", or a URL template with
        # {z}/{x}/{y} and its attribution in PARTNERNET_MAP_ATTRIBUTION.
        "MAP_TILES": _env("MAP_TILES", "none"),
        "MAP_ATTRIBUTION": _env("MAP_ATTRIBUTION", ""),
        # Referrals: the partner answers within this many working days (weekends and public
        # holidays skipped) until an administrator sets the due times of the steps.
        "REFERRAL_RESPONSE_WORKING_DAYS": _env_int("REFERRAL_RESPONSE_WORKING_DAYS", 2),
        # The staff on duty, told of every overdue request: the team's shared address, or
        # (unset) every staff member and administrator.
        "STAFF_TEAM_EMAIL": _optional_env("STAFF_TEAM_EMAIL"),
        # The agreement a resident gives before being referred. Empty text: the built-in,
        # translated text. Change the version whenever the text changes; it is stored with
        # every referral.
        "CONSENT_TEXT": _env("CONSENT_TEXT", ""),
        # Defaults of what an administrator sets in the app (partnernet.settings): the
        # municipality partnernet serves (the Groningen demo unless set), how long records
        # are kept, and the accessibility statement's status.
        "MUNICIPALITY_NAME": _env("MUNICIPALITY_NAME", "Groningen"),
        "MUNICIPALITY_PHONE": _env("MUNICIPALITY_PHONE", "14 050"),
        "MUNICIPALITY_CONTACT_URL": _env("MUNICIPALITY_CONTACT_URL",
                                         "https://gemeente.groningen.nl/contact"),
        "SECURITY_CONTACT": _env("SECURITY_CONTACT", "mailto:security@partnernet.invalid"),
        "RETENTION_MONTHS": _env_int("RETENTION_MONTHS", 12),
        "AUDIT_RETENTION_MONTHS": _env_int("AUDIT_RETENTION_MONTHS", 24),
        "ACCESSIBILITY_STATUS": _env("ACCESSIBILITY_STATUS", "partial"),
        "ACCESSIBILITY_CHECKED_ON": _env("ACCESSIBILITY_CHECKED_ON", ""),
        "CONSENT_VERSION": _env("CONSENT_VERSION", "partnernet-2026-11"),
        # Sites that may show the search and places in a frame (/embed/...): their origins,
        # e.g. "https://gemeente.groningen.nl https://www.bibliotheekgroningen.nl".
        "EMBED_ORIGINS": _env("EMBED_ORIGINS", ""),
    }


def check_production_safety(config: dict) -> None:
    """Refuse to run in production with the public development secrets."""
    if config["ENV_NAME"] in {"development", "test"}:
        return
    problems = []
    if config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY or len(config["SECRET_KEY"]) < 32:
        problems.append("PARTNERNET_SECRET_KEY must be set to a random value of 32+ characters")
    if DEVELOPMENT_FIELD_KEY in config["FIELD_KEYS"].split(","):
        problems.append("PARTNERNET_FIELD_KEY must be set to your own Fernet key")
    if problems:
        raise ConfigurationError(
            "partnernet will not start in production mode: "
            + "; ".join(problems)
            + ". For the local demo, set PARTNERNET_ENV=development."
        )
