"""Errors of the open-data API (under API_PREFIX) as problem documents (RFC 9457), in the
caller's language: never an HTML page, never a stack trace."""

import math
import time

from flask import Response, json, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from partnernet.extensions import limiter

API_PREFIX = "/api/"
PROBLEM_TYPE = "application/problem+json"


def wants_problem() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, **extra) -> Response:
    body: dict = {"type": "about:blank", "title": _title(status), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)


def problem_for(error: HTTPException) -> Response:
    response = problem(error.code or 500)
    if error.code == 429:
        response.headers["Retry-After"] = str(_seconds_until_allowed())
    if error.code == 405:
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


def _seconds_until_allowed() -> int:
    """When the breached rate limit lets the caller in again (at least a second)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.reset_at - time.time()))


def _title(status: int) -> str:
    titles = {
        400: _("The request has a parameter the API cannot use"),
        404: _("There is nothing at this address"),
        405: _("This address only answers GET"),
        429: _("Too many requests: wait a moment and try again"),
        500: _("Something went wrong on our side"),
    }
    return titles.get(status, _("The request could not be answered"))
