"""The PDOK Locatieserver geocoder and the fall-back to the gazetteer, against a local fake."""

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut
from geopy.geocoders.base import Geocoder

from partnernet.geo import locator
from partnernet.geo.geocoders import Gazetteer, Locator, PdokLocatieserver, geocode_support_point
from partnernet.models import SupportPoint
from tests import factories


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


def test_is_a_geopy_geocoder_reading_longitude_first(fake_pdok):
    pdok = PdokLocatieserver(fake_pdok.url)
    assert isinstance(pdok, Geocoder)
    location = pdok.geocode("Oude Boteringestraat 44, Groningen")
    assert (location.latitude, location.longitude) == (53.22046, 6.56536)
    assert location.address == "Oude Boteringestraat 44, 9712GK Groningen"
    assert location.raw["approximate"] is False


def test_asks_only_parameters_v3_1_knows(fake_pdok):
    PdokLocatieserver(fake_pdok.url).geocode("Dam 1, Amsterdam")
    assert set(fake_pdok.requests[0]) == {"q", "rows", "fq", "fl"}
    assert fake_pdok.requests[0]["fl"] == ["weergavenaam type centroide_ll postcode"]


def test_nothing_found_is_none(fake_pdok):
    assert PdokLocatieserver(fake_pdok.url).geocode("Nergensstraat 999") is None


@pytest.mark.parametrize(("behaviour", "error"), [
    ("fail", GeocoderServiceError), ("slow", GeocoderTimedOut), ("garbage", GeocoderServiceError),
])
def test_failures_are_geopy_errors(fake_pdok, behaviour, error):
    fake_pdok.behaviour = behaviour
    with pytest.raises(error):
        PdokLocatieserver(fake_pdok.url, timeout=0.5).geocode("Dam 1, Amsterdam")


def test_locator_uses_pdok_for_a_full_address(fake_pdok, gazetteer):
    locator = Locator(gazetteer, PdokLocatieserver(fake_pdok.url))
    place = locator.locate("Oude Boteringestraat 44, Groningen")
    assert place.approximate is False and place.fell_back is False and place.in_area
    assert place.postcode_area == "9712"  # for counting searches; the address is not kept


@pytest.mark.parametrize("behaviour", ["fail", "slow", "garbage"])
def test_locator_falls_back_to_the_gazetteer(fake_pdok, gazetteer, behaviour, caplog):
    fake_pdok.behaviour = behaviour
    locator = Locator(gazetteer, PdokLocatieserver(fake_pdok.url, timeout=0.5))
    place = locator.locate("Nieuwe Markt 1, 9712 KN Groningen")
    assert place.fell_back and place.approximate
    assert place.label == "9712 (Groningen)"
    assert "Nieuwe Markt" not in caplog.text  # the resident's search is never logged


def test_locator_asks_the_gazetteer_when_pdok_finds_nothing(fake_pdok, gazetteer):
    locator = Locator(gazetteer, PdokLocatieserver(fake_pdok.url))
    place = locator.locate("Paddepoel")
    assert place.label == "Paddepoel" and not place.fell_back
    assert place.postcode_area == "9742"  # the area whose centre lies nearest


def test_a_place_outside_groningen_is_marked(fake_pdok, gazetteer):
    locator = Locator(gazetteer, PdokLocatieserver(fake_pdok.url))
    place = locator.locate("Dam 1, Amsterdam")
    assert place.in_area is False and place.postcode_area is None


def test_support_point_is_geocoded_from_its_address(fake_pdok, gazetteer):
    point = SupportPoint(street="Oude Boteringestraat", house_number="44", postcode="9712 GK",
                         city="Groningen")
    fake_pdok_address = "Oude Boteringestraat 44, Groningen"
    locator = Locator(gazetteer, PdokLocatieserver(fake_pdok.url))
    assert geocode_support_point(point, locator)
    assert point.location_is_approximate  # the fake does not know the address with postcode
    point.postcode = None
    point.street, point.house_number = fake_pdok_address.split(",")[0].rsplit(" ", 1)
    assert geocode_support_point(point, locator)
    assert (point.latitude, point.longitude) == (53.22046, 6.56536)
    assert point.location_is_approximate is False


def test_support_point_offline_lands_on_its_area(gazetteer):
    point = SupportPoint(street="Heerdenhoes", city="Groningen")
    assert geocode_support_point(point, Locator(gazetteer), area="Beijum-West")
    assert 53.24 < point.latitude < 53.26 and point.location_is_approximate


def test_support_point_nowhere_is_left_alone(gazetteer):
    point = SupportPoint(street="Nergens", city="Atlantis", latitude=1.0, longitude=2.0)
    assert geocode_support_point(point, Locator(gazetteer)) is False
    assert (point.latitude, point.longitude) == (1.0, 2.0)


@pytest.mark.app_config(GEOCODER="pdok")
def test_search_page_says_when_the_address_service_failed(app, client, fake_pdok):
    locator().online = PdokLocatieserver(fake_pdok.url, timeout=0.5)
    factories.create_offered_point(factories.CENTRE, "In het centrum")
    fake_pdok.behaviour = "fail"
    response = client.get("/search", query_string={"where": "Nieuwe Markt 1, 9712 KN Groningen",
                                                   "lang": "en"})
    assert "could not reach the address service" in response.get_data(as_text=True)
    assert "In het centrum" in response.get_data(as_text=True)
