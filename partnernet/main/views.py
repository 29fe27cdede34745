from flask import jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from partnernet.access import STAFF, public, role_required
from partnernet.extensions import db
from partnernet.main import bp
from partnernet.models.referral_queries import count_loop_holes
from partnernet.search_form import search_form


@bp.route("/")
@public
def index():
    return render_template("main/index.html", form=search_form())


@bp.route("/about")
@public
def about():
    return render_template("main/about.html")


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
