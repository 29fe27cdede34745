"""The administrators' area: accounts, organisations' standing, vocabularies, settings and the
audit trail. Every route is for administrators only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from partnernet.admin import views  # noqa: E402,F401  (the routes, once bp exists)
