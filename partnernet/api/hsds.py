"""Our records in the shape of Open Referral HSDS 3.0 (../shared/data/hsds-3.0): what the API
answers. Texts in the caller's language; only what residents may see."""

import uuid
from datetime import datetime

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from partnernet.models import Offer, OpeningPeriod, Organisation, SupportPoint, Topic
from partnernet.vocabulary import MODE_NAMES, language_name

HSDS_VERSION = "3.0"
# The one taxonomy: partnernet's topics. Fixed, so consumers can rely on it across releases.
TAXONOMY_ID = uuid.UUID("5b0f3c1e-5d7a-4c59-9a43-2f1b8e6d7c10")
TAXONOMY_NAME = "partnernet"
# Records HSDS gives an identity that we keep in a row of another (an offer's languages, a
# place's hours): their UUID is derived from the owner's UUID and what they hold, so it stays
# the same as long as they do.
DERIVED_IDS = uuid.UUID("0d6c1f4e-8a53-4b8e-9b0e-52f7a3c1d2e4")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def taxonomy() -> dict:
    return {"id": str(TAXONOMY_ID), "name": TAXONOMY_NAME,
            "description": _("The kinds of help residents can find in partnernet, such as "
                             "DigiD, forms of the municipality or money matters."),
            "version": "1"}


def taxonomy_term(topic: Topic) -> dict:
    language = _language()
    name = topic.name(language)
    return {"id": str(topic.public_id), "code": topic.code, "name": name,
            "description": _("Help with: %(topic)s", topic=name),
            "taxonomy": TAXONOMY_NAME, "taxonomy_id": str(TAXONOMY_ID),
            "language": language}


def organization(organisation: Organisation) -> dict:
    """What residents see of an approved organisation: never its contact person, and its
    e-mail address only when it made that public."""
    found = {"id": str(organisation.public_id), "name": organisation.name,
             "description": organisation.description,
             "uri": url_for("directory.organisation", organisation_id=organisation.public_id,
                            _external=True)}
    if organisation.website:
        found["website"] = organisation.website
    if organisation.public_email:
        found["email"] = organisation.public_email
    return found


def service(offer: Offer, changed_at: datetime) -> dict:
    """An offer's own fields (HSDS service_list), with its organisation."""
    found = {"id": str(offer.public_id), "organization_id": str(offer.organisation.public_id),
             "name": offer.title, "description": offer.description,
             "url": url_for("directory.offer", offer_id=offer.public_id, _external=True),
             "status": "active", "fees_description": _fees(offer),
             "assured_date": offer.confirmed_on().isoformat(),
             "last_modified": changed_at.isoformat(),
             "organization": organization(offer.organisation)}
    if offer.audience:
        found["eligibility_description"] = offer.audience
    if offer.modes:
        found["application_process"] = application_process(offer.modes)
    return found


def tombstone(offer: Offer, changed_at: datetime) -> dict:
    """An offer residents no longer see, in a change feed: which one, that it is gone (paused
    by its organisation, or its organisation no longer listed), and since when; nothing
    more."""
    return {"id": str(offer.public_id), "name": "",
            "status": "temporarily closed" if offer.organisation.is_public else "inactive",
            "last_modified": changed_at.isoformat()}


def full_service(offer: Offer, changed_at: datetime, places: list[SupportPoint],
                 link_ids: dict[tuple[int, int], uuid.UUID]) -> dict:
    """An offer with everything HSDS nests in a service: languages, topics (as attributes),
    cost, and each place where it is given with that place's hours."""
    service_id = str(offer.public_id)
    return {**service(offer, changed_at),
            "languages": [_language_of(offer, code) for code in offer.language_codes],
            "attributes": [_topic_attribute(offer, topic) for topic in offer.topics
                           if topic.active],
            "cost_options": [_cost_option(offer)],
            "service_at_locations": [
                {"id": str(link_ids[offer.id, place.id]), "service_id": service_id,
                 "location_id": str(place.public_id), "location": full_location(place)}
                for place in places],
            "phones": [], "schedules": [], "service_areas": [], "contacts": [],
            "funding": [], "required_documents": []}


def service_at_location(link_id: uuid.UUID, offer: Offer, place: SupportPoint,
                        changed_at: datetime) -> dict:
    """The offer as given at one place (HSDS service_at_location_list)."""
    return {"id": str(link_id), "service_id": str(offer.public_id),
            "location_id": str(place.public_id), "location": location(place),
            "service": _without(service(offer, changed_at), "organization")}


