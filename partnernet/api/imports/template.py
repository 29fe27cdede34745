"""Our own CSV template, for partners without HSDS (README, "Open data in and out"; example
in partnernet/data/import-example.csv): one row per offer at one place, the organisation's
columns repeated on each of its rows. Headers in Dutch or English; separated by ";" (as
Excel saves in the Netherlands) or ",".

A record in this file has no UUID: it gets one derived from what names it (the
organisation's name; a place's name and address; an offer's title), so importing the same
file again finds the same records."""

import csv
import io
import uuid

from flask_babel import lazy_gettext as _l

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
from partnernet.opening_hours import HoursError, parse_day

TEMPLATE_IDS = uuid.UUID("6f1d2b7e-3c4a-4e0f-8a9b-0c5d6e7f8a90")
# Each column: our name first, then the names a header may use for it.
COLUMNS = {
    "organisation": ("organisatie", "organization"),
    "organisation_description": ("organisatie_omschrijving",),
    "website": (),
    "email": ("e-mail", "e-mailadres"),
    "organisation_phone": ("organisatie_telefoon",),
    "place": ("plek", "locatie", "location"),
    "street": ("straat",),
    "house_number": ("huisnummer",),
    "postcode": (),
    "city": ("plaats", "woonplaats"),
    "latitude": ("breedtegraad",),
    "longitude": ("lengtegraad",),
    "wheelchair": ("rolstoel", "rolstoeltoegankelijk"),
    "accessibility_note": ("toegankelijkheid",),
    "phone": ("telefoon",),
    "monday": ("maandag",), "tuesday": ("dinsdag",), "wednesday": ("woensdag",),
    "thursday": ("donderdag",), "friday": ("vrijdag",), "saturday": ("zaterdag",),
    "sunday": ("zondag",),
    "offer": ("aanbod",),
    "description": ("omschrijving",),
    "audience": ("voor_wie",),
    "ways": ("manieren",),
    "free": ("gratis",),
    "cost_note": ("kosten",),
    "topics": ("onderwerpen",),
    "languages": ("talen",),
}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MODE_WORDS = {
    "walk_in": ("binnenlopen", "inloop", "walk-in"),
    "by_appointment": ("afspraak", "op afspraak", "appointment", "by appointment"),
    "by_phone": ("telefoon", "telefonisch", "phone", "by phone"),
    "home_visit": ("thuis", "huisbezoek", "home visit", "at your home"),
    "online": ("online",),
}
HOURS_REASONS = {
    "format": _l("Write opening hours as 9:00-12:00, 13:00-17:00."),
    "time": _l("A time such as 09:30."),
    "order": _l("A period closes after it opens."),
    "overlap": _l("Periods may not overlap."),
}


