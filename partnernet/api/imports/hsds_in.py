"""HSDS 3.0 into our records: a JSON export (services as /api/v1/services?full=true gives
them, a page of them, or organisations with their services) or a tabular datapackage (its CSV
tables, put together into the same nested services first). The reverse of api/hsds.py and
api/datapackage.py, so our own export reads back as it was."""

from collections import defaultdict
from functools import cache

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from partnernet.api import hsds
from partnernet.api.imports.cells import Cells
from partnernet.api.imports.records import (
    Bundle,
    OfferIn,
    OrganisationIn,
    PlaceIn,
    Source,
    TopicRef,
)
from partnernet.models.organisations import OFFER_MODES


def from_json(name: str, document) -> Bundle:
    bundle = Bundle("hsds-json")
    items = document.get("contents") if isinstance(document, dict) else document
    if isinstance(document, dict) and items is None:
        items = [document]  # one service, or one organisation
    if not isinstance(items, list):
        bundle.problem(Source(name, 1), "contents", _l("Expected a list of services."))
        return bundle
    for number, item in enumerate(items, 1):
        source = Source(name, number)
        if not isinstance(item, dict):
            bundle.problem(source, "", _l("Expected a service (a JSON object)."))
        elif isinstance(item.get("services"), list) and "organization_id" not in item:
            _organisation(bundle, source, item)
            for service in item["services"]:
                if isinstance(service, dict):
                    _service(bundle, source, {**service, "organization_id": item.get("id")})
        else:
            if isinstance(item.get("organization"), dict):
                _organisation(bundle, source, item["organization"])
            _service(bundle, source, item)
    return bundle


def from_tables(tables: dict[str, list[dict]]) -> Bundle:
    """The datapackage's rows, nested as services: each row keeps its place in its file."""
    bundle = Bundle("hsds-datapackage")
    rows = _Rows(tables)
    locations = _nested_locations(rows)
    at_locations = rows.by("service_at_location.csv", "service_id")
    languages = rows.by("languages.csv", "service_id")
    costs, attributes = rows.by("cost_options.csv", "service_id"), rows.by("attributes.csv",
                                                                          "link_id")
    terms = {_key(term): term for term in rows("taxonomy_terms.csv")}
    for named in attributes.values():
        for attribute in named:
            attribute["taxonomy_term"] = terms.get(_key(attribute, "taxonomy_term_id"))
    for organisation in rows("organizations.csv"):
        _organisation(bundle, organisation["_source"], organisation)
    for service in rows("services.csv"):
        key = _key(service)
        for link in at_locations.get(key, []):
            place = locations.get(_key(link, "location_id"))
            if place is None:
                bundle.problem(link["_source"], "location_id",
                               _l("No location with this id in locations.csv."))
            else:
                link["location"] = place
        nested = {**service, "service_at_locations": at_locations.get(key, []),
                  "languages": languages.get(key, []), "cost_options": costs.get(key, []),
                  "attributes": attributes.get(key, [])}
        _service(bundle, service["_source"], nested)
    for location in locations.values():  # where no service is given (yet) counts too
        if _key(location) not in bundle.places:
            _place(bundle, location["_source"], location, None)
    return bundle


