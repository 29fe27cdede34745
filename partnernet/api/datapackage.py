"""The published directory as an HSDS 3.0 tabular datapackage: a zip of one CSV per HSDS
table (organizations.csv, services.csv, locations.csv, ...) and `datapackage.json`, which
describes them (Frictionless tabular data package). The same records and texts as the API,
so importing our own export reproduces the directory.

Rows are in the order of their UUIDs (or names), never of our own keys: a directory read back
from its export writes the same files. Read with plain SQL rows, table by table, and written
straight into the zip: an ORM object per record costs about ten times as much, and a
directory of 50,000 services is read at once."""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import cache
from importlib import resources

from flask import url_for
from sqlalchemy import and_, func, select

from partnernet.api import hsds
from partnernet.api.published import service_changed_at
from partnernet.clock import LOCAL_TIMEZONE
from partnernet.extensions import db
from partnernet.models import (
    Offer,
    OfferLanguage,
    OpeningPeriod,
    Organisation,
    SupportPoint,
    Topic,
)
from partnernet.models.organisations import OFFER_MODES, offer_support_points, offer_topics
from partnernet.spreadsheets import safe_cell
from partnernet.vocabulary import language_name

SCHEMAS = resources.files("partnernet.api") / "hsds-3.0"
# The tables we fill, in HSDS's own order of its tabular resources.
TABLES = ("organization", "service", "attribute", "service_at_location", "location", "phone",
          "address", "schedule", "language", "accessibility", "cost_option", "taxonomy_term",
          "taxonomy")
CHUNK = 2000  # rows read from the database at a time


@cache
def table_schema(table: str) -> dict:
    """HSDS's description of a table: its file name and its columns (what is not an array or
    an object: those are other tables)."""
    described = json.loads((SCHEMAS / f"{table}.json").read_text(encoding="utf-8"))
    fields = [name for name, field in described["properties"].items()
              if field.get("type") not in ("array", "object") and "$ref" not in field]
    return {"name": table, "path": described["path"], "fields": fields,
            "described": described}


def columns(table: str) -> list[str]:
    return table_schema(table)["fields"]


