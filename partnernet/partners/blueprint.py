"""The partners blueprint. Its views live in the modules beside this
one; `partnernet.partners.views` imports them all."""

from flask import Blueprint

bp = Blueprint("partners", __name__)

