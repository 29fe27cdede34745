"""Open data: the directory as an Open Referral HSDS 3.0 API under /api/v1, read-only and
without an account, and as a datapackage to download; only what residents may see is
published. And the way in: importing a directory from a file (/admin/import, for
administrators, and `flask partnernet import`)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
imports_bp = Blueprint("imports", __name__, url_prefix="/admin/import")

from partnernet.api import import_views, problems, views  # noqa: E402,F401  (once bp exists)
