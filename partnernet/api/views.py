"""The HSDS 3.0 read API, as its OpenAPI document (openapi.py) describes it: the root, and
pages of records (`page`, `per_page`), a stream of them, or one by its UUID."""

import math
import uuid
from datetime import datetime
from functools import partial

from flask import Response, abort, json, jsonify, request, stream_with_context, url_for
from flask_babel import get_locale
from sqlalchemy import func, select

from partnernet.access import public
from partnernet.api import bp, datapackage, hsds, openapi, parameters, published
from partnernet.extensions import db, limiter

STREAM_CHUNK = 500
CACHE_SECONDS = 300  # listings change a few times a day; a consumer may keep an answer this long

limiter.limit("300 per minute")(bp)


@bp.after_request
def open_to_every_site(response: Response) -> Response:
    """Any site may read the open data from its own pages (CORS, GET only: no credentials),
    and keep an answer a while: asked again with its ETag, unchanged, it gets a 304."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Content-Language"] = str(get_locale())
    response.vary.add("Accept-Language")
    if response.status_code == 200 and not response.is_streamed:  # an ETag reads the body
        response.cache_control.public = True
        response.cache_control.max_age = CACHE_SECONDS
        response.add_etag()
        response.make_conditional(request)  # in place: a 304 without a body when unchanged
    return response


@bp.get("/")
@public
def root():
    return jsonify(version=hsds.HSDS_VERSION,
                   openapi_url=url_for("api.openapi_document", _external=True))


@bp.get("/openapi.json")
@public
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/datapackage.zip")
@public
@limiter.limit("10 per minute")  # every download reads the whole directory
def datapackage_zip():
    """The whole published directory as an HSDS tabular datapackage, sent while it is
    written."""
    response = Response(stream_with_context(datapackage.stream()), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="partnernet-hsds.zip"'
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


@bp.get("/taxonomies")
@public
def taxonomies():
    page, per_page = parameters.paging()
    search = parameters.text("search")
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
    page, per_page = parameters.paging()
    listing = published.topics(parameters.text("search"))
    wanted_taxonomy = parameters.uuid_of("taxonomy_id")
    parameters.flag("top_only")  # every term is at the top: the taxonomy is flat
    parent = parameters.uuid_of("parent_id")
    if parent is not None or wanted_taxonomy not in (None, hsds.TAXONOMY_ID):
        return jsonify(_page([], 0, page, per_page))
    return jsonify(_page_of(listing, _each(hsds.taxonomy_term), page, per_page))


@bp.get("/taxonomy_terms/<uuid:term_id>")
@public
def taxonomy_term(term_id: uuid.UUID):
    topic = published.topic_or_none(term_id) or abort(404)
    return jsonify(hsds.taxonomy_term(topic))


@bp.get("/organizations")
@public
def organizations():
    page, per_page = parameters.paging()
    parameters.flag("full_service")  # checked, not used yet: organisations carry no nested records
    parameters.flag("full")
    return jsonify(_page_of(published.organisations(parameters.text("search")),
                            _each(hsds.organization), page, per_page))


@bp.get("/organizations/<uuid:organization_id>")
@public
def organization(organization_id: uuid.UUID):
    parameters.flag("full_service")
    found = published.organisation_or_none(organization_id) or abort(404)
    return _last_modified(jsonify(hsds.organization(found)), found.updated_at)


@bp.get("/services")
@public
def services():
    minimal, full = parameters.flag("minimal"), parameters.flag("full")
    if minimal:
        return _services_page(published.services, _each(_or_tombstone(_minimal_service)),
                              streams=True)
    if full:
        return _services_page(partial(published.services, fully=True), _full_services,
                              streams=True)
    return _services_page(published.services, _each(_or_tombstone(hsds.service)),
                          streams=True)


@bp.get("/services/<uuid:service_id>")
@public
def service(service_id: uuid.UUID):
    found = published.service_or_none(service_id) or abort(404)
    return _last_modified(jsonify(_full_services([found])[0]), found[1])


@bp.get("/service_at_locations")
@public
def service_at_locations():
    if parameters.flag("full"):
        return _services_page(partial(published.services_at_locations, fully=True),
                              _each(hsds.full_service_at_location))
    return _services_page(published.services_at_locations, _each(hsds.service_at_location))


@bp.get("/service_at_locations/<uuid:link_id>")
@public
def service_at_location(link_id: uuid.UUID):
    found = published.service_at_location_or_none(link_id) or abort(404)
    return _last_modified(jsonify(hsds.full_service_at_location(*found)), found[-1])


def _last_modified(response: Response, changed_at: datetime) -> Response:
    """One record's answer says when it last changed: asked again with If-Modified-Since and
    unchanged, it is a 304 (open_to_every_site)."""
    response.last_modified = changed_at
    return response


def _services_page(listing_of, shape, streams: bool = False) -> Response:
    """A page of services (or services at locations) that meet the request's filters;
    `streams`: or, asked for ndjson, all of them as a stream."""
    page, per_page = parameters.paging(("json", "ndjson") if streams else ("json",))
    filters = parameters.service_filters()
    listing = listing_of(filters) if filters else None
    if request.args.get("format") == "ndjson":
        return _stream(listing, shape)
    if listing is None:
        return jsonify(_page([], 0, page, per_page))
    return jsonify(_page_of(listing, shape, page, per_page))


def _full_services(rows) -> list[dict]:
    """(offer, when it changed) rows, fully nested: the ids of all their places at once."""
    link_ids = published.place_link_ids([offer for offer, _changed_at in rows])

    def fully(offer, changed_at: datetime) -> dict:
        return hsds.full_service(offer, changed_at, published.shown_places(offer), link_ids)
    return [_or_tombstone(fully)(*row) for row in rows]


def _minimal_service(offer, changed_at: datetime) -> dict:
    return {"id": str(offer.public_id), "name": offer.title, "status": "active",
            "last_modified": changed_at.isoformat()}


def _or_tombstone(shape):
    """A service's shape that gives an offer no longer shown (in a change feed) as a
    tombstone."""
    return lambda offer, changed_at: (shape(offer, changed_at) if offer.is_shown
                                      else hsds.tombstone(offer, changed_at))


def _each(shape):
    """A page's shape from a row's: `shape` called with each row's columns."""
    return lambda rows: [shape(*row) for row in rows]


def _stream(listing: "published.Listing | None", shape) -> Response:
    """Every record of the listing, one JSON document a line, read and sent STREAM_CHUNK at a
    time: memory stays flat however many there are (a regional directory's full sync)."""
    def lines():
        if listing is None:
            return
        keys = db.session.execute(listing.keys.execution_options(yield_per=STREAM_CHUNK))
        for chunk in keys.partitions():
            for record in shape(listing.load([key for key, in chunk])):
                yield json.dumps(record, ensure_ascii=False) + "\n"
            db.session.expunge_all()  # the session forgets what was sent
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson")


def _page_of(listing: "published.Listing", shape, page: int, per_page: int) -> dict:
    """One page of a listing, in its HSDS `shape` (given the page's rows)."""
    total = db.session.scalar(
        select(func.count()).select_from(listing.keys.order_by(None).subquery())) or 0
    keys = db.session.scalars(listing.keys.offset((page - 1) * per_page).limit(per_page))
    return _page(shape(listing.load(keys.all())), total, page, per_page)


def _page(contents: list, total: int, page: int, per_page: int) -> dict:
    """HSDS's Page around `contents`."""
    pages = math.ceil(total / per_page)
    return {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= pages,
            "empty": not contents, "contents": contents}


