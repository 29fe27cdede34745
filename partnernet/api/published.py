"""What the API publishes, as queries: only what residents may see (approved organisations;
active offers given at active places), in a stable order so pages do not shift.

A list is a Listing: a query of each record's key alone, with the filters and the order and
nothing more, so counting and paging it reads little; then the page's records are loaded
whole, by their keys (what is computed per record, such as when a service last changed, is
computed for that page alone)."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from flask_babel import get_locale
from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import join, joinedload, selectinload

from partnernet.extensions import db
from partnernet.geo.spatial import distance_km_from, within_km
from partnernet.models import Offer, Organisation, SupportPoint, Topic
from partnernet.models.organisations import offer_support_points, offer_topics


class Listing(NamedTuple):
    keys: Select  # each record's key, in the list's order
    load: Callable[[Sequence], list[tuple]]  # the rows of these keys, in their order


def organisations(search: str | None = None) -> Listing:
    """Approved organisations by name; `search`: those whose name holds it."""
    keys = select(Organisation.id).where(Organisation.is_public).order_by(
        Organisation.name, Organisation.id)
    if search:
        keys = keys.where(_holds(Organisation.name, search))
    return Listing(keys, _loader(Organisation.id, Organisation))


def organisation_or_none(public_id: uuid.UUID) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.public_id == public_id,
                                                        Organisation.is_public))


def topics(search: str | None = None) -> Listing:
    """The topics residents can choose, in the taxonomy's order; `search`: those whose name in
    the caller's language holds it."""
    keys = select(Topic.id).where(Topic.active.is_(True)).order_by(Topic.position, Topic.id)
    if search:
        keys = keys.where(_holds(Topic.name_en if _language() == "en" else Topic.name_nl,
                                 search))
    return Listing(keys, _loader(Topic.id, Topic))


def topic_or_none(public_id: uuid.UUID) -> Topic | None:
    return db.session.scalar(select(Topic).where(Topic.public_id == public_id,
                                                 Topic.active.is_(True)))


@dataclass(frozen=True)
class Near:
    """Around a place: within `km` of it, nearest first."""

    latitude: float
    longitude: float
    km: float

    def within(self):
        return within_km(self.latitude, self.longitude, self.km)

    def distance_km(self):
        return distance_km_from(self.latitude, self.longitude)


@dataclass(frozen=True)
class ServiceFilters:
    """What a consumer narrows services (and services at locations) to; None: everything."""

    search: str | None = None
    topic_id: uuid.UUID | None = None
    any_topic: bool = False  # the taxonomy was named: offers with at least one term
    organisation_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    near: Near | None = None

    @property
    def is_change_feed(self) -> bool:
        """What changed since a moment, of everything or of one organisation: removals come
        too (the offers no longer shown, as tombstones), in the order of the changes. A feed
        narrowed by text or topic leaves them out: which hidden offers match would tell what
        residents may not see."""
        return (self.modified_after is not None and self.near is None
                and not (self.search or self.topic_id or self.any_topic))

    def conditions(self) -> list:
        found = []
        if self.search:
            found.append(or_(_holds(Offer.title, self.search),
                             _holds(Offer.description, self.search)))
        if self.topic_id is not None:
            found.append(exists().where(offer_topics.c.offer_id == Offer.id,
                                        offer_topics.c.topic_id == Topic.id,
                                        Topic.public_id == self.topic_id))
        elif self.any_topic:
            found.append(exists().where(offer_topics.c.offer_id == Offer.id))
        if self.organisation_id is not None:
            found.append(Offer.organisation_id.in_(select(Organisation.id).where(
                Organisation.public_id == self.organisation_id)))
        if self.modified_after is not None:
            found.append(service_changed_at() >= self.modified_after)
        return found


def fully_described() -> tuple:
    """What a fully described service shows beyond its own row, loaded for a page at once.
    Built when asked: loader options set up every mapper, which the app's start does without."""
    return (selectinload(Offer.topics), selectinload(Offer.languages),
            selectinload(Offer.support_points).selectinload(SupportPoint.opening_periods),
            selectinload(Offer.support_points).joinedload(SupportPoint.organisation))


def service_changed_at():
    """When what the API shows of an offer last changed: the offer, its organisation or a place
    where it is given (the later of the three)."""
    places_changed = select(func.max(SupportPoint.updated_at)).join(
        offer_support_points, offer_support_points.c.support_point_id == SupportPoint.id,
    ).where(offer_support_points.c.offer_id == Offer.id).scalar_subquery()
    organisation_changed = select(Organisation.updated_at).where(
        Organisation.id == Offer.organisation_id).scalar_subquery()
    return _latest(_latest(Offer.updated_at, organisation_changed),
                   func.coalesce(places_changed, Offer.updated_at))


