"""The API's query parameters, read and checked as its OpenAPI document describes them
(openapi.py takes the bounds from here): one that cannot be used raises BadParameter, a 400
problem document that names it."""

import contextlib
import math
import uuid
from datetime import UTC, datetime

from flask import request
from flask_babel import gettext as _

from partnernet.api import hsds, published
from partnernet.api.problems import BadParameter
from partnernet.forms import NOT_ON_ONE_LINE
from partnernet.geo import locator

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_TEXT_LENGTH = 200
DEFAULT_PROXIMITY_METRES = 10_000  # near a postcode or lat and lon: within 10 km
MAX_PROXIMITY_METRES = 100_000


def service_filters() -> published.ServiceFilters | None:
    """The filters of a request for services; None when they can match nothing (another
    taxonomy than ours)."""
    taxonomy_id = uuid_of("taxonomy_id")
    filters = published.ServiceFilters(
        search=text("search"), topic_id=uuid_of("taxonomy_term_id"),
        any_topic=taxonomy_id is not None, organisation_id=uuid_of("organization_id"),
        modified_after=moment("modified_after"), near=near())
    return None if taxonomy_id not in (None, hsds.TAXONOMY_ID) else filters


def near() -> published.Near | None:
    """Around a postcode, or a latitude and longitude, within `proximity` metres."""
    postcode = text("postcode")
    latitude, longitude = coordinate("lat", 90), coordinate("lon", 180)
    metres = whole_number("proximity", DEFAULT_PROXIMITY_METRES, MAX_PROXIMITY_METRES)
    if postcode is not None:
        if latitude is not None or longitude is not None:
            raise BadParameter("postcode", _("Give a postcode or lat and lon, not both."))
        finder = locator()
        place = finder.locate(postcode) if finder.is_postcode(postcode) else None
        if place is None:
            raise BadParameter("postcode", _("This is not a postcode we know. Give a Dutch "
                                             "postcode, such as 9711 or 9711 AB."))
        latitude, longitude = place.latitude, place.longitude
    elif latitude is None or longitude is None:
        if latitude is not None or longitude is not None:
            raise BadParameter("lon" if longitude is None else "lat",
                               _("Give both lat and lon."))
        if "proximity" in request.args:
            raise BadParameter("proximity", _("proximity needs a postcode, or lat and lon."))
        return None
    return published.Near(latitude, longitude, metres / 1000)


def coordinate(name: str, maximum: int) -> float | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        degrees = float(value)
    except ValueError:
        degrees = math.nan
    if not math.isfinite(degrees) or abs(degrees) > maximum:
        raise BadParameter(name, _("%(name)s must be a number from -%(maximum)d to "
                                   "%(maximum)d, in degrees.", name=name, maximum=maximum))
    return degrees


def paging(formats: tuple[str, ...] = ("json",)) -> tuple[int, int]:
    if request.args.get("format", "json") not in formats:
        raise BadParameter("format", _("format can be: %(formats)s.",
                                       formats=", ".join(formats)))
    return (whole_number("page", 1, MAX_PAGE),
            whole_number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE))


def whole_number(name: str, default: int, maximum: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadParameter(name, _("%(name)s must be a whole number from 1 to %(maximum)d.",
                                   name=name, maximum=maximum))
    return int(value)


def text(name: str) -> str | None:
    """Text of one line, as the OpenAPI document says: checked as sent, then trimmed."""
    value = request.args.get(name, "")
    if len(value) > MAX_TEXT_LENGTH:
        raise BadParameter(name, _("%(name)s may be at most %(maximum)d characters long.",
                                   name=name, maximum=MAX_TEXT_LENGTH))
    if NOT_ON_ONE_LINE.search(value):  # PostgreSQL refuses NUL in text
        raise BadParameter(name, _("%(name)s may not hold control characters.", name=name))
    return value.strip() or None


def uuid_of(name: str) -> uuid.UUID | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(name, _("%(name)s must be a UUID.", name=name)) from None


def moment(name: str) -> datetime | None:
    """An ISO 8601 date or date and time; without a time zone, UTC."""
    value = request.args.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None and " " in value:  # an unencoded "+" of a time zone arrives as a space
        head, _space, zone = value.rpartition(" ")
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(f"{head}+{zone}")
    if moment is None:
        raise BadParameter(name, _("%(name)s must be a date and time in ISO 8601, such as "
                                   "2026-01-31T09:00:00Z.", name=name))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # the first or last day of the calendar, in a zone beyond UTC's
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


def flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise BadParameter(name, _("%(name)s must be true or false.", name=name))
    return value in ("true", "1")
