"""What a search means: where the resident is, what fits, and what to tell them."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.geo import locator, map_settings
from partnernet.geo.maps import EmbeddedMap, MapMarker, results_map
from partnernet.geo.search import Results, SearchFilters, nearest_support_points
from partnernet.models import (
    InformationReport,
    Offer,
    Organisation,
    ReportSubject,
    SupportPoint,
)
from partnernet.notify import listings
from partnernet.settings import site_settings

if TYPE_CHECKING:
    from partnernet.geo.geocoders import Place

MAX_ECHO = 60  # characters of the resident's query repeated in a message
MAX_SLIPS = 10  # places printed at once from a search, one A4 page each


@dataclass
class SearchOutcome:
    place: "Place | None" = None
    results: Results | None = None
    notices: list[str] = field(default_factory=list)
    problem: str | None = None
    suggestions: list[str] = field(default_factory=list)  # at most five, for a typo
    place_names: list[str] = field(default_factory=list)
    outside: bool = False  # what was typed lies outside the area partnernet covers


def results_map_of(outcome: SearchOutcome) -> EmbeddedMap | None:
    if not outcome.results or not outcome.results.matches or outcome.place is None:
        return None
    centre = (outcome.place.latitude, outcome.place.longitude)
    return results_map(centre, map_markers(outcome.results), map_settings())


def place_names() -> list[str]:
    return locator().place_names()


def filters_from(form) -> SearchFilters:
    return SearchFilters(
        topic=form.topic.data or None, language=form.language.data or None,
        mode=form.mode.data or None, wheelchair=form.wheelchair.data,
        open_now=form.open_now.data, free=form.free.data,
    )


def echo(query: str) -> str:
    return query if len(query) <= MAX_ECHO else query[:MAX_ECHO] + "…"


def search(where: str, filters: SearchFilters, page: int) -> SearchOutcome:
    finder = locator()
    outcome = SearchOutcome()
    municipality = site_settings().municipality_name
    place = finder.locate(where)
    if place is None:
        outcome.suggestions = finder.suggestions(where)
        outcome.place_names = finder.place_names()
        outcome.outside = finder.is_postcode(where) or not outcome.suggestions
        if finder.is_postcode(where):
            outcome.problem = _(
                "Postcode %(postcode)s lies outside the municipality of %(municipality)s. "
                "partnernet only covers the municipality of %(municipality)s.",
                postcode=echo(where), municipality=municipality)
        elif outcome.outside:
            outcome.problem = _(
                "We do not know “%(where)s” as a place in the municipality of "
                "%(municipality)s. partnernet only covers the municipality of %(municipality)s. "
                "Check the spelling, or try a postcode.", where=echo(where),
                municipality=municipality)
        else:
            outcome.problem = _("We could not find “%(where)s”. Check the spelling, or choose "
                                "one of the places below.", where=echo(where))
        return outcome
    outcome.place = place
    outcome.notices.extend(_place_notices(place))
    outcome.results = nearest_support_points(place.latitude, place.longitude, filters, page)
    return outcome


def _place_notices(place: "Place") -> list[str]:
    notices = []
    if not place.in_area:
        notices.append(_("%(place)s lies outside the municipality of %(municipality)s. "
                         "partnernet only covers the municipality of %(municipality)s. Below you "
                         "find the help in the municipality nearest to %(place)s.",
                         place=place.label, municipality=site_settings().municipality_name))
    if place.fell_back:
        notices.append(_("We could not reach the address service. We searched from the middle "
                         "of your postcode area or place. The distances are not exact."))
    return notices


def public_point_or_none(public_id) -> SupportPoint | None:
    point = db.session.scalar(select(SupportPoint).where(SupportPoint.public_id == public_id))
    if point is None or not point.is_shown:
        return None
    return point


def public_offer_or_none(public_id) -> Offer | None:
    offer = db.session.scalar(select(Offer).where(Offer.public_id == public_id))
    if offer is None or not offer.is_shown:
        return None
    return offer


def public_organisation_or_none(public_id) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(
        Organisation.public_id == public_id, Organisation.is_public))


def map_markers(results: Results):
    return [
        MapMarker(m.point.latitude, m.point.longitude, m.point.name,
                  url_for("directory.point", point_id=m.point.public_id), number=number)
        for number, m in enumerate(results.matches, start=results.first_number)
    ]


def report_information(organisation: Organisation, subject: str, subject_name: str,
                       message: str) -> InformationReport:
    """Store a "Something wrong here?" report and tell the organisation's coordinators and the
    municipality's staff, in one transaction."""
    report = InformationReport(organisation=organisation, subject=subject,
                               subject_name=subject_name, message=message)
    db.session.add(report)
    listings.information_report(organisation, subject_name, message)
    db.session.commit()
    return report


@dataclass(frozen=True)
class ReportedSubject:
    organisation: Organisation
    name: str
    url: str


def public_subject_or_none(subject: str, public_id) -> ReportedSubject | None:
    if subject == ReportSubject.SUPPORT_POINT:
        point = public_point_or_none(public_id)
        return None if point is None else ReportedSubject(
            point.organisation, point.name, url_for("directory.point", point_id=public_id))
    if subject == ReportSubject.OFFER:
        offer = public_offer_or_none(public_id)
        return None if offer is None else ReportedSubject(
            offer.organisation, offer.title, url_for("directory.offer", offer_id=public_id))
    organisation = public_organisation_or_none(public_id)
    return None if organisation is None else ReportedSubject(
        organisation, organisation.name,
        url_for("directory.organisation", organisation_id=public_id))