class _Rows:
    """A datapackage's CSV files: each row with its Source, and grouped by a column."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables

    def __call__(self, file: str) -> list[dict]:
        return [{**row, "_source": Source(file, number)}
                for number, row in enumerate(self.tables.get(file, []), 2)]

    def by(self, file: str, column: str) -> dict[str, list[dict]]:
        grouped = defaultdict(list)
        for row in self(file):
            grouped[_key(row, column)].append(row)
        return grouped


def _nested_locations(rows: _Rows) -> dict[str, dict]:
    """Each location with its addresses, phones, schedules and accessibility, by its id."""
    locations = {_key(row): row for row in rows("locations.csv")}
    for nested, file in (("addresses", "addresses.csv"), ("phones", "phones.csv"),
                         ("schedules", "schedules.csv"), ("accessibility", "accessibility.csv")):
        grouped = rows.by(file, "location_id")
        for key, location in locations.items():
            location[nested] = grouped.get(key, [])
    return locations


def _key(row: dict, column: str = "id") -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _organisation(bundle: Bundle, source: Source, values: dict) -> str | None:
    cells = Cells(bundle, values.get("_source", source), values)
    key = cells.uuid("id", required=True)
    name = cells.text("name", required=True, longest=200)
    found = OrganisationIn(key or "", cells.source, name,
                           description=cells.text("description"),
                           website=cells.optional("website", 300),
                           email=cells.optional("email", 254))
    phones = values.get("phones")
    if isinstance(phones, list) and phones and isinstance(phones[0], dict):
        found.phone = Cells(bundle, cells.source, phones[0]).optional("number", 40)
    if key and name and key not in bundle.organisations:
        bundle.organisations[key] = found
    return key


def _service(bundle: Bundle, source: Source, values: dict) -> None:
    cells = Cells(bundle, values.get("_source", source), values)
    key = cells.uuid("id", required=True)
    organisation = cells.uuid("organization_id", required=True)
    title = cells.text("name", required=True, longest=200)
    status = cells.text("status", longest=40) or "active"
    if status != "active":
        bundle.notes.append(_l("%(source)s: “%(name)s” is %(status)s, so it is left out.",
                               source=str(cells.source), name=title, status=status))
        return
    offer = OfferIn(key or "", cells.source, organisation or "", title,
                    description=cells.text("description"),
                    audience=cells.text("eligibility_description", longest=500),
                    modes=_modes(cells.text("application_process")),
                    assured_date=cells.day("assured_date"))
    _cost(bundle, cells, offer, _list(values, "cost_options"))
    offer.languages = tuple(dict.fromkeys(filter(None, (
        _language(bundle, cells.source, language)
        for language in _list(values, "languages")))))
    offer.topic_refs = tuple(dict.fromkeys(filter(None, (
        _topic(bundle, cells.source, attribute) for attribute in _list(values, "attributes")))))
    places = []
    for link in _list(values, "service_at_locations"):
        location = link.get("location")
        if isinstance(location, dict):
            link_cells = Cells(bundle, link.get("_source", cells.source), link)
            place = _place(bundle, link_cells.source, location, organisation)
            link_id = link_cells.uuid("id")
            if place and link_id:
                offer.link_ids[place] = link_id
            places.append(place)
    offer.place_keys = tuple(dict.fromkeys(filter(None, places)))
    if key and organisation and title:
        bundle.offers.setdefault(key, offer)


def _cost(bundle: Bundle, cells: Cells, offer: OfferIn, options: list[dict]) -> None:
    fees = cells.text("fees_description", longest=300)
    amounts = [Cells(bundle, option.get("_source", cells.source), option).number(
        "amount", 0, 1_000_000) for option in options]
    free = 0 in amounts or fees.lower() in _texts("free") or (not fees and not options)
    offer.free_of_charge = free
    offer.cost_note = None if free or fees.lower() in _texts("ask") else fees


def _language(bundle: Bundle, source: Source, values: dict) -> str | None:
    cells = Cells(bundle, values.get("_source", source), values)
    code = cells.text("code", longest=10).lower()
    if code and not (2 <= len(code) <= 3 and code.isalpha() and code.isascii()):
        cells.problem("code", _l("A language code such as nl, en or ar."))
        return None
    return code or None


def _topic(bundle: Bundle, source: Source, values: dict) -> TopicRef | None:
    """The topic an attribute names: its term's UUID and code (the attribute's value, or its
    term's code). The dry run finds ours by either, and names one it does not know."""
    cells = Cells(bundle, values.get("_source", source), values)
    term = cells.uuid("taxonomy_term_id")
    nested = values.get("taxonomy_term")
    code = cells.text("value", longest=40) or (
        Cells(bundle, cells.source, nested).text("code", longest=40)
        if isinstance(nested, dict) else "")
    if term is None and not code:
        cells.problem("taxonomy_term_id", _l("This field is required."))
        return None
    return TopicRef(term, code.lower() or None)


