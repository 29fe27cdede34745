"""Pages that are the same for every visitor without an account, rendered once per worker and
served again while what they show is the same: the home page's rendering cost a request five
times what the rest of it did.

A page is kept under its path and language and the values it was rendered from (the topics,
the site's settings: read for every request, so a change shows at once, in every worker). It
is kept only for visitors whose page shows nothing of their own: not signed in, and no
message waiting for them. The CSP nonce is the one thing that must differ per response: the
page is rendered with a placeholder, which each response replaces with its own nonce."""

import secrets
from collections.abc import Callable, Hashable

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from partnernet.security import SIGN_IN_TOKEN, csp_nonce

MAX_PAGES = 64  # per worker: each path in each language, for the settings in force


def same_for_every_visitor(inputs: Hashable, render: Callable[[], str]) -> str:
    """The page `render` makes from `inputs`, rendered again only when these differ from those
    of a kept page at the same address and language."""
    if not _shows_nothing_personal():
        return render()
    pages = current_app.extensions.setdefault("page_cache", {})  # (html, its placeholder)
    key = (request.full_path, str(get_locale()), inputs)
    kept = pages.get(key)
    if kept is None:
        kept = pages[key] = _rendered_with_placeholder(render)
        while len(pages) > MAX_PAGES:
            del pages[next(iter(pages))]  # the oldest
    html, placeholder = kept
    return html.replace(placeholder, csp_nonce())


def _shows_nothing_personal() -> bool:
    return (request.method == "GET" and SIGN_IN_TOKEN not in session
            and "_flashes" not in session and not current_user.is_authenticated)


def _rendered_with_placeholder(render: Callable[[], str]) -> tuple[str, str]:
    placeholder = secrets.token_urlsafe(16)  # as long as a nonce: found nowhere else
    nonce = g.pop("csp_nonce", None)
    g.csp_nonce = placeholder
    try:
        html = render()
    finally:
        g.pop("csp_nonce")
        if nonce is not None:
            g.csp_nonce = nonce
    return html, placeholder