def full_service_at_location(link_id: uuid.UUID, offer: Offer, place: SupportPoint,
                             changed_at: datetime) -> dict:
    return {**service_at_location(link_id, offer, place, changed_at),
            "location": full_location(place), "schedules": [], "phones": [], "contacts": []}


def location(place: SupportPoint) -> dict:
    """A support point's own fields (HSDS location, one-to-one)."""
    return {"id": str(place.public_id), "location_type": "physical",
            "organization_id": str(place.organisation.public_id), "name": place.name,
            "url": url_for("directory.point", point_id=place.public_id, _external=True),
            "latitude": place.latitude, "longitude": place.longitude}


def full_location(place: SupportPoint) -> dict:
    """A support point with its address, accessibility, phone and opening hours."""
    own = derived(place.public_id)
    found = {**location(place), "addresses": [], "accessibility": [], "phones": [],
             "languages": [], "contacts": [],
             "schedules": [_schedule(place, period) for period in place.opening_periods]}
    if place.has_street_address:
        found["addresses"].append({
            "id": own("address"), "location_id": str(place.public_id),
            "address_1": f"{place.street} {place.house_number}", "city": place.city,
            "state_province": "", "postal_code": place.postcode or "", "country": "NL",
            "address_type": "physical"})
    if place.wheelchair_accessible is not None or place.accessibility_note:
        found["accessibility"].append(_accessibility(place))
    if place.contact_phone:
        found["phones"].append({"id": own("phone"), "location_id": str(place.public_id),
                                "number": place.contact_phone})
    return found


def _accessibility(place: SupportPoint) -> dict:
    found = {"id": derived(place.public_id)("accessibility"),
             "location_id": str(place.public_id)}
    if place.wheelchair_accessible is not None:
        found["description"] = wheelchair_description(place.wheelchair_accessible)
    if place.accessibility_note:
        found["details"] = place.accessibility_note
    return found


def _schedule(place: SupportPoint, period: OpeningPeriod) -> dict:
    """One opening period as a weekly recurrence, in local (Amsterdam) time."""
    opens, closes = period.opens.strftime("%H:%M"), period.closes.strftime("%H:%M")
    day = WEEKDAYS[period.weekday]
    return {"id": derived(place.public_id)("hours", day, opens, closes),
            "location_id": str(place.public_id), "freq": "WEEKLY", "wkst": "MO",
            "byday": day, "opens_at": opens, "closes_at": closes,
            "description": schedule_description(period.weekday, opens, closes)}


def _language_of(offer: Offer, code: str) -> dict:
    return {"id": derived(offer.public_id)("language", code),
            "service_id": str(offer.public_id), "name": language_name(code), "code": code}


def _topic_attribute(offer: Offer, topic: Topic) -> dict:
    return {"id": derived(offer.public_id)("topic", topic.public_id),
            "link_id": str(offer.public_id), "link_type": "topic", "link_entity": "service",
            "taxonomy_term_id": str(topic.public_id), "value": topic.code,
            "taxonomy_term": taxonomy_term(topic)}


def _cost_option(offer: Offer) -> dict:
    found = {"id": derived(offer.public_id)("cost"), "service_id": str(offer.public_id),
             "amount_description": _fees(offer)}
    if offer.free_of_charge:
        found.update(amount=0, currency="EUR")
    return found


def _fees(offer: Offer) -> str:
    return fees(offer.free_of_charge, offer.cost_note)


def fees(free_of_charge: bool, cost_note: str | None) -> str:
    """HSDS fees_description: what the help costs, in the caller's language."""
    if free_of_charge:
        return _("Free")
    return cost_note or _("Ask the organisation")


def application_process(modes) -> str:
    """How residents get the help (walk in, by appointment, ...), in the caller's language."""
    return "; ".join(str(MODE_NAMES[mode]) for mode in modes)


def wheelchair_description(accessible: bool) -> str:
    return _("Wheelchair accessible") if accessible else _("Not wheelchair accessible")


def schedule_description(weekday: int, opens: str, closes: str) -> str:
    return _("%(day)s from %(opens)s to %(closes)s (Dutch time)",
             day=get_locale().days["format"]["wide"][weekday].capitalize(),
             opens=opens, closes=closes)


def derived(owner: uuid.UUID):
    """Names the records an owner holds: derived(offer_id)("language", "nl")."""
    return lambda *parts: str(uuid.uuid5(DERIVED_IDS, "/".join(map(str, (owner, *parts)))))


def _without(record: dict, key: str) -> dict:
    return {name: value for name, value in record.items() if name != key}


def _language() -> str:
    return str(get_locale())
