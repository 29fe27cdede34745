"""The public directory: residents find help near them, without an account."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from partnernet.directory import search_counts, views  # noqa: E402,F401  (once bp exists)

bp.record_once(lambda state: search_counts.init_app(state.app))
