from datetime import date, timedelta

from flask import Response, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from partnernet.access import STAFF, public, role_required
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.geo.search import LOOSELY_RELATED_KM, NO_STREET_ADDRESS_KM
from partnernet.main import bp
from partnernet.models.referral_queries import count_loop_holes
from partnernet.page_cache import same_for_every_visitor
from partnernet.search_form import search_form
from partnernet.settings import site_settings


@bp.route("/")
@public
def index():
    return same_for_every_visitor(
        lambda: render_template("main/index.html", form=search_form()))


@bp.route("/about")
@public
def about():
    return render_template("main/about.html", loosely_related_km=LOOSELY_RELATED_KM,
                           no_street_address_km=NO_STREET_ADDRESS_KM)


@bp.route("/privacy")
@public
def privacy():
    return render_template("main/privacy.html")


@bp.route("/toegankelijkheid")
@public
def accessibility():
    settings = site_settings()
    checked_on = settings.accessibility_checked_on
    return render_template(
        "main/accessibility.html", settings=settings,
        checked_on=date.fromisoformat(checked_on) if checked_on else None)


@bp.route("/.well-known/security.txt")
@public
def security_txt():
    """RFC 9116: where to report a security problem; valid for half a year at a time."""
    expires = (utcnow() + timedelta(days=180)).replace(microsecond=0)
    body = "\n".join([
        f"Contact: {site_settings().security_contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {current_app.config['BASE_URL'].rstrip('/')}/.well-known/security.txt",
    ]) + "\n"
    return Response(body, mimetype="text/plain")


@bp.route("/dashboard")
@role_required()
def dashboard():
    holes = count_loop_holes() if current_user.role in STAFF else 0
    return render_template("main/dashboard.html", loop_holes=holes)


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
