"""Public base pages: home, about, health check, and the signed-in landing page."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from partnernet.main import views  # noqa: E402,F401  (the routes, once bp exists)
