"""Referrals: staff refer a resident to a partner offer and follow it until it is closed."""

from flask import Blueprint

bp = Blueprint("referrals", __name__)

from partnernet.referrals import views  # noqa: E402,F401  (the routes, once bp exists)