def descriptor() -> dict:
    """datapackage.json: each CSV file with its columns' types (Frictionless Table Schema)."""
    return {
        "name": "partnernet", "profile": "tabular-data-package",
        "title": "partnernet — Open Referral HSDS 3.0",
        "description": ("Help for residents with the municipality's (digital) services: "
                        "organisations, what they offer and where. A cell that a spreadsheet "
                        "would run as a formula starts with an apostrophe."),
        "licenses": [{"name": "CC0-1.0",
                      "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "resources": [_resource(table) for table in TABLES],
    }


def _resource(table: str) -> dict:
    schema = table_schema(table)
    properties = schema["described"]["properties"]
    return {"name": table, "path": schema["path"], "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [_field(name, properties[name]) for name in schema["fields"]],
                       "primaryKey": "id"}}


def _field(name: str, described: dict) -> dict:
    field = {"name": name,
             "type": described.get("datapackage_type", described.get("type", "string"))}
    if described.get("format") in ("uuid", "email", "uri"):
        field["format"] = described["format"]
    return field


def stream(progress: Callable[[str, int], None] | None = None) -> Iterator[bytes]:
    """The published directory as a zipped datapackage, in the caller's language, a piece at a
    time (a zip needs no seeking back: it can go out while it is written); `progress(table,
    rows so far)` is told along the way."""
    sent = _Pipe()
    with zipfile.ZipFile(sent, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for table, rows in _tables():
            with package.open(table_schema(table)["path"], "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text, lineterminator="\r\n")
                names = columns(table)
                writer.writerow(names)
                written = 0
                for row in rows:
                    writer.writerow([safe_cell(row.get(name, "")) for name in names])
                    written += 1
                    if written % CHUNK == 0:
                        if progress:
                            progress(table, written)
                        yield sent.drain()
                text.flush()
                text.detach()
            if progress:
                progress(table, written)
            yield sent.drain()
        package.writestr("datapackage.json", json.dumps(descriptor(), ensure_ascii=False,
                                                        indent=2))
    yield sent.drain()


class _Pipe(io.RawIOBase):
    """Where the zip is written: it keeps what came since it was last drained. Not seekable,
    so zipfile writes each member's sizes after its data."""

    def __init__(self):
        super().__init__()
        self._pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, piece) -> int:
        self._pieces.append(bytes(piece))
        return len(piece)

    def drain(self) -> bytes:
        found = b"".join(self._pieces)
        self._pieces.clear()
        return found


def _tables() -> Iterator[tuple[str, Iterable[dict]]]:
    yield "organization", _organizations()
    yield "service", _services()
    yield "attribute", _attributes()
    yield "service_at_location", _services_at_locations()
    yield "location", _locations()
    yield "phone", _phones()
    yield "address", _addresses()
    yield "schedule", _schedules()
    yield "language", _languages()
    yield "accessibility", _accessibility()
    yield "cost_option", _cost_options()
    yield "taxonomy_term", _taxonomy_terms()
    yield "taxonomy", [hsds.taxonomy()]


def _rows(query) -> Iterator:
    """The query's rows, read CHUNK at a time."""
    for chunk in db.session.execute(query.execution_options(yield_per=CHUNK)).partitions():
        yield from chunk


def _organizations() -> Iterator[dict]:
    query = (select(Organisation.public_id, Organisation.name, Organisation.description,
                    Organisation.website, Organisation.email, Organisation.email_is_public)
             .where(Organisation.is_public).order_by(Organisation.name, Organisation.public_id))
    for row in _rows(query):
        yield {"id": row.public_id, "name": row.name, "description": row.description,
               "website": row.website or "",
               "email": row.email if row.email_is_public and row.email else "",
               "uri": url_for("directory.organisation", organisation_id=row.public_id,
                              _external=True)}


_ORGANISATION_ID = (select(Organisation.public_id).where(Organisation.id == Offer.organisation_id)
                    .scalar_subquery())


def _services() -> Iterator[dict]:
    # The same few texts again and again: translated once each (the language stays the same).
    fees, application_process = cache(hsds.fees), cache(hsds.application_process)
    modes = [getattr(Offer, mode) for mode in OFFER_MODES]
    query = select(Offer.public_id, Offer.title, Offer.description, Offer.audience,
                   Offer.free_of_charge, Offer.cost_note, Offer.assured_date, Offer.updated_at,
                   *modes, _ORGANISATION_ID.label("organisation_public_id"),
                   service_changed_at().label("changed_at")
                   ).where(Offer.is_shown).order_by(Offer.title, Offer.public_id)
    for row in _rows(query):
        offered = tuple(mode for mode in OFFER_MODES if getattr(row, mode))
        found = {"id": row.public_id, "organization_id": row.organisation_public_id,
                 "name": row.title, "description": row.description,
                 "url": url_for("directory.offer", offer_id=row.public_id, _external=True),
                 "status": "active",
                 "fees_description": fees(row.free_of_charge, row.cost_note),
                 "eligibility_description": row.audience,
                 "application_process": application_process(offered),
                 "assured_date": _assured(row.assured_date, row.updated_at),
                 "last_modified": row.changed_at.isoformat()}
        yield found


def _assured(assured_date, updated_at: datetime) -> str:
    """Offer.confirmed_on(), from its columns."""
    return (assured_date or updated_at.astimezone(LOCAL_TIMEZONE).date()).isoformat()


def _attributes() -> Iterator[dict]:
    query = (select(Offer.public_id.label("offer_id"), Topic.public_id.label("topic_id"),
                    Topic.code)
             .join(offer_topics, offer_topics.c.offer_id == Offer.id)
             .join(Topic, and_(Topic.id == offer_topics.c.topic_id, Topic.active.is_(True)))
             .where(Offer.is_shown).order_by(Offer.public_id, Topic.position, Topic.public_id))
    for row in _rows(query):
        yield {"id": hsds.derived(row.offer_id)("topic", row.topic_id), "link_id": row.offer_id,
               "taxonomy_term_id": row.topic_id, "link_type": "topic",
               "link_entity": "service", "value": row.code}


def _services_at_locations() -> Iterator[dict]:
    query = (select(offer_support_points.c.public_id, Offer.public_id.label("offer_id"),
                    SupportPoint.public_id.label("point_id"))
             .join(Offer, Offer.id == offer_support_points.c.offer_id)
             .join(SupportPoint, SupportPoint.id == offer_support_points.c.support_point_id)
             .where(Offer.is_shown, SupportPoint.is_shown)
             .order_by(Offer.public_id, SupportPoint.public_id))
    for row in _rows(query):
        yield {"id": row.public_id, "service_id": row.offer_id, "location_id": row.point_id}


_SHOWN_PLACES = (select(SupportPoint.id, SupportPoint.public_id, SupportPoint.name,
                        SupportPoint.latitude, SupportPoint.longitude, SupportPoint.street,
                        SupportPoint.house_number, SupportPoint.postcode, SupportPoint.city,
                        SupportPoint.wheelchair_accessible, SupportPoint.accessibility_note,
                        func.coalesce(SupportPoint.phone, Organisation.phone).label("phone"),
                        Organisation.public_id.label("organisation_id"))
                 .join(Organisation, Organisation.id == SupportPoint.organisation_id)
                 .where(SupportPoint.is_shown)
                 .order_by(SupportPoint.public_id))


def _locations() -> Iterator[dict]:
    for row in _rows(_SHOWN_PLACES):
        yield {"id": row.public_id, "location_type": "physical",
               "url": url_for("directory.point", point_id=row.public_id, _external=True),
               "organization_id": row.organisation_id, "name": row.name,
               "latitude": row.latitude, "longitude": row.longitude}


def _phones() -> Iterator[dict]:
    for row in _rows(_SHOWN_PLACES.where(
            func.coalesce(SupportPoint.phone, Organisation.phone).is_not(None))):
        yield {"id": hsds.derived(row.public_id)("phone"), "location_id": row.public_id,
               "number": row.phone}


def _addresses() -> Iterator[dict]:
    for row in _rows(_SHOWN_PLACES.where(SupportPoint.has_street_address)):
        yield {"id": hsds.derived(row.public_id)("address"), "location_id": row.public_id,
               "address_1": f"{row.street} {row.house_number}", "city": row.city,
               "state_province": "", "postal_code": row.postcode or "", "country": "NL",
               "address_type": "physical"}


def _accessibility() -> Iterator[dict]:
    described = {True: hsds.wheelchair_description(True), None: "",
                 False: hsds.wheelchair_description(False)}
    for row in _rows(_SHOWN_PLACES):
        if row.wheelchair_accessible is None and not row.accessibility_note:
            continue
        yield {"id": hsds.derived(row.public_id)("accessibility"), "location_id": row.public_id,
               "description": described[row.wheelchair_accessible],
               "details": row.accessibility_note or ""}


def _schedules() -> Iterator[dict]:
    query = (select(SupportPoint.public_id, OpeningPeriod.weekday, OpeningPeriod.opens,
                    OpeningPeriod.closes)
             .join(SupportPoint, SupportPoint.id == OpeningPeriod.support_point_id)
             .where(SupportPoint.is_shown)
             .order_by(SupportPoint.public_id, OpeningPeriod.weekday, OpeningPeriod.opens))
    descriptions: dict[tuple, str] = {}
    for row in _rows(query):
        opens, closes = row.opens.strftime("%H:%M"), row.closes.strftime("%H:%M")
        day = hsds.WEEKDAYS[row.weekday]
        key = row.weekday, opens, closes
        if key not in descriptions:  # a few hundred different ones in a whole directory
            descriptions[key] = hsds.schedule_description(*key)
        yield {"id": hsds.derived(row.public_id)("hours", day, opens, closes),
               "location_id": row.public_id, "freq": "WEEKLY", "wkst": "MO", "byday": day,
               "opens_at": opens, "closes_at": closes, "description": descriptions[key]}


def _languages() -> Iterator[dict]:
    query = (select(Offer.public_id, OfferLanguage.code)
             .join(Offer, Offer.id == OfferLanguage.offer_id)
             .where(Offer.is_shown).order_by(Offer.public_id, OfferLanguage.code))
    names: dict[str, str] = {}
    for row in _rows(query):
        if row.code not in names:
            names[row.code] = language_name(row.code)
        yield {"id": hsds.derived(row.public_id)("language", row.code),
               "service_id": row.public_id, "name": names[row.code], "code": row.code}


def _cost_options() -> Iterator[dict]:
    fees = cache(hsds.fees)
    query = (select(Offer.public_id, Offer.free_of_charge, Offer.cost_note)
             .where(Offer.is_shown).order_by(Offer.public_id))
    for row in _rows(query):
        found = {"id": hsds.derived(row.public_id)("cost"), "service_id": row.public_id,
                 "amount_description": fees(row.free_of_charge, row.cost_note)}
        if row.free_of_charge:
            found.update(amount=0, currency="EUR")
        yield found


def _taxonomy_terms() -> Iterator[dict]:
    for topic in db.session.scalars(select(Topic).where(Topic.active.is_(True))
                                    .order_by(Topic.position, Topic.id)):
        yield hsds.taxonomy_term(topic)
