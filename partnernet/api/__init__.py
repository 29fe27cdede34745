"""Open data: the directory as an Open Referral HSDS 3.0 API under /api/v1, read-only and
without an account. Only what residents may see is published."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from partnernet.api import problems, views  # noqa: E402,F401  (once bp exists)
