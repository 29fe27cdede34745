"""Support points and offers saved from plain values, as the import and the API will."""

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from partnernet.models import Offer, SupportPoint
from partnernet.partners import service
from tests import factories

DE_KIEL = service.PointDetails(
    name="Buurthuis De Kiel", street="Nieuwe Markt", house_number="1", postcode="9712kn",
    city="Groningen", hours=[[(time(9), time(12)), (time(13), time(17))], [], [], [], [], [], []],
    closures=[service.Closed(date(2026, 12, 24), date(2026, 12, 26), "Kerst")],
    wheelchair_accessible=True)


def test_a_point_from_values_is_placed_and_keeps_its_hours(db):
    organisation = factories.create_organisation()
    point = SupportPoint(organisation_id=organisation.id)
    service.save_point(point, DE_KIEL)
    saved = db.session.scalar(select(SupportPoint))
    assert (saved.name, saved.postcode, saved.wheelchair_accessible) == (
        "Buurthuis De Kiel", "9712 KN", True)
    assert 53.1 < saved.latitude < 53.3  # the bundled postcode areas place it offline
    assert [(p.weekday, p.opens, p.closes) for p in saved.opening_periods] == [
        (0, time(9), time(12)), (0, time(13), time(17))]
    assert saved.is_closed_on(date(2026, 12, 25))


def test_an_address_nowhere_changes_nothing(db):
    point = factories.create_support_point(name="Oude naam")
    nowhere = service.PointDetails(name="Nieuwe naam", street="Geenstraat", house_number="1",
                                   postcode="1012 AB", city="Nergenshuizen")
    with pytest.raises(service.AddressNotFound):
        service.save_point(point, nowhere)
    assert db.session.get(SupportPoint, point.id).name == "Oude naam"


def test_a_week_must_have_seven_days(db):
    point = SupportPoint(organisation_id=factories.create_organisation().id)
    with pytest.raises(ValueError, match="weekday"):
        service.save_point(point, service.PointDetails(
            name="X", street="Nieuwe Markt", house_number="1", postcode="9712 KN",
            city="Groningen", hours=[[]] * 6))


def test_an_offer_never_lists_another_organisations_point(db):
    own = factories.create_support_point()
    foreign = factories.create_support_point(organisation=factories.create_organisation())
    factories.create_topic(code="digid")
    offer = Offer(organisation_id=own.organisation_id)
    service.save_offer(offer, service.OfferDetails(
        title="Hulp met DigiD", description="Samen.", topics=["digid", "no-such-topic"],
        languages=["nl", "nl", "en"], modes=["walk_in"], support_points=[own.id, foreign.id]))
    saved = db.session.scalar(select(Offer))
    assert [point.id for point in saved.support_points] == [own.id]
    assert [topic.code for topic in saved.topics] == ["digid"]
    assert sorted(saved.language_codes) == ["en", "nl"]
    assert saved.modes == ["walk_in"]


def test_an_unknown_way_of_helping_is_refused(db):
    offer = Offer(organisation_id=factories.create_organisation().id)
    with pytest.raises(ValueError, match="teleport"):
        service.save_offer(offer, service.OfferDetails(
            title="X", description="Y", topics=[], languages=["nl"], modes=["teleport"]))


def _changed_since(client, moment: str) -> list[str]:
    feed = client.get(f"/api/v1/services?modified_after={moment}").json
    return [item["name"] for item in feed["contents"]]


def test_changing_only_a_places_hours_puts_its_offers_in_the_change_feed(client, db):
    point = factories.create_offered_point(offer={"title": "Hulp bij DigiD"})
    service.save_point(point, DE_KIEL)
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    point.updated_at = point.offers[0].updated_at = point.organisation.updated_at = long_ago
    db.session.commit()
    assert _changed_since(client, "2026-06-01T00:00:00Z") == []
    service.save_point(point, replace(DE_KIEL, hours=[[(time(10), time(12))]] + [[]] * 6))
    assert _changed_since(client, "2026-06-01T00:00:00Z") == ["Hulp bij DigiD"]


def test_moving_an_offer_to_another_place_puts_it_in_the_change_feed(client, db):
    point = factories.create_offered_point(offer={"title": "Hulp bij DigiD"})
    other = factories.create_support_point(organisation=point.organisation, name="Elders")
    offer = point.offers[0]
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    point.updated_at = other.updated_at = offer.updated_at = long_ago
    point.organisation.updated_at = long_ago
    db.session.commit()
    service.save_offer(offer, service.OfferDetails(
        title=offer.title, description=offer.description, topics=[], languages=[],
        modes=offer.modes, support_points=[other.id], free_of_charge=offer.free_of_charge,
        cost_note=offer.cost_note, audience=offer.audience))
    assert _changed_since(client, "2026-06-01T00:00:00Z") == ["Hulp bij DigiD"]
