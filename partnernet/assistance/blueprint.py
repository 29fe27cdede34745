"""The assistance blueprint. Its views live in the modules beside
this one; `partnernet.assistance.views` imports them all."""

from flask import Blueprint

from partnernet.assistance.labels import register_labels

bp = Blueprint("assistance", __name__)
bp.record_once(register_labels)