def from_csv(name: str, text: str) -> Bundle:
    bundle = Bundle("partnernet-csv")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
        named = _columns(header)
        missing = [column for column in ("organisation", "offer") if column not in named]
        if missing:
            bundle.problem(Source(name, 1), ", ".join(missing), _l(
                "The first row names the columns; it needs at least organisation and offer "
                "(organisatie, aanbod). See the template."))
            return bundle
        for number, cells in enumerate(reader, 2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {column: cells[position] for column, position in named.items()
                      if position < len(cells)}
            _row(bundle, Cells(bundle, Source(name, number), values))
    except csv.Error as error:
        bundle.problem(Source(name, reader.line_num), "", _l(
            "This is not valid CSV: %(error)s.", error=str(error)))
    return bundle


def _columns(header: list[str]) -> dict[str, int]:
    names = {alias: column for column, aliases in COLUMNS.items()
             for alias in (column, *aliases)}
    found = {}
    for position, title in enumerate(header):
        column = names.get(title.strip().lower().replace(" ", "_"))
        if column is not None and column not in found:
            found[column] = position
    return found


def _row(bundle: Bundle, cells: Cells) -> None:
    organisation_name = cells.text("organisation", required=True, longest=200)
    title = cells.text("offer", required=True, longest=200)
    if not organisation_name:
        return
    organisation_key = _derived("organisation", organisation_name.lower())
    if organisation_key not in bundle.organisations:
        bundle.organisations[organisation_key] = OrganisationIn(
            organisation_key, cells.source, organisation_name,
            description=cells.text("organisation_description"),
            website=cells.optional("website", 300), email=cells.optional("email", 254),
            phone=cells.optional("organisation_phone", 40))
    place_key = _place(bundle, cells, organisation_key)
    if not title:
        return
    offer_key = _derived("offer", organisation_key, title.lower())
    offer = bundle.offers.get(offer_key)
    if offer is None:
        offer = bundle.offers[offer_key] = OfferIn(
            offer_key, cells.source, organisation_key, title,
            description=cells.text("description"),
            audience=cells.text("audience", longest=500), modes=_modes(cells),
            topic_refs=tuple(TopicRef(None, code) for code in _listed(cells, "topics")),
            languages=_languages(cells))
        free = cells.yes_no("free")
        offer.cost_note = cells.optional("cost_note", 300)
        offer.free_of_charge = free if free is not None else offer.cost_note is None
    if place_key and place_key not in offer.place_keys:
        offer.place_keys = (*offer.place_keys, place_key)


def _place(bundle: Bundle, cells: Cells, organisation_key: str) -> str | None:
    name = cells.text("place", longest=200)
    if not name:
        return None
    street, number = cells.text("street", longest=200), cells.optional("house_number", 20)
    postcode = cells.postcode("postcode")
    key = _derived("place", organisation_key, name.lower(), postcode or "", number or "")
    if key in bundle.places:
        return key
    place = PlaceIn(key, cells.source, organisation_key, name, street=street,
                    house_number=number, postcode=postcode,
                    city=cells.text("city", longest=100),
                    latitude=cells.number("latitude", -90, 90),
                    longitude=cells.number("longitude", -180, 180),
                    wheelchair_accessible=cells.yes_no("wheelchair"),
                    accessibility_note=cells.optional("accessibility_note"),
                    phone=cells.optional("phone", 40))
    if (place.latitude is None) != (place.longitude is None):
        cells.problem("longitude", _l("Give both latitude and longitude, or neither."))
    hours = []
    for day in DAYS:
        try:
            hours.append(tuple(parse_day(cells.text(day, longest=200))))
        except HoursError as error:
            cells.problem(day, HOURS_REASONS[str(error)])
            hours.append(())
    place.hours = tuple(hours)
    bundle.places[key] = place
    return key


def _modes(cells: Cells) -> tuple[str, ...]:
    found = []
    for word in _split(cells.text("ways")):
        mode = next((mode for mode in OFFER_MODES if word in (mode, *MODE_WORDS[mode])), None)
        if mode is None:
            cells.problem("ways", _l("Unknown way of getting help: %(word)s. Use walk_in, "
                                     "by_appointment, by_phone, home_visit or online.",
                                     word=word))
        elif mode not in found:
            found.append(mode)
    return tuple(found)


def _languages(cells: Cells) -> tuple[str, ...]:
    found = []
    for code in _split(cells.text("languages")):
        if not (2 <= len(code) <= 3 and code.isalpha() and code.isascii()):
            cells.problem("languages", _l("Languages as codes such as nl, en or ar, separated "
                                          "by |."))
        elif code not in found:
            found.append(code)
    return tuple(found)


def _listed(cells: Cells, column: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_split(cells.text(column))))


def _split(text: str) -> list[str]:
    """Values in one cell, separated by | (or by , when the file is separated by ;)."""
    return [part.strip().lower() for part in text.replace(",", "|").split("|")
            if part.strip()]


def _derived(*parts: str) -> str:
    return str(uuid.uuid5(TEMPLATE_IDS, "/".join(parts)))
