"""Accounts: login, logout, passwords, sessions and the access checks every route uses."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from partnernet.auth import second_factor_views, views  # noqa: E402,F401  (routes, once bp exists)
