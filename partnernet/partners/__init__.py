"""Partner organisations: registration and approval, their own pages and their team."""

from flask import Blueprint

bp = Blueprint("partners", __name__)

from partnernet.partners import views  # noqa: E402,F401  (the routes, once bp exists)
