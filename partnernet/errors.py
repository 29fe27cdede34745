"""Friendly error pages in the user's language; never a stack trace."""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from partnernet.extensions import db

PAGES = {400, 403, 404, 429, 500}


def render_error(error: HTTPException):
    template = f"errors/{error.code}.html" if error.code in PAGES else "errors/other.html"
    return render_template(template, error=error), error.code


def render_csrf_error(error: CSRFError):
    return render_template("errors/400.html", csrf_expired=True), 400


def render_server_error(error):
    db.session.rollback()
    return render_template("errors/500.html"), 500


def register_error_pages(app) -> None:
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(500, render_server_error)
