"""Links in e-mails: absolute, from PARTNERNET_BASE_URL, also from a job outside any request."""

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail, also from a job outside any request."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
