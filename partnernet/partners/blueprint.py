"""The partners blueprint and who may do what in it. Its views live in the modules beside this
one; `partnernet.partners.views` imports them all."""

from flask import Blueprint

from partnernet.clock import local_today
from partnernet.models import Role

bp = Blueprint("partners", __name__)
bp.add_app_template_global(local_today, "local_today")

STAFF = (Role.STAFF, Role.ADMIN)
PARTNERS = (Role.COORDINATOR, Role.VOLUNTEER)
EDITORS = (Role.COORDINATOR, Role.STAFF, Role.ADMIN)
