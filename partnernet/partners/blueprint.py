"""The partners blueprint. Its views live in the modules beside this
one; `partnernet.partners.views` imports them all."""

from flask import Blueprint

from partnernet.clock import local_today

bp = Blueprint("partners", __name__)
bp.add_app_template_global(local_today, "local_today")

