"""Pages that are the same for every visitor without an account, rendered once per worker and
served again: the home page's rendering and its two queries cost a request four times what
the rest of it did.

A page is kept under its path and language, for at most KEEP_SECONDS, and only for visitors
whose page shows nothing of their own: not signed in, and no message waiting for them. A
change to what such a page shows (topics, the site's settings) made in this worker shows at
once: its commit starts a new version. One made in another worker shows when the kept page
expires. The CSP nonce is the one thing that must differ per response: the page is rendered
with a placeholder, which each response replaces with its own nonce."""

import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from partnernet.models import Setting, Topic
from partnernet.security import SIGN_IN_TOKEN, csp_nonce

KEEP_SECONDS = 30  # how long a change made in another worker may stay unseen
MAX_PAGES = 64  # per worker: each path in each language
SHOWN_EVERYWHERE = (Topic, Setting)  # what kept pages show beside fixed text
_version = [0]  # changes of what they show, made in this worker
T = TypeVar("T")


def same_for_every_visitor(render: Callable[[], str]) -> str:
    """The page `render` makes, rendered again only when kept longer than KEEP_SECONDS or
    when this worker changed what it shows."""
    if not shows_nothing_personal():
        return render()
    pages = current_app.extensions.setdefault("page_cache", {})  # (html, its placeholder)
    key = (request.full_path, str(get_locale()), _version[0],
           int(time.monotonic() // KEEP_SECONDS))
    kept = pages.get(key)
    if kept is None:
        kept = pages[key] = _rendered_with_placeholder(render)
        while len(pages) > MAX_PAGES:
            del pages[next(iter(pages))]  # the oldest
    html, placeholder = kept
    return html.replace(placeholder, csp_nonce())


def same_on_every_page(name: Hashable, compute: Callable[[], T]) -> T:
    """What `compute` reads for pages (the topics' names in a language, say), read once per
    worker and kept as a page is: a change made in this worker shows at once, one made in
    another within KEEP_SECONDS. Only for what SHOWN_EVERYWHERE holds."""
    parts = current_app.extensions.setdefault("page_parts", {})
    key = (name, _version[0], int(time.monotonic() // KEEP_SECONDS))
    kept = parts.get(key)
    if kept is None:
        for old in [other for other in list(parts) if other[0] == name]:
            parts.pop(old, None)  # another thread may have dropped it first
        kept = parts[key] = compute()
    return kept


class Kept:
    """At most `limit` rendered parts (cards, forms), the least recently used going first;
    safe to share between a worker's threads. `generation`: what they were rendered under
    (`kept`)."""

    def __init__(self, generation: tuple, limit: int) -> None:
        self.generation = generation
        self.limit = limit
        self._parts: dict[Hashable, str] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            part = self._parts.pop(key, None)
            if part is not None:
                self._parts[key] = part  # now the most recently used
            return part

    def keep(self, key: Hashable, part: str) -> str:
        with self._lock:
            self._parts[key] = part
            while len(self._parts) > self.limit:
                del self._parts[next(iter(self._parts))]
        return part

    def __len__(self) -> int:
        return len(self._parts)


def kept(name: str, generation: tuple, limit: int) -> Kept:
    """The parts this worker keeps under `name`: new ones when `generation` changed."""
    parts = current_app.extensions.get(name)
    if parts is None or parts.generation != generation:
        parts = current_app.extensions[name] = Kept(generation, limit)
    return parts


def version() -> int:
    """Changes of what kept pages show (topics, the site's settings) made in this worker."""
    return _version[0]


def shows_nothing_personal() -> bool:
    """This request's page shows nothing of the visitor's own: a GET from someone not signed
    in, with no message waiting for them."""
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


@event.listens_for(Session, "after_flush")
def _note_changes(session, _context) -> None:
    if any(isinstance(record, SHOWN_EVERYWHERE)
           for record in (*session.new, *session.dirty, *session.deleted)):
        session.info["kept_pages_outdated"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(execute_state) -> None:
    """An UPDATE or DELETE statement (a topic retired with change_once)."""
    mapper = execute_state.bind_mapper
    if ((execute_state.is_update or execute_state.is_delete) and mapper is not None
            and issubclass(mapper.class_, SHOWN_EVERYWHERE)):
        execute_state.session.info["kept_pages_outdated"] = True


@event.listens_for(Session, "after_commit")
def _start_new_version(session) -> None:
    if session.info.pop("kept_pages_outdated", False):
        _version[0] += 1


@event.listens_for(Session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop("kept_pages_outdated", None)
