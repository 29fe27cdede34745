"""Pages other sites may show in a frame: the directory's search and a place, on the
municipality's and the libraries' own sites. Such a page has no header or footer of ours, opens
the full site's pages in a new tab, and only the origins in PARTNERNET_EMBED_ORIGINS may frame
it (CSP frame-ancestors); every other page keeps frame-ancestors 'none'."""

import functools
import re

from flask import current_app, g
from flask_babel import gettext as _
from markupsafe import Markup, escape

from partnernet.config import ConfigurationError

ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:\d{1,5})?", re.IGNORECASE)


def embed_origins(value: str) -> tuple[str, ...]:
    """'https://a.nl, https://b.nl' -> the origins; anything else stops the app at start."""
    origins = tuple(value.replace(",", " ").split())
    wrong = [origin for origin in origins if not ORIGIN.fullmatch(origin)]
    if wrong:
        raise ConfigurationError("PARTNERNET_EMBED_ORIGINS holds what is not an origin "
                                 f"(https://host or https://host:port): {', '.join(wrong)}")
    return origins


def embeddable(view):
    """A view other sites may frame (those in EMBED_ORIGINS)."""
    @functools.wraps(view)
    def framed(*args, **kwargs):
        g.embedded = True
        return view(*args, **kwargs)
    return framed


def is_embedded() -> bool:
    return g.get("embedded", False)


def frame_ancestors() -> str:
    """Who may show this page in a frame: for an embeddable page the configured origins."""
    origins = current_app.config["EMBED_ORIGINS"] if is_embedded() else ()
    return " ".join(origins) or "'none'"


def opens_full_page() -> Markup:
    """A link's attributes in an embedded page: the full site's page, in a new tab."""
    return Markup(' target="_blank" rel="noopener"') if is_embedded() else Markup("")


def new_tab_note() -> Markup:
    """What a screen reader says of such a link."""
    if not is_embedded():
        return Markup("")
    return Markup('<span class="pn-visually-hidden"> {}</span>').format(
        escape(_("(opens in a new tab)")))
