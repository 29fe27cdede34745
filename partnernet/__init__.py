"""partnernet: the support network of a Dutch municipality."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from partnernet.config import PROJECT_ROOT, check_production_safety, load_config
from partnernet.extensions import csrf, db, limiter, login_manager


def create_app(config: dict | None = None) -> Flask:
    from partnernet.templating import register_templating

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config())
    app.config.update(config or {})
    check_production_safety(app.config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_templating(app)
    register_request_hooks(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N proxies, the client is the address the outermost trusted one saw: rate limits
    and the audit trail use it. Without trusted proxies, X-Forwarded-For is ignored."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies)


def register_extensions(app: Flask) -> None:
    from partnernet import models  # noqa: F401  (every table known to Alembic)
    from partnernet.geo import init_geo
    from partnernet.i18n import register_i18n
    from partnernet.prepared_plans import keep_prepared_plans

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        (PROJECT_ROOT / "instance").mkdir(exist_ok=True)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    register_i18n(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    init_geo(app)
    keep_prepared_plans(app)


def register_blueprints(app: Flask) -> None:
    from partnernet.admin import bp as admin_bp
    from partnernet.api import bp as api_bp
    from partnernet.api import imports_bp
    from partnernet.assistance import bp as assistance_bp
    from partnernet.auth import bp as auth_bp
    from partnernet.directory import bp as directory_bp
    from partnernet.main import bp as main_bp
    from partnernet.partners import bp as partners_bp
    from partnernet.referrals import bp as referrals_bp
    from partnernet.reports import bp as reports_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(assistance_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(imports_bp)


def register_request_hooks(app: Flask) -> None:
    from partnernet.auth.sessions import keep_session_alive
    from partnernet.delivery import register_delivery
    from partnernet.errors import register_error_pages
    from partnernet.privacy.access_log import register_access_log_filter
    from partnernet.security import register_security_headers

    register_error_pages(app)
    register_security_headers(app)
    app.after_request(keep_session_alive)
    register_delivery(app)
    register_access_log_filter()


def register_commands(app: Flask) -> None:
    from partnernet.cli import AppCommands, cli

    app.cli = AppCommands(app, app.cli.commands)
    app.cli.add_command(cli)
