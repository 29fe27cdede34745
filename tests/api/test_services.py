"""Offers as HSDS services, and each offer at each place where it is given as a
service_at_location: only what residents see, with languages, topics, cost, places and hours."""

import json
from datetime import UTC, datetime

import pytest

from partnernet.api.hsds import TAXONOMY_ID
from partnernet.extensions import db
from partnernet.models import OfferLanguage
from tests import factories
from tests.api.conftest import link_id
from tests.api.schemas import assert_page_of, assert_valid
from tests.support.queries import statements_for


def test_only_shown_offers_are_published(client, listing):
    body = client.get("/api/v1/services").json
    assert_page_of(body, "compiled/service_list.json")
    assert [item["name"] for item in body["contents"]] == ["Hulp bij DigiD", "Koffie-uurtje"]
    for hidden in ("paused", "hidden"):
        response = client.get(f"/api/v1/services/{listing[hidden].public_id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_a_listed_service_carries_its_own_fields_and_its_organisation(client, listing):
    item = client.get("/api/v1/services").json["contents"][0]
    assert item["id"] == str(listing["full"].public_id)
    assert item["organization_id"] == str(listing["library"].public_id)
    assert item["organization"]["name"] == "Bibliotheek Groningen"
    assert item["eligibility_description"] == "Inwoners van Groningen"
    assert item["fees_description"] == "5 euro per keer"
    assert item["application_process"] == "Binnenlopen zonder afspraak; Op afspraak"
    assert item["url"].endswith(f"/offers/{listing['full'].public_id}")
    assert item["status"] == "active"


def test_a_service_nests_its_languages_topics_cost_and_places(client, listing):
    body = client.get(f"/api/v1/services/{listing['full'].public_id}").json
    assert_valid(body, "compiled/service.json")
    assert [language["code"] for language in body["languages"]] == ["ar", "nl"]
    assert body["languages"][0]["name"] == "Arabisch"
    assert {attribute["taxonomy_term_id"] for attribute in body["attributes"]} == {
        str(listing["digid"].public_id), str(listing["money"].public_id)}
    assert body["attributes"][0]["taxonomy_term"]["taxonomy_id"] == str(TAXONOMY_ID)
    assert body["cost_options"][0]["amount_description"] == "5 euro per keer"
    places = {place["location"]["name"]: place for place in body["service_at_locations"]}
    assert set(places) == {"Forum", "Wijkpost"}, "a closed-down place is not published"
    assert places["Forum"]["id"] == link_id(listing["full"], listing["forum"])
    forum = places["Forum"]["location"]
    assert forum["addresses"][0]["address_1"] == "Nieuwe Markt 1"
    assert forum["addresses"][0]["postal_code"] == "9712 KN"
    assert forum["accessibility"][0]["details"] == "Lift naar de derde verdieping"
    assert forum["phones"][0]["number"] == "050 368 3683"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in forum["schedules"]] == [
        ("MO", "09:00", "12:30"), ("MO", "13:30", "17:00"), ("SA", "10:00", "16:00")]
    assert forum["schedules"][0]["description"] == "Maandag van 09:00 tot 12:30 (Nederlandse tijd)"
    assert places["Wijkpost"]["location"]["addresses"] == [], "no street address: none given"


def test_a_service_without_optional_fields_meets_the_schema(client, listing):
    body = client.get(f"/api/v1/services/{listing['bare'].public_id}").json
    assert_valid(body, "compiled/service.json")
    assert body["languages"] == [] and body["attributes"] == []
    assert body["service_at_locations"] == []
    assert body["cost_options"][0]["amount"] == 0 and body["fees_description"] == "Gratis"
    assert "eligibility_description" not in body and "application_process" not in body


def test_texts_follow_the_accept_language(client, listing):
    body = client.get(f"/api/v1/services/{listing['full'].public_id}",
                      headers={"Accept-Language": "en"}).json
    assert body["languages"][0]["name"] == "Arabic"
    assert body["application_process"] == "Walk in without appointment; By appointment"
    schedule = body["service_at_locations"][0]["location"]["schedules"][0]
    assert schedule["description"] == "Monday from 09:00 to 12:30 (Dutch time)"


def test_identifiers_stay_the_same_between_requests(client, listing):
    url = f"/api/v1/services/{listing['full'].public_id}"
    assert client.get(url).json == client.get(url).json


