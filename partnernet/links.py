"""Links back to the current page, and its page number, from what the query string may carry.

Only parameters the app reads are copied into links: a name that url_for reserves for itself
(`endpoint`, `_method`, `_external`, ...) or a tracking parameter never reaches it."""

from flask import request, url_for

QUERY_PARAMETERS = frozenset({
    # the resident's search
    "where", "topic", "language", "mode", "wheelchair", "open_now", "free",
    # periods and filters of lists and figures
    "start", "end", "organisation", "support_point", "volunteer", "show", "role", "status",
    "person", "action", "object_type", "object_id",
    # paging, language, the way back after signing in
    "page", "lang", "next",
})
MAX_PAGE = 100_000  # far beyond any list here, and an OFFSET every database can take


def query_args(**changes) -> dict:
    """The current query string's known parameters, with `changes` applied."""
    kept = {name: value for name, value in request.args.items() if name in QUERY_PARAMETERS}
    return {**kept, **changes}


def this_page_url(**changes) -> str:
    """The current page with the known query parameters and `changes` (an error page without
    an endpoint links to the start page)."""
    if request.endpoint is None:
        return url_for("main.index", **changes)
    return url_for(request.endpoint, **{**(request.view_args or {}), **query_args(**changes)})


def requested_page() -> int:
    """The page number asked for: 1 for anything that is not a whole number, at most MAX_PAGE."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)
