"""The public directory: residents find help near them, without an account."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from partnernet.directory import views  # noqa: E402,F401  (the routes, once bp exists)