def test_no_personal_data_is_published(client, listing):
    for url in ("/api/v1/services?full=true", "/api/v1/service_at_locations?full=true",
                f"/api/v1/services/{listing['full'].public_id}"):
        published = client.get(url).get_data(as_text=True)
        assert "Jan Jansen" not in published and "jan@example.org" not in published


@pytest.mark.parametrize(("query", "expected"), [
    ("search=digid", ["Hulp bij DigiD"]),
    ("search=KOFFIE", ["Koffie-uurtje"]),
    ("search=100%25", []),
    (f"taxonomy_id={TAXONOMY_ID}", ["Hulp bij DigiD"]),
    ("taxonomy_id=00000000-0000-0000-0000-000000000001", []),
])
def test_services_are_found_by_text_and_taxonomy(client, listing, query, expected):
    body = client.get(f"/api/v1/services?{query}").json
    assert [item["name"] for item in body["contents"]] == expected


def test_services_are_found_by_term_and_organisation(client, listing):
    by_term = client.get(f"/api/v1/services?taxonomy_term_id={listing['money'].public_id}")
    assert [item["name"] for item in by_term.json["contents"]] == ["Hulp bij DigiD"]
    other = factories.create_organisation(name="WIJS")
    factories.create_offer(organisation=other, title="Formulierenhulp")
    mine = client.get(f"/api/v1/services?organization_id={other.public_id}").json
    assert [item["name"] for item in mine["contents"]] == ["Formulierenhulp"]


def _nothing_changed_since_january(listing) -> None:
    """Every record of the listing last changed on 1 January 2026."""
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    for key in ("full", "bare", "paused", "hidden", "forum", "wijkpost", "closed", "library"):
        listing[key].updated_at = long_ago
    listing["hidden"].organisation.updated_at = long_ago
    db.session.commit()


def test_services_changed_since_a_moment(client, listing):
    _nothing_changed_since_january(listing)
    since = "2026-06-01T00:00:00Z"
    assert client.get(f"/api/v1/services?modified_after={since}").json["contents"] == []
    listing["wijkpost"].updated_at = datetime(2026, 7, 1, tzinfo=UTC)
    db.session.commit()
    body = client.get(f"/api/v1/services?modified_after={since}").json
    assert [item["name"] for item in body["contents"]] == ["Hulp bij DigiD"]
    assert body["contents"][0]["last_modified"] == "2026-07-01T00:00:00+00:00"
    assert_page_of(body, "compiled/service_list.json")


