"""Figures of the help partners give: for the organisation itself and for the municipality."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from partnernet.reports import views  # noqa: E402,F401  (the routes, once bp exists)
