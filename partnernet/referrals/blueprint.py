"""The referrals blueprint. Staff and partner views are in `views.py`, the residents' own
pages in `resident.py`; `views.py` imports both."""

from flask import Blueprint

bp = Blueprint("referrals", __name__)
