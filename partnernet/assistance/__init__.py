"""Volunteers log the help they give; partners and the municipality see what it adds up to."""

from flask import Blueprint

bp = Blueprint("assistance", __name__)

from partnernet.assistance import views  # noqa: E402,F401  (the routes, once bp exists)
