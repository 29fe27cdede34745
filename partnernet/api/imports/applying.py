"""Writing a checked plan: every record of it in one transaction, or nothing. New
organisations are pending, and new places and offers of an approved organisation wait for
approval: residents see nothing new until staff approve it."""

import uuid
from collections import Counter
from collections.abc import Callable, Generator, Iterator

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from partnernet.api.imports.planning import Outcome, Plan
from partnernet.api.imports.records import OfferIn, OrganisationIn, PlaceIn
from partnernet.clock import local_today, utcnow
from partnernet.extensions import db
from partnernet.models import (
    Offer,
    OfferLanguage,
    OpeningPeriod,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    SupportPoint,
    Topic,
)
from partnernet.models.organisations import OFFER_MODES, offer_support_points
from partnernet.privacy.audit import record_event

STEP = 250  # records between two reports of progress


class NotReady(ValueError):
    """The plan has errors or undecided duplicates: nothing is written."""


def apply(plan: Plan, actor=None, progress: Callable[[int], None] | None = None) -> Counter:
    """Writes the plan; the count of each (kind, outcome). Raises NotReady, writing nothing,
    when the plan has errors or duplicates without a decision."""
    for done, _total in apply_in_steps(plan, actor):
        if progress:
            progress(done)
    return plan.counts()


def apply_in_steps(plan: Plan, actor=None) -> Iterator[tuple[int, int]]:
    """apply(), telling (records done, of how many) along the way; commits at the end."""
    if not plan.can_apply:
        raise NotReady
    bundle = plan.bundle
    total = len(bundle.organisations) + len(bundle.places) + len(bundle.offers)
    try:
        organisations = yield from _write(plan, "organisation", Organisation,
                                          bundle.organisations, _organisation, (0, total))
        places = yield from _write(
            plan, "place", SupportPoint, bundle.places,
            lambda record, imported: _place(record, imported, organisations),
            (len(bundle.organisations), total), selectinload(SupportPoint.opening_periods))
        topics = {topic.code: topic for topic in db.session.scalars(select(Topic))}
        offers = yield from _write(
            plan, "offer", Offer, bundle.offers,
            lambda record, imported: _offer(record, imported, organisations, places, topics),
            (len(bundle.organisations) + len(bundle.places), total),
            selectinload(Offer.topics), selectinload(Offer.languages),
            selectinload(Offer.support_points))
        _name_links(plan, offers, places)
        record_event("directory_import", object_type="import", object_id=bundle.format,
                     actor=actor)
        db.session.commit()
    except BaseException:  # also when the caller stops listening (GeneratorExit)
        db.session.rollback()
        raise
    yield total, total


def _write(plan: Plan, kind: str, model, imported: dict, copy, counted: tuple[int, int],
           *options) -> Generator[tuple[int, int], None, dict]:
    """Creates and updates the plan's records of one kind, telling (records done, of how
    many; `counted`: done before, and the total); returns every record the file names that we
    have (written or not), by the file's key."""
    before, total = counted
    lines = [line for line in plan.lines if line.kind == kind]
    existing_ids = [line.existing_id for line in lines if line.existing_id is not None]
    existing = {}
    for start in range(0, len(existing_ids), 500):
        for record in db.session.scalars(select(model).where(
                model.id.in_(existing_ids[start:start + 500])).options(*options)):
            existing[record.id] = record
    taken = _taken_public_ids(model, [line.key for line in lines
                                      if line.outcome == Outcome.CREATE])
    found = {}
    for done, line in enumerate(lines, 1):
        if line.outcome == Outcome.CREATE:
            # The file's UUID, unless one of ours has it already (then a new one).
            public_id = uuid.UUID(line.key)
            record = model(public_id=uuid.uuid4() if public_id in taken else public_id)
            db.session.add(record)
            copy(record, imported[line.key])
        elif line.existing_id is not None and line.outcome in (Outcome.UPDATE,
                                                               Outcome.UNCHANGED):
            record = existing[line.existing_id]
            if line.outcome == Outcome.UPDATE:
                copy(record, imported[line.key])
                # Also when only its hours, topics or places changed: the change feed tells.
                record.updated_at = utcnow()
        else:
            continue
        found[line.key] = record
        if done % STEP == 0:
            yield before + done, total
    db.session.flush()
    yield before + len(lines), total
    return found