def _place(bundle: Bundle, source: Source, values: dict, organisation: str | None) -> str | None:
    cells = Cells(bundle, values.get("_source", source), values)
    key = cells.uuid("id", required=True)
    if cells.text("location_type", longest=20) == "virtual":
        return None
    owner = cells.uuid("organization_id") or organisation or ""
    place = PlaceIn(key or "", cells.source, owner, cells.text("name", required=True,
                                                                longest=200),
                    latitude=cells.number("latitude", -90, 90),
                    longitude=cells.number("longitude", -180, 180))
    if (place.latitude is None) != (place.longitude is None):
        cells.problem("longitude", _l("Give both latitude and longitude, or neither."))
    addresses = _list(values, "addresses")
    if addresses:
        address = Cells(bundle, addresses[0].get("_source", cells.source), addresses[0])
        place.street, place.house_number = _street_and_number(
            address.text("address_1", longest=230))
        place.postcode = address.postcode("postal_code")
        place.city = address.text("city", longest=100)
    phones = _list(values, "phones")
    if phones:
        place.phone = Cells(bundle, phones[0].get("_source", cells.source), phones[0]
                            ).optional("number", 40)
    accessibility = _list(values, "accessibility")
    if accessibility:
        described = Cells(bundle, accessibility[0].get("_source", cells.source),
                          accessibility[0])
        description = described.text("description").lower()
        place.wheelchair_accessible = (True if description in _texts("wheelchair") else
                                       False if description in _texts("no wheelchair") else None)
        place.accessibility_note = described.optional("details")
    place.hours = _hours(bundle, cells.source, _list(values, "schedules"))
    if key and key not in bundle.places:
        bundle.places[key] = place
    return key


def _hours(bundle: Bundle, source: Source, schedules: list[dict]):
    days: list[list] = [[] for _ in range(7)]
    for schedule in schedules:
        cells = Cells(bundle, schedule.get("_source", source), schedule)
        if (cells.text("freq", longest=20) or "WEEKLY").upper() != "WEEKLY":
            continue  # a monthly or one-off moment is no weekly opening
        byday = [day.strip().upper() for day in cells.text("byday", longest=40).split(",")
                 if day.strip()]
        unknown = [day for day in byday if day not in hsds.WEEKDAYS]
        if unknown or not byday:
            cells.problem("byday", _l("Weekdays as MO, TU, WE, TH, FR, SA or SU."))
            continue
        opens, closes = cells.clock("opens_at"), cells.clock("closes_at")
        if opens is None or closes is None:
            continue
        if closes <= opens:
            cells.problem("closes_at", _l("Closes after it opens."))
            continue
        for day in byday:
            days[hsds.WEEKDAYS.index(day)].append((opens, closes))
    return tuple(tuple(sorted(set(periods))) for periods in days)


def _street_and_number(address: str) -> tuple[str, str | None]:
    """"Nieuwe Markt 1a" as ("Nieuwe Markt", "1a"): the number is the first part starting
    with a digit, and what follows it."""
    parts = address.split()
    for position, part in enumerate(parts[1:], 1):
        if part[0].isdigit():
            return " ".join(parts[:position])[:200], " ".join(parts[position:])[:20]
    return address[:200], None


def _modes(application_process: str) -> tuple[str, ...]:
    names = _texts("modes")
    return tuple(dict.fromkeys(names[part.strip().lower()] for part in
                               application_process.split(";") if part.strip().lower() in names))


def _list(values: dict, name: str) -> list[dict]:
    found = values.get(name)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


@cache
def _texts(which: str):
    """Our own texts in either language, lower case, as the export writes them."""
    found: dict = {}
    for language in ("nl", "en"):
        with force_locale(language):
            if which == "modes":
                found.update({hsds.application_process((mode,)).lower(): mode
                              for mode in OFFER_MODES})
            elif which == "free":
                found[hsds.fees(True, None).lower()] = True
            elif which == "ask":
                found[hsds.fees(False, None).lower()] = True
            else:
                found[hsds.wheelchair_description(which == "wheelchair").lower()] = True
    return found