def services(filters: ServiceFilters, fully: bool = False) -> Listing:
    """Shown offers by title (near a place: those given there, nearest first; a change feed:
    with those no longer shown, by the moment they changed), as (offer, when it last changed),
    with the offer's organisation; `fully`: with all HSDS nests in a service (topics,
    languages, places with their hours)."""
    if filters.is_change_feed:
        keys = (select(Offer.id).where(*filters.conditions())
                .order_by(service_changed_at(), Offer.id))
    elif filters.near is None:
        keys = (select(Offer.id).where(Offer.is_shown, *filters.conditions())
                .order_by(Offer.title, Offer.id))
    else:
        nearest = (select(offer_support_points.c.offer_id.label("offer_id"),
                          func.min(filters.near.distance_km()).label("km"))
                   .join(SupportPoint,
                         SupportPoint.id == offer_support_points.c.support_point_id)
                   .where(SupportPoint.is_shown, filters.near.within())
                   .group_by(offer_support_points.c.offer_id).subquery())
        keys = (select(Offer.id).where(Offer.is_shown, *filters.conditions())
                .join(nearest, nearest.c.offer_id == Offer.id)
                .order_by(nearest.c.km, Offer.title, Offer.id))
    return Listing(keys, _loader(
        Offer.id, Offer, service_changed_at(),
        options=(joinedload(Offer.organisation), *(fully_described() if fully else ()))))


def service_or_none(public_id: uuid.UUID):
    """(offer, when it last changed) with all the API shows of it, or None when not shown."""
    listing = services(ServiceFilters(), fully=True)
    found = db.session.scalars(listing.keys.where(Offer.public_id == public_id)).all()
    return listing.load(found)[0] if found else None


def services_at_locations(filters: ServiceFilters, fully: bool = False) -> Listing:
    """Each shown offer at each shown place where it is given, as (its UUID, offer, place,
    when the offer last changed), by the offer's title and the place's name (near a place:
    those there, nearest first); `fully`: with each place's hours."""
    link_id = offer_support_points.c.public_id
    keys = (select(link_id)
            .join(Offer, Offer.id == offer_support_points.c.offer_id)
            .join(SupportPoint, SupportPoint.id == offer_support_points.c.support_point_id)
            .where(Offer.is_shown, SupportPoint.is_shown, *filters.conditions()))
    if filters.near is not None:
        keys = keys.where(filters.near.within()).order_by(filters.near.distance_km())
    keys = keys.order_by(Offer.title, Offer.id, SupportPoint.name, SupportPoint.id)
    return Listing(keys, _loader(
        link_id, link_id, Offer, SupportPoint, service_changed_at(),
        source=join(offer_support_points, Offer, Offer.id == offer_support_points.c.offer_id)
        .join(SupportPoint, SupportPoint.id == offer_support_points.c.support_point_id),
        options=(joinedload(Offer.organisation),
                 *((selectinload(SupportPoint.opening_periods),) if fully else ()))))


def service_at_location_or_none(public_id: uuid.UUID):
    """(its UUID, offer, place, when the offer last changed) with all the API shows of them,
    or None when not shown."""
    listing = services_at_locations(ServiceFilters(), fully=True)
    found = db.session.scalars(
        listing.keys.where(offer_support_points.c.public_id == public_id)).all()
    return listing.load(found)[0] if found else None


def shown_places(offer: Offer) -> list[SupportPoint]:
    return [point for point in offer.support_points if point.is_shown]


def place_link_ids(offers: list[Offer]) -> dict[tuple[int, int], uuid.UUID]:
    """The UUID of each offer as given at each of its places, by (offer id, place id)."""
    rows = db.session.execute(
        select(offer_support_points.c.offer_id, offer_support_points.c.support_point_id,
               offer_support_points.c.public_id)
        .where(offer_support_points.c.offer_id.in_([offer.id for offer in offers])))
    return {(offer_id, point_id): link_id for offer_id, point_id, link_id in rows}


def _loader(key, *selected, source=None, options=()):
    """Loads the rows of a page's keys (values of the column `key`), in the keys' order: each
    row is `selected`, from `source` (by default what they are columns of)."""
    query = select(key.label("key"), *selected).options(*options)
    if source is not None:
        query = query.select_from(source)

    def load(keys: Sequence) -> list[tuple]:
        if not keys:
            return []
        found = {row[0]: tuple(row[1:]) for row in db.session.execute(
            query.where(key.in_(keys)))}
        return [found[each] for each in keys]
    return load


def _latest(first, second):
    """The later of two moments, on every database (SQLite has no GREATEST)."""
    return case((first >= second, first), else_=second)


def _holds(column, search: str):
    """The column holds the searched text, in any case; % and _ are plain characters."""
    return func.lower(column).contains(search.lower(), autoescape=True)


def _language() -> str:
    return str(get_locale())
