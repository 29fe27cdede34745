"""Friendly error pages in the user's language; never a stack trace."""

import logging

from flask import current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from partnernet.extensions import db
from partnernet.problems import problem, problem_for, wants_problem

PAGES = {400, 403, 404, 413, 429}
# The last resort when even the plain 500 template cannot be rendered.
BARE_SERVER_ERROR = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis – partnernet</title></head>
<body><h1>Sorry, er ging bij ons iets mis</h1>
<p lang="en">Sorry, something went wrong on our side.</p>
<p><a href="/">partnernet</a></p></body></html>"""
logger = logging.getLogger(__name__)


def render_error(error: HTTPException):
    if error.code == 500:
        return render_server_error(error)
    if wants_problem():
        return problem_for(error)
    if error.code == 413:  # the body is not read: every form on the page is empty
        request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()
    template = f"errors/{error.code}.html" if error.code in PAGES else "errors/other.html"
    return render_template(template, error=error), error.code


def render_csrf_error(error: CSRFError):
    return render_template("errors/400.html", csrf_expired=True), 400


def render_server_error(error):
    """A page that needs neither the database nor anything the request carries."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass  # the database is gone: there is nothing to roll back to
    if wants_problem():
        return problem(500)
    try:
        # The number an administrator set, when this request read it already; the database
        # is not asked again here.
        settings = g.get("site_settings")
        phone = (settings.municipality_phone if settings is not None
                 else current_app.config["MUNICIPALITY_PHONE"])
        return render_template("errors/500.html", phone=phone), 500
    except Exception:  # the last resort must not fail: anything here would go out bare
        logger.exception("The 500 page could not be rendered")
        return BARE_SERVER_ERROR, 500


def register_error_pages(app) -> None:
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(500, render_server_error)
