"""The dry run: what importing a bundle would do to each record, before anything is written.

Each organisation, place and offer of the file becomes a Line: created, updated (with the
fields that change), unchanged, an error (with the row, the field and the reason), or a
likely duplicate of a record we have (same name or website; a place with the same postcode
and house number, or the same name within 200 m), which waits for a decision: skip it,
update the existing record with it (merge), or create it anyway."""

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from partnernet.api.imports.records import Bundle, OfferIn, OrganisationIn, PlaceIn, Problem
from partnernet.extensions import db
from partnernet.geo import geocode_point
from partnernet.geo.search import distance_km
from partnernet.models import Offer, Organisation, SupportPoint, Topic

DUPLICATE_WITHIN_KM = 0.2

CHUNK = 500


class Outcome(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    SKIP = "skip"  # a duplicate the importer chose to leave out, or what belongs to one
    ERROR = "error"


# What belongs to an organisation left out (or not yet decided on) is left out too.
LEFT_OUT = (Outcome.SKIP, Outcome.ERROR, Outcome.DUPLICATE)


class Decision(StrEnum):
    """What to do with a likely duplicate."""

    ASK = "ask"
    SKIP = "skip"
    MERGE = "merge"
    CREATE = "create"


@dataclass
class Line:
    kind: str  # "organisation", "place" or "offer"
    key: str
    name: str
    source: object
    outcome: Outcome = Outcome.CREATE
    problems: list[Problem] = field(default_factory=list)
    existing_id: int | None = None  # what it updates (or, a duplicate, what it resembles)
    existing_name: str = ""
    changes: tuple[str, ...] = ()


@dataclass
class Plan:
    bundle: Bundle
    lines: list[Line]

    def counts(self) -> Counter:
        return Counter((line.kind, line.outcome) for line in self.lines)

    @property
    def problems(self) -> list[Problem]:
        """Everything wrong, once each, in the file's order: what reading found (also in
        records that could not be made) and what the comparison found."""
        found = [*self.bundle.problems,
                 *(problem for line in self.lines for problem in line.problems)]
        unique = {(problem.source, problem.field, str(problem.reason)): problem
                  for problem in found}
        return sorted(unique.values(), key=lambda problem: (problem.source.file,
                                                            problem.source.row))

    @property
    def undecided(self) -> list[Line]:
        return [line for line in self.lines if line.outcome == Outcome.DUPLICATE]

    @property
    def can_apply(self) -> bool:
        return not self.bundle.problems and not any(line.problems for line in self.lines) \
            and not self.undecided


def plan(bundle: Bundle, decide: Decision | Callable[[Line], Decision] = Decision.ASK,
         progress: Callable[[int], None] | None = None) -> Plan:
    """What importing the bundle does; `decide`: what to do with each likely duplicate (one
    answer for all, or one per line); `progress(records done)` is told along the way."""
    decision = decide if callable(decide) else (lambda line: decide)
    by_source = defaultdict(list)
    for problem in bundle.problems:
        by_source[problem.source].append(problem)
    lines = list(_organisations(bundle, by_source, decision))
    organisations = {line.key: line for line in lines}
    for line in _places(bundle, by_source, decision, organisations):
        lines.append(line)
        _tell(progress, len(lines))
    by_kind = {(line.kind, line.key): line for line in lines}
    for line in _offers(bundle, by_source, _topics(), by_kind):
        lines.append(line)
        _tell(progress, len(lines))
    if progress:
        progress(len(lines))
    return Plan(bundle, lines)


def _tell(progress: Callable[[int], None] | None, done: int) -> None:
    if progress and done % 100 == 0:
        progress(done)


def record_count(bundle: Bundle) -> int:
    return len(bundle.organisations) + len(bundle.places) + len(bundle.offers)


# Organisations

def _organisations(bundle: Bundle, by_source, decision) -> Iterable[Line]:
    existing = _by_public_id(Organisation, bundle.organisations)
    names, websites = _organisation_index()
    for key, organisation in bundle.organisations.items():
        line = Line("organisation", key, organisation.name, organisation.source,
                    problems=list(by_source.get(organisation.source, [])))
        found = existing.get(key)
        if line.problems:
            line.outcome = Outcome.ERROR
        elif found is not None:
            _compare(line, found, _organisation_changes(found, organisation))
        else:
            similar = (names.get(_plain(organisation.name))
                       or websites.get(_site(organisation.website or "")))
            if similar is not None:
                _duplicate(line, similar, decision,
                           partial(_organisation_changes, imported=organisation))
        yield line


def _organisation_index():
    names: dict[str, Organisation] = {}
    websites: dict[str, Organisation] = {}
    for record in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        names.setdefault(_plain(record.name), record)
        if record.website:
            websites.setdefault(_site(record.website), record)
    websites.pop("", None)
    return names, websites


def _organisation_changes(record: Organisation, imported: OrganisationIn) -> list[str]:
    changes = _differences(record, imported, ("name", "description"))
    if imported.website and imported.website != record.website:
        changes.append("website")
    if imported.email and imported.email != record.public_email:
        changes.append("email")
    if imported.phone and imported.phone != record.phone:
        changes.append("phone")
    return changes


# Places

def _places(bundle: Bundle, by_source, decision, organisation_lines) -> Iterable[Line]:
    existing = _by_public_id(SupportPoint, bundle.places,
                             selectinload(SupportPoint.opening_periods),
                             joinedload(SupportPoint.organisation))
    at_address, by_name = _place_index(bundle.places.values())
    for key, place in bundle.places.items():
        line = Line("place", key, place.name, place.source,
                    problems=list(by_source.get(place.source, [])))
        owner = organisation_lines.get(place.organisation_key)
        found = existing.get(key)
        if not line.problems:
            line.problems.extend(_place_problems(place, owner, found))
        if line.problems:
            line.outcome = Outcome.ERROR
        elif owner is not None and owner.outcome in LEFT_OUT:
            line.outcome = Outcome.SKIP
        elif found is not None:
            _compare(line, found, _place_changes(found, place))
        else:
            similar = at_address.get((place.postcode, _plain(place.house_number or ""))) \
                if place.postcode and place.house_number else None
            similar = similar or _near_by_name(by_name.get(_plain(place.name), []), place)
            if similar is not None:
                _duplicate(line, similar, decision, partial(_place_changes, imported=place))
        yield line


def _place_problems(place: PlaceIn, owner: Line | None,
                    found: SupportPoint | None) -> list[Problem]:
    """Its organisation is unknown, its id is another organisation's place's, or its address
    cannot be found (then it is placed where the geocoder says)."""
    owner_id = (owner.existing_id if owner is not None
                else _existing_organisation_id(place.organisation_key))
    if owner is None and owner_id is None:
        return [Problem(place.source, "organization_id", _l(
            "No organisation with this id, in the file or in partnernet."))]
    if found is not None and found.organisation_id != owner_id:
        return [Problem(place.source, "id", _l(
            "This id belongs to a place of another organisation."))]
    moved = found is None or (place.has_address and _address_of(found) != _address_of(place))
    if place.latitude is None and moved and not geocode_point(place):
        return [Problem(place.source, "address", _l(
            "This address was not found. Check it, or give latitude and longitude."))]
    return []


def _place_index(places: Iterable[PlaceIn]):
    """Our places at the file's addresses, and our places with the file's names."""
    places = list(places)
    at_address: dict[tuple, SupportPoint] = {}
    by_name: dict[str, list[SupportPoint]] = defaultdict(list)
    postcodes = sorted({place.postcode for place in places if place.postcode})
    names = sorted({_plain(place.name) for place in places})
    for chunk in _chunks(postcodes):
        for record in db.session.scalars(select(SupportPoint).where(
                SupportPoint.postcode.in_(chunk)).order_by(SupportPoint.id)):
            at_address.setdefault((record.postcode, _plain(record.house_number or "")), record)
    for chunk in _chunks(names):
        for record in db.session.scalars(select(SupportPoint).where(
                func.lower(SupportPoint.name).in_(chunk)).order_by(SupportPoint.id)):
            by_name[_plain(record.name)].append(record)
    return at_address, by_name


def _near_by_name(records: list[SupportPoint], place: PlaceIn) -> SupportPoint | None:
    if place.latitude is None or place.longitude is None:
        return None
    for record in records:
        if distance_km(record.latitude, record.longitude, place.latitude,
                       place.longitude) <= DUPLICATE_WITHIN_KM:
            return record
    return None


def _place_changes(record: SupportPoint, imported: PlaceIn) -> list[str]:
    changes = _differences(record, imported, ("name",))
    if imported.has_address:
        changes += _differences(record, imported, ("street", "house_number", "postcode",
                                                   "city"))
    if imported.latitude is not None and (
            round(imported.latitude, 6), round(imported.longitude or 0, 6)) != (
            round(record.latitude, 6), round(record.longitude, 6)):
        changes.append("location")
    if imported.wheelchair_accessible is not None and \
            imported.wheelchair_accessible != record.wheelchair_accessible:
        changes.append("wheelchair_accessible")
    if imported.accessibility_note and imported.accessibility_note != record.accessibility_note:
        changes.append("accessibility_note")
    if imported.phone and imported.phone != record.contact_phone:
        changes.append("phone")
    if imported.week != record.week:
        changes.append("hours")
    return changes


def _address_of(place) -> tuple:
    return place.street or "", place.house_number or "", place.postcode or "", place.city or ""


# Offers

def _offers(bundle: Bundle, by_source, topics, lines) -> Iterable[Line]:
    existing = _by_public_id(Offer, bundle.offers, selectinload(Offer.topics),
                             selectinload(Offer.languages), selectinload(Offer.support_points))
    for key, offer in bundle.offers.items():
        line = Line("offer", key, offer.title, offer.source,
                    problems=list(by_source.get(offer.source, [])))
        owner = lines.get(("organisation", offer.organisation_key))
        owner_id = (owner.existing_id if owner is not None
                    else _existing_organisation_id(offer.organisation_key))
        if owner is None and owner_id is None:
            line.problems.append(Problem(offer.source, "organization_id", _l(
                "No organisation with this id, in the file or in partnernet.")))
        found = existing.get(key)
        if found is not None and owner_id is not None and found.organisation_id != owner_id:
            line.problems.append(Problem(offer.source, "id", _l(
                "This id belongs to an offer of another organisation.")))
        offer.topics = tuple(dict.fromkeys(_topic_codes(line, offer, topics)))
        for place_key in offer.place_keys:
            place = lines.get(("place", place_key))
            if place is not None and bundle.places[place_key].organisation_key != \
                    offer.organisation_key:
                line.problems.append(Problem(offer.source, "location_id", _l(
                    "A place of another organisation.")))
        if line.problems:
            line.outcome = Outcome.ERROR
        elif owner is not None and owner.outcome in LEFT_OUT:
            line.outcome = Outcome.SKIP
        elif found is not None:
            _compare(line, found, _offer_changes(found, offer, lines))
        yield line


def _topic_codes(line: Line, offer: OfferIn, topics) -> Iterable[str]:
    """Our topic for each the offer names: by its UUID, else by its code."""
    by_public_id = {str(public_id): code for code, (_, public_id) in topics.items()}
    for named in offer.topic_refs:
        code = by_public_id.get(named.term_id or "") or named.code
        if code is not None and code in topics:
            yield code
        else:
            line.problems.append(Problem(offer.source, "topics", _l(
                "Unknown topic: %(topic)s. partnernet knows: %(known)s.",
                topic=str(named), known=", ".join(sorted(topics)))))


def _offer_changes(record: Offer, imported: OfferIn, lines) -> list[str]:
    changes = _differences(record, imported, ("title", "description", "audience",
                                              "free_of_charge", "cost_note"))
    if set(record.modes) != set(imported.modes):
        changes.append("modes")
    if {topic.code for topic in record.topics} != set(imported.topics):
        changes.append("topics")
    if set(record.language_codes) != set(imported.languages):
        changes.append("languages")
    if imported.assured_date and imported.assured_date != record.assured_date:
        changes.append("assured_date")
    places = {lines[("place", key)].existing_id for key in imported.place_keys
              if ("place", key) in lines}
    if None in places or places != {point.id for point in record.support_points
                                    if point.active}:
        changes.append("places")
    return changes


# Shared

def _compare(line: Line, record, changes: list[str]) -> None:
    line.existing_id, line.existing_name = record.id, _name_of(record)
    line.changes = tuple(changes)
    line.outcome = Outcome.UPDATE if changes else Outcome.UNCHANGED


def _duplicate(line: Line, record, decision, changes_of) -> None:
    line.existing_id, line.existing_name = record.id, _name_of(record)
    line.outcome = Outcome.DUPLICATE
    chosen = decision(line)
    if chosen == Decision.SKIP:
        line.outcome = Outcome.SKIP
    elif chosen == Decision.MERGE:
        _compare(line, record, changes_of(record))
    elif chosen == Decision.CREATE:
        line.existing_id, line.outcome = None, Outcome.CREATE


def _name_of(record) -> str:
    return getattr(record, "title", None) or record.name


def _differences(record, imported, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if (getattr(record, name) or None) !=
            (getattr(imported, name) or None)]


def _by_public_id(model, records: dict, *options) -> dict:
    found = {}
    keys = [uuid.UUID(key) for key in records]
    for chunk in _chunks(keys):
        for record in db.session.scalars(select(model).where(model.public_id.in_(chunk))
                                         .options(*options)):
            found[str(record.public_id)] = record
    return found


def _existing_organisation_id(key: str) -> int | None:
    try:
        public_id = uuid.UUID(key)
    except ValueError:
        return None
    return db.session.scalar(select(Organisation.id).where(Organisation.public_id == public_id))


def _topics() -> dict[str, tuple[int, uuid.UUID]]:
    return {code: (topic_id, public_id) for code, topic_id, public_id in db.session.execute(
        select(Topic.code, Topic.id, Topic.public_id).where(Topic.active.is_(True)))}


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def _site(website: str) -> str:
    """A website without its scheme, "www." and trailing slash: the same site."""
    site = re.sub(r"^[a-z]+://", "", website.strip().lower()).removeprefix("www.")
    return site.rstrip("/")


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]
