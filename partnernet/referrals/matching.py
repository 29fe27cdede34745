"""Which offers fit a referral, best first, and why."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, literal, select
from sqlalchemy.orm import selectinload

from partnernet.clock import LOCAL_TIMEZONE, local_today, utcnow
from partnernet.extensions import db
from partnernet.geo import locator
from partnernet.geo.search import distance_km
from partnernet.models import (
    Offer,
    OfferLanguage,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralState,
    User,
)
from partnernet.models.organisations import offer_topics
from partnernet.models.referral_queries import someone_can_act_for

# Referrals that use up a place in an offer's weekly capacity.
TAKING_A_PLACE = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.UNREACHABLE,
                  ReferralState.COMPLETED)
PROPOSED_AT_MOST = 10


@dataclass
class Proposal:
    offer: Offer
    distance_km: float | None
    places_left: int | None  # None: the offer sets no weekly limit
    reasons: list[str] = field(default_factory=list)


def week_start(moment: datetime) -> datetime:
    """Monday 0:00 local time of the moment's week: weekly capacity counts from there."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0,
                                                                 microsecond=0)
    return monday.astimezone(moment.tzinfo)


def propose(referral: Referral, topic_name: str | None) -> list[Proposal]:
    """Offers of approved organisations that take referrals and have someone to act on them,
    help with the referral's topic and speak the resident's language, with room this week;
    nearest first. Partners that declined this referral, or hold it now, are left out."""
    offers = db.session.scalars(
        select(Offer)
        .where(Offer.takes_referrals, someone_can_act_for(Offer.organisation_id),
               Offer.organisation_id.not_in(_declined_or_holding(referral)),
               Offer.id.in_(select(OfferLanguage.offer_id).where(
                   OfferLanguage.code == referral.language)),
               *([Offer.id.in_(select(offer_topics.c.offer_id).where(
                   offer_topics.c.topic_id == referral.topic_id))] if referral.topic_id else []))
        .options(selectinload(Offer.support_points), selectinload(Offer.organisation))
    ).all()
    taken = _places_taken({offer.id for offer in offers})
    home = _resident_location(referral)
    proposals = []
    for offer in offers:
        left = _places_left(offer, taken)
        if left is not None and left <= 0:
            continue
        proposals.append(_proposal(offer, left, home, referral, topic_name))
    proposals.sort(key=lambda p: (p.distance_km is None, p.distance_km or 0, p.offer.title))
    return proposals[:PROPOSED_AT_MOST]


def _declined_or_holding(referral: Referral):
    """The organisations that declined this referral, and the one holding it now."""
    declined = (select(User.organisation_id).join(ReferralEvent, ReferralEvent.actor_id == User.id)
                .where(ReferralEvent.referral_id == referral.id,
                       ReferralEvent.to_state == ReferralState.DECLINED,
                       User.organisation_id.is_not(None)))
    if referral.is_with_partner and referral.organisation_id is not None:
        return declined.union(select(literal(referral.organisation_id)))
    return declined


def all_taking_referrals() -> list[Offer]:
    """Every offer staff may send a referral to (someone can act on it), by organisation: the
    choice beyond the proposals."""
    return list(db.session.scalars(
        select(Offer).join(Organisation, Offer.organisation_id == Organisation.id)
        .where(Offer.takes_referrals, someone_can_act_for(Offer.organisation_id))
        .options(selectinload(Offer.organisation))
        .order_by(func.lower(Organisation.name), Offer.title)))


def has_room(offer: Offer) -> bool:
    """Room for one more referral this week (checked again when staff send: a proposal can
    fill up while the page is open)."""
    left = _places_left(offer, _places_taken({offer.id}))
    return left is None or left > 0


def _places_left(offer: Offer, taken: dict[int, int]) -> int | None:
    """Places left this week; None: the offer sets no weekly limit. None are left once its
    partner declined a referral for lack of room this week."""
    if offer.full_until is not None and offer.full_until >= local_today():
        return 0
    if offer.weekly_referral_capacity is None:
        return None
    return offer.weekly_referral_capacity - taken.get(offer.id, 0)


def _places_taken(offer_ids: set[int]) -> dict[int, int]:
    if not offer_ids:
        return {}
    rows = db.session.execute(
        select(Referral.offer_id, func.count())
        .where(Referral.offer_id.in_(offer_ids), Referral.state.in_(TAKING_A_PLACE),
               Referral.sent_at >= week_start(utcnow()))
        .group_by(Referral.offer_id)
    ).all()
    return {offer_id: count for offer_id, count in rows if offer_id is not None}


def _resident_location(referral: Referral) -> tuple[float, float] | None:
    """The centre of the resident's postcode area, from the offline gazetteer only: the
    resident's postcode is never sent to an online geocoder."""
    found = locator().gazetteer.geocode(referral.postcode_area or "")
    return (found.latitude, found.longitude) if found else None


def _proposal(offer: Offer, left: int | None, home: tuple[float, float] | None,
              referral: Referral,
              topic_name: str | None) -> Proposal:
    places = [point for point in offer.support_points if point.is_shown]
    distance = None
    if home and places:
        latitude, longitude = home
        distance = min(distance_km(latitude, longitude, point.latitude, point.longitude)
                       for point in places)
    reasons = []
    if topic_name:
        reasons.append(_("Helps with %(topic)s", topic=topic_name))
    reasons.append(_("Speaks the resident's language"))
    reasons.append(_("No weekly limit") if left is None else
                   _("%(left)d of %(capacity)d places left this week", left=left,
                     capacity=offer.weekly_referral_capacity))
    return Proposal(offer=offer, distance_km=distance, places_left=left, reasons=reasons)