def test_the_minimal_list_names_each_service_and_its_last_change(client, listing):
    body = client.get("/api/v1/services?minimal=true&per_page=100").json
    assert_page_of(body, "compiled/service_list.json")
    assert set(body["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_each_offer_at_each_place_is_a_service_at_location(client, listing):
    body = client.get("/api/v1/service_at_locations").json
    assert_page_of(body, "compiled/service_at_location_list.json")
    pairs = [(item["service"]["name"], item["location"]["name"]) for item in body["contents"]]
    assert pairs == [("Hulp bij DigiD", "Forum"), ("Hulp bij DigiD", "Wijkpost")]
    forum = body["contents"][0]
    assert forum["id"] == link_id(listing["full"], listing["forum"])
    one = client.get(f"/api/v1/service_at_locations/{forum['id']}").json
    assert_valid(one, "compiled/service_at_location.json")
    assert one["location"]["schedules"][2]["byday"] == "SA"
    full = client.get("/api/v1/service_at_locations?full=true").json
    assert_page_of(full, "compiled/service_at_location.json")


def test_a_service_at_a_hidden_place_or_of_a_hidden_offer_is_not_found(client, listing):
    for offer, point in (("full", "closed"), ("paused", "forum")):
        link = link_id(listing[offer], listing[point])
        assert client.get(f"/api/v1/service_at_locations/{link}").status_code == 404


def test_a_new_link_between_an_offer_and_a_place_gets_its_own_id(client, listing):
    listing["bare"].support_points.append(listing["forum"])
    db.session.commit()
    ids = {item["id"] for item in client.get("/api/v1/service_at_locations").json["contents"]}
    assert len(ids) == 3


@pytest.mark.parametrize(("query", "parameter"), [
    ("modified_after=yesterday", "modified_after"), ("per_page=100000", "per_page"),
    ("taxonomy_term_id=digid", "taxonomy_term_id"), ("full=perhaps", "full"),
    ("minimal=2", "minimal"), ("organization_id=1", "organization_id"),
    ("search=abc%1E%0B", "search"), (f"search={'a' + ' ' * 200}", "search"),
    ("format=xml", "format")])
def test_a_bad_parameter_is_a_problem(client, listing, query, parameter):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400 and response.json["parameter"] == parameter
    assert response.mimetype == "application/problem+json"


def test_a_moment_far_in_the_past_or_future_is_no_problem(client, listing):
    for moment in ("0001-01-01", "9999-12-31T23:59:59%2B14:00", "2026-12-03",
                   "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00%2B01:00"):
        assert client.get(f"/api/v1/services?modified_after={moment}").status_code == 200


def test_a_time_zone_whose_plus_became_a_space_is_understood(client, listing):
    """A + left unencoded in a query string arrives as a space."""
    response = client.get("/api/v1/services?modified_after=2026-12-03T10:00:00+01:00")
    assert response.status_code == 200


@pytest.fixture
def spread(db):
    """Offers at 1, 5 and 30 km north of the Forum; the one at 5 km also at 40 km."""
    def north(km):
        return (factories.CENTRE[0] + km / 111.2, factories.CENTRE[1])
    far = factories.create_support_point(name="Ver weg", latitude=north(40)[0],
                                         longitude=north(40)[1])
    points = {}
    for km, title in ((30, "Alfa"), (5, "Bravo"), (1, "Charlie")):
        points[title] = factories.create_offered_point(north(km), name=f"Op {km} km",
                                                       offer={"title": title})
    bravo = points["Bravo"].offers[0]
    far.organisation = bravo.organisation
    bravo.support_points.append(far)
    db.session.commit()
    return points


def _names(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["contents"]]


def test_services_near_a_place_come_nearest_first_within_the_proximity(client, spread):
    lat, lon = factories.CENTRE
    assert _names(client, f"/api/v1/services?lat={lat}&lon={lon}") == ["Charlie", "Bravo"]
    everything = _names(client, f"/api/v1/services?lat={lat}&lon={lon}&proximity=100000")
    assert everything == ["Charlie", "Bravo", "Alfa"], "a service counts once, at its nearest"
    near = client.get(f"/api/v1/services?lat={lat}&lon={lon}&proximity=2000").json
    assert [item["name"] for item in near["contents"]] == ["Charlie"]
    assert near["total_items"] == 1


def test_services_near_a_postcode(client, spread):
    assert _names(client, "/api/v1/services?postcode=9712&proximity=3000") == ["Charlie"]
    assert _names(client, "/api/v1/services?postcode=9712%20KN&search=bravo") == ["Bravo"]


def test_services_at_places_near_a_place_come_nearest_first(client, spread):
    lat, lon = factories.CENTRE
    body = client.get(
        f"/api/v1/service_at_locations?lat={lat}&lon={lon}&proximity=45000").json
    assert_page_of(body, "compiled/service_at_location_list.json")
    assert [item["location"]["name"] for item in body["contents"]] == [
        "Op 1 km", "Op 5 km", "Op 30 km", "Ver weg"]
    second = client.get(f"/api/v1/service_at_locations?lat={lat}&lon={lon}&proximity=45000"
                        "&per_page=2&page=2").json
    assert [item["location"]["name"] for item in second["contents"]] == ["Op 30 km", "Ver weg"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("lat=999&lon=6.5", "lat"), ("lat=53.2&lon=-181", "lon"), ("lat=53.2", "lon"),
    ("lon=6.5", "lat"), ("lat=nan&lon=6.5", "lat"), ("lat=1e3&lon=6.5", "lat"),
    ("proximity=1000", "proximity"), ("postcode=9712&lat=53.2&lon=6.5", "postcode"),
    ("postcode=9712&proximity=0", "proximity"), ("postcode=9712&proximity=100001", "proximity"),
    ("postcode=Paddepoel", "postcode"), ("postcode=1012", "postcode")])
def test_a_bad_place_is_a_problem(client, spread, query, parameter):
    for path in ("services", "service_at_locations"):
        response = client.get(f"/api/v1/{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.json["parameter"] == parameter


@pytest.mark.parametrize("path", ["services?full=true", "services?minimal=true", "services",
                                  "service_at_locations?full=true", "service_at_locations"])
def test_the_number_of_queries_does_not_grow_with_the_page(client, db, path):
    def count_queries(per_page):
        joiner = "&" if "?" in path else "?"
        return statements_for(client, db.engine, f"/api/v1/{path}{joiner}per_page={per_page}")

    topic = factories.create_topic()
    for n in range(6):
        point = factories.create_offered_point(
            offer={"title": f"Aanbod {n}", "topics": [topic],
                   "languages": [OfferLanguage(code="nl"), OfferLanguage(code="en")]})
        factories.create_offer(organisation=point.organisation, title=f"Meer {n}",
                               support_points=[point])
    assert count_queries(2) == count_queries(12)


def test_the_change_feed_gives_removals_as_tombstones_in_the_order_of_change(client, listing):
    _nothing_changed_since_january(listing)
    listing["bare"].updated_at = datetime(2026, 8, 1, tzinfo=UTC)
    listing["paused"].updated_at = datetime(2026, 7, 1, tzinfo=UTC)
    db.session.commit()
    feed = client.get("/api/v1/services?modified_after=2026-06-01T00:00:00Z").json
    assert_page_of(feed, "compiled/service_list.json")
    assert [(item["id"], item["status"]) for item in feed["contents"]] == [
        (str(listing["paused"].public_id), "temporarily closed"),
        (str(listing["bare"].public_id), "active")]
    assert feed["contents"][0] == {"id": str(listing["paused"].public_id), "name": "",
                                   "status": "temporarily closed",
                                   "last_modified": "2026-07-01T00:00:00+00:00"}
    listing["library"].status = "suspended"
    db.session.commit()
    gone = client.get("/api/v1/services?modified_after=2026-09-01T00:00:00Z&full=true").json
    assert_page_of(gone, "compiled/service.json")
    assert {item["status"] for item in gone["contents"]} == {"inactive"}
    assert {item["name"] for item in gone["contents"]} == {""}
    assert str(listing["full"].public_id) in {item["id"] for item in gone["contents"]}


def test_a_change_feed_narrowed_by_text_tells_nothing_of_hidden_offers(client, listing):
    found = client.get("/api/v1/services?modified_after=2000-01-01&search=goedgekeurd").json
    assert found["contents"] == []
    mine = client.get(f"/api/v1/services?modified_after=2000-01-01"
                      f"&organization_id={listing['hidden'].organisation.public_id}").json
    assert [(item["name"], item["status"]) for item in mine["contents"]] == [("", "inactive")]


def test_one_record_says_when_it_last_changed_and_answers_304_when_unchanged(client, listing):
    moment = datetime(2026, 7, 1, 12, tzinfo=UTC)
    listing["full"].updated_at = listing["library"].updated_at = moment
    for key in ("forum", "wijkpost", "closed"):
        listing[key].updated_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.commit()
    url = f"/api/v1/services/{listing['full'].public_id}"
    first = client.get(url)
    assert first.headers["Last-Modified"] == "Wed, 01 Jul 2026 12:00:00 GMT"
    again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304 and again.data == b""
    earlier = client.get(url, headers={"If-Modified-Since": "Tue, 30 Jun 2026 12:00:00 GMT"})
    assert earlier.status_code == 200
    organisation = client.get(f"/api/v1/organizations/{listing['library'].public_id}")
    assert organisation.headers["Last-Modified"] == "Wed, 01 Jul 2026 12:00:00 GMT"


def test_every_service_as_a_stream_of_lines(client, listing):
    response = client.get("/api/v1/services?format=ndjson&per_page=1")
    assert response.mimetype == "application/x-ndjson"
    assert "ETag" not in response.headers
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [item["name"] for item in lines] == ["Hulp bij DigiD", "Koffie-uurtje"]
    for item in lines:
        assert_valid(item, "compiled/service_list.json")
    full = client.get("/api/v1/services?format=ndjson&full=true").get_data(as_text=True)
    for line in full.splitlines():
        assert_valid(json.loads(line), "compiled/service.json")


def test_the_change_feed_as_a_stream_holds_the_removals(client, listing):
    feed = client.get("/api/v1/services?format=ndjson&modified_after=2000-01-01")
    statuses = sorted(json.loads(line)["status"]
                      for line in feed.get_data(as_text=True).splitlines())
    assert statuses == ["active", "active", "inactive", "temporarily closed"]


def test_only_services_stream(client, listing):
    response = client.get("/api/v1/organizations?format=ndjson")
    assert response.status_code == 400 and response.json["parameter"] == "format"