def _name_links(plan: Plan, offers: dict, places: dict) -> None:
    """Each new offer at a place takes the UUID the file gives it there (HSDS
    service_at_location), when no other has it: an export read back names it as before."""
    wanted = [(offers[line.key].id, places[place_key].id, uuid.UUID(link_id))
              for line in plan.lines if line.kind == "offer" and line.outcome == Outcome.CREATE
              for place_key, link_id in plan.bundle.offers[line.key].link_ids.items()
              if place_key in places]
    taken: set[uuid.UUID] = set()
    for start in range(0, len(wanted), 500):
        taken.update(db.session.scalars(select(offer_support_points.c.public_id).where(
            offer_support_points.c.public_id.in_(
                [link_id for *_, link_id in wanted[start:start + 500]]))))
    rows = [{"offer": offer_id, "place": place_id, "link_id": link_id}
            for offer_id, place_id, link_id in wanted if link_id not in taken]
    if rows:
        db.session.execute(
            update(offer_support_points)
            .where(offer_support_points.c.offer_id == bindparam("offer"),
                   offer_support_points.c.support_point_id == bindparam("place"))
            .values(public_id=bindparam("link_id")), rows)


def _taken_public_ids(model, keys: list[str]) -> set[uuid.UUID]:
    taken: set[uuid.UUID] = set()
    for start in range(0, len(keys), 500):
        taken.update(db.session.scalars(select(model.public_id).where(model.public_id.in_(
            [uuid.UUID(key) for key in keys[start:start + 500]]))))
    return taken


def _organisation(record: Organisation, imported: OrganisationIn) -> None:
    if record.id is None:
        record.kind, record.status = OrganisationKind.OTHER, OrganisationStatus.PENDING
        record.language, record.imported_at = "nl", utcnow()
    record.name, record.description = imported.name, imported.description
    if imported.website:
        record.website = imported.website
    if imported.email:
        record.email, record.email_is_public = imported.email, True
    if imported.phone:
        record.phone = imported.phone


def _place(record: SupportPoint, imported: PlaceIn, organisations: dict) -> None:
    record.organisation = organisations[imported.organisation_key]
    if record.id is None and record.organisation.is_public:
        record.awaiting_approval = True  # its organisation's approval does not cover it
    record.name = imported.name
    if imported.has_address:
        record.street, record.house_number = imported.street, imported.house_number
        record.postcode, record.city = imported.postcode, imported.city
    if imported.latitude is not None and imported.longitude is not None:
        record.latitude, record.longitude = imported.latitude, imported.longitude
        record.location_is_approximate = imported.location_is_approximate
    if imported.wheelchair_accessible is not None:
        record.wheelchair_accessible = imported.wheelchair_accessible
    if imported.accessibility_note:
        record.accessibility_note = imported.accessibility_note
    if imported.phone and imported.phone != record.contact_phone:
        record.phone = imported.phone
    if imported.week != record.week:
        record.opening_periods = [OpeningPeriod(weekday=day, opens=opens, closes=closes)
                                  for day, opens, closes in sorted(imported.week)]
    record.hours_are_example = False
    record.assured_date = local_today()


def _offer(record: Offer, imported: OfferIn, organisations: dict, places: dict,
           topics: dict) -> None:
    record.organisation = organisations[imported.organisation_key]
    if record.id is None and record.organisation.is_public:
        record.awaiting_approval = True
    record.title, record.description = imported.title, imported.description
    record.audience = imported.audience
    for mode in OFFER_MODES:
        setattr(record, mode, mode in imported.modes)
    record.free_of_charge, record.cost_note = imported.free_of_charge, imported.cost_note
    record.topics = [topics[code] for code in imported.topics]
    kept = {language.code: language for language in record.languages}
    record.languages = [kept.get(code) or OfferLanguage(code=code)
                        for code in imported.languages]
    closed_down = [point for point in record.support_points if not point.active]  # not in files
    record.support_points = [places[key] for key in imported.place_keys if key in places] + [
        point for point in closed_down if point.public_id not in imported.place_keys]
    record.assured_date = imported.assured_date or local_today()
