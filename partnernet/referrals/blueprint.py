"""The referrals blueprint. Staff and partner views are in `views.py`, the residents' own
pages in `resident.py`; `views.py` imports both."""

from flask import Blueprint

from partnernet.referrals.labels import register_labels

bp = Blueprint("referrals", __name__)
bp.record_once(register_labels)
