"""The HSDS 3.0 read API, as the OpenAPI document of ../shared/data/hsds-3.0 describes it: the
root, and pages of records (`page`, `per_page`) or one by its UUID."""

import math
import uuid

from flask import Response, abort, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from partnernet.access import public
from partnernet.api import bp, hsds
from partnernet.api.problems import BadParameter
from partnernet.extensions import db, limiter
from partnernet.forms import NOT_ON_ONE_LINE

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_SEARCH_LENGTH = 200
CACHE_SECONDS = 300  # listings change a few times a day; a consumer may keep an answer this long

limiter.limit("300 per minute")(bp)


@bp.after_request
def open_to_every_site(response: Response) -> Response:
    """Any site may read the open data from its own pages (CORS, GET only: no credentials),
    and keep an answer a while: asked again with its ETag, unchanged, it gets a 304."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Content-Language"] = str(get_locale())
    response.vary.add("Accept-Language")
    if response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = CACHE_SECONDS
        response.add_etag()
        response.make_conditional(request)  # in place: a 304 without a body when unchanged
    return response


@bp.get("/")
@public
def root():
    return jsonify(version=hsds.HSDS_VERSION)


@bp.get("/taxonomies")
@public
def taxonomies():
    page, per_page = _paging()
    search = _text("search")
    found = [hsds.taxonomy()]
    if search and search.lower() not in found[0]["name"].lower():
        found = []
    return jsonify(_page(found[(page - 1) * per_page:page * per_page], len(found), page,
                         per_page))


@bp.get("/taxonomies/<uuid:taxonomy_id>")
@public
def taxonomy(taxonomy_id: uuid.UUID):
    if taxonomy_id != hsds.TAXONOMY_ID:
        abort(404)
    return jsonify(hsds.taxonomy())


@bp.get("/taxonomy_terms")
@public
def taxonomy_terms():
    page, per_page = _paging()
    query = hsds.topics_query(_text("search"))
    wanted_taxonomy = _uuid("taxonomy_id")
    _flag("top_only")  # every term is at the top: the taxonomy is flat
    if _uuid("parent_id") is not None or wanted_taxonomy not in (None, hsds.TAXONOMY_ID):
        return jsonify(_page([], 0, page, per_page))
    return jsonify(_page_of(query, hsds.taxonomy_term, page, per_page))


@bp.get("/taxonomy_terms/<uuid:term_id>")
@public
def taxonomy_term(term_id: uuid.UUID):
    topic = hsds.topic_or_none(term_id) or abort(404)
    return jsonify(hsds.taxonomy_term(topic))


@bp.get("/organizations")
@public
def organizations():
    page, per_page = _paging()
    _flag("full_service")  # checked, not used yet: organisations carry no nested records
    _flag("full")
    return jsonify(_page_of(hsds.organisations_query(_text("search")), hsds.organization, page,
                            per_page))


@bp.get("/organizations/<uuid:organization_id>")
@public
def organization(organization_id: uuid.UUID):
    _flag("full_service")
    found = hsds.organisation_or_none(organization_id) or abort(404)
    return jsonify(hsds.organization(found))


def _page_of(query, shape, page: int, per_page: int) -> dict:
    """One page of the records `query` selects, each in its HSDS `shape`."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    records = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page))
    return _page([shape(record) for record in records], total, page, per_page)


def _page(contents: list, total: int, page: int, per_page: int) -> dict:
    """HSDS's Page around `contents`."""
    pages = math.ceil(total / per_page)
    return {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= pages,
            "empty": not contents, "contents": contents}


def _paging() -> tuple[int, int]:
    return (_whole_number("page", 1, MAX_PAGE),
            _whole_number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE))


def _whole_number(name: str, default: int, maximum: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadParameter(name, _("%(name)s must be a whole number from 1 to %(maximum)d.",
                                   name=name, maximum=maximum))
    return int(value)


def _text(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    if len(value) > MAX_SEARCH_LENGTH:
        raise BadParameter(name, _("%(name)s may be at most %(maximum)d characters long.",
                                   name=name, maximum=MAX_SEARCH_LENGTH))
    if NOT_ON_ONE_LINE.search(value):  # PostgreSQL refuses NUL in text
        raise BadParameter(name, _("%(name)s may not hold control characters.", name=name))
    return value or None


def _uuid(name: str) -> uuid.UUID | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(name, _("%(name)s must be a UUID.", name=name)) from None


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise BadParameter(name, _("%(name)s must be true or false.", name=name))
    return value in ("true", "1")
