"""The assistance blueprint. Its views live in the modules beside
this one; `partnernet.assistance.views` imports them all."""

from flask import Blueprint

bp = Blueprint("assistance", __name__)

