"""The assistance blueprint and who may do what in it. Its views live in the modules beside
this one; `partnernet.assistance.views` imports them all."""

from flask import Blueprint

from partnernet.assistance.labels import register_labels
from partnernet.models import Role

bp = Blueprint("assistance", __name__)
bp.record_once(register_labels)

LOGGERS = (Role.VOLUNTEER, Role.COORDINATOR)
STAFF = (Role.STAFF, Role.ADMIN)
