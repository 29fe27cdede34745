"""Coordinators add, change, pause and confirm their offers; residents see it at once."""

from datetime import date

import pytest
from sqlalchemy import select

from partnernet.clock import local_today
from partnernet.models import Offer, Role
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.partners.sample_forms import offer_data


@pytest.fixture
def coordinator(db):
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    return factories.create_user(role=Role.COORDINATOR)


@pytest.fixture
def point(coordinator):
    return factories.create_support_point(organisation=coordinator.organisation, name="Bieb")





def test_a_new_offer_is_found_by_residents_at_once(client, auth, db, coordinator, point):
    auth.login(user=coordinator)
    assert client.post("/partner/offers/new", data=fresh(offer_data(point))).status_code == 302
    offer = db.session.scalar(select(Offer))
    assert offer.walk_in and offer.by_phone and not offer.online
    assert offer.language_codes == ["ar", "nl"] and [t.code for t in offer.topics] == ["digid"]
    assert offer.weekly_referral_capacity == 5 and offer.assured_date == local_today()
    names = [a.get_text() for a in parse(client.get("/search?where=9712&topic=digid&language=ar"))
             .select(".pn-result__name a")]
    assert names == ["Bieb"]


def test_the_edit_form_shows_what_is_stored(client, auth, db, coordinator, point):
    auth.login(user=coordinator)
    client.post("/partner/offers/new", data=fresh(offer_data(point)))
    offer = db.session.scalar(select(Offer))
    page = parse(client.get(f"/partner/offers/{offer.id}/edit"))
    checked = {box["value"] for box in page.select("input[type=checkbox][checked]")}
    assert {"digid", "walk_in", "by_phone", "nl", "ar", str(point.id)} <= checked


def test_pausing_hides_the_offer(client, auth, db, coordinator, point):
    offer = factories.create_offer(organisation=coordinator.organisation, support_points=[point])
    auth.login(user=coordinator)
    for _twice in range(2):  # a double click pauses once: it names the state it wants
        client.post(f"/partner/offers/{offer.id}/visibility", data={"switch_to": "off"})
        assert client.get(f"/offers/{offer.public_id}").status_code == 404
    client.post(f"/partner/offers/{offer.id}/visibility", data={"switch_to": "on"})
    assert client.get(f"/offers/{offer.public_id}").status_code == 200


def test_still_correct_confirms_today(client, auth, db, coordinator, point):
    offer = factories.create_offer(organisation=coordinator.organisation, support_points=[point],
                                   assured_date=date(2025, 1, 1))
    auth.login(user=coordinator)
    client.post(f"/partner/offers/{offer.id}/confirm")
    client.post(f"/partner/points/{point.id}/confirm")
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).assured_date == local_today()
    assert point.assured_date == local_today()


@pytest.mark.parametrize(("changes", "error"), [
    ({"title": ""}, "Enter a title"),
    ({"description": "x" * 10_000}, "Use at most 1000 characters"),
    ({"topics": []}, "Choose at least one topic"),
    ({"modes": []}, "Choose at least one way"),
    ({"languages": ["nl", "xx"]}, "Choose from the options shown"),
    ({"free_of_charge": ""}, "Say what the help costs"),
    ({"weekly_referral_capacity": "-3"}, "Use a number from 0 to 1,000"),
])
def test_bad_input_is_named_and_kept(client, auth, db, coordinator, point, changes, error):
    auth.login(user=coordinator)
    response = client.post("/partner/offers/new?lang=en", data=fresh(offer_data(point, **changes)))
    assert response.status_code == 200 and error in error_summary(response)
    if changes.get("title") != "":
        assert parse(response).select_one("#title")["value"] == "Hulp met DigiD"
    assert db.session.scalar(select(Offer)) is None


def test_another_organisations_point_cannot_be_slipped_in(client, auth, db, coordinator, point):
    other = factories.create_support_point(name="Van een ander")
    auth.login(user=coordinator)
    response = client.post("/partner/offers/new?lang=en",
                           data=fresh(offer_data(point, support_points=[str(other.id)])))
    assert error_summary(response) == ["Choose from the options shown"]
    assert db.session.scalar(select(Offer)) is None


def test_another_organisations_offer_is_not_found(client, auth, db, coordinator, point):
    other = factories.create_offer(title="Van een ander")
    auth.login(user=coordinator)
    for method, url in (("get", f"/partner/offers/{other.id}/edit"),
                        ("post", f"/partner/offers/{other.id}/edit"),
                        ("post", f"/partner/offers/{other.id}/visibility"),
                        ("post", f"/partner/offers/{other.id}/confirm")):
        assert getattr(client, method)(url).status_code == 404, url
    db.session.expire_all()
    assert db.session.get(Offer, other.id).status == "active"


def test_staff_may_correct_any_offer(client, auth, db, point):
    offer = factories.create_offer(organisation=point.organisation, support_points=[point],
                                   topics=[])
    auth.login(user=factories.create_user(role=Role.STAFF))
    assert client.get(f"/partner/offers/{offer.id}/edit").status_code == 200
