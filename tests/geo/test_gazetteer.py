"""The offline geocoder: postcodes, places and neighbourhoods, with no internet."""

import pytest
from geopy.geocoders.base import Geocoder

from partnernet.geo.geocoders import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


def test_is_a_geopy_geocoder(gazetteer):
    assert isinstance(gazetteer, Geocoder)


@pytest.mark.parametrize("query", ["9711 AB", "9711ab", "9711", " 9711  ab "])
def test_postcode_in_every_common_spelling(gazetteer, query):
    location = gazetteer.geocode(query)
    assert (round(location.latitude, 4), round(location.longitude, 4)) == (53.2167, 6.5697)
    assert location.raw == {"kind": "postcode", "approximate": True, "postcode": "9711"}


@pytest.mark.parametrize(("query", "lat_range", "lon_range"), [
    ("Haren", (53.16, 53.19), (6.58, 6.64)),
    ("paddepoel", (53.22, 53.24), (6.53, 6.55)),
    ("Ten Boer", (53.26, 53.29), (6.68, 6.71)),
    ("TEN-BOER", (53.26, 53.29), (6.68, 6.71)),
    ("Selwerd", (53.23, 53.24), (6.54, 6.56)),
    ("Glimmen", (53.13, 53.15), (6.62, 6.64)),
])
def test_places_and_neighbourhoods_by_everyday_name(gazetteer, query, lat_range, lon_range):
    location = gazetteer.geocode(query)
    assert lat_range[0] < location.latitude < lat_range[1]
    assert lon_range[0] < location.longitude < lon_range[1]


def test_paddepoel_is_the_whole_neighbourhood(gazetteer):
    whole = gazetteer.geocode("Paddepoel")
    south, north = gazetteer.geocode("Paddepoel-Zuid"), gazetteer.geocode("Paddepoel-Noord")
    assert south.latitude < whole.latitude < north.latitude


@pytest.mark.parametrize("query", ["", "1234", "Amsterdam", "x" * 2000,
                                   "<script>alert(1)</script>", "'; DROP TABLE users; --"])
def test_unknown_input_finds_nothing(gazetteer, query):
    assert gazetteer.geocode(query) is None


def test_typos_get_suggestions(gazetteer):
    assert "Paddepoel" in gazetteer.suggestions("Padepoel")
    assert "Hoogkerk" in gazetteer.suggestions("hogkerk")
    assert gazetteer.suggestions("qqqq") == []


def test_every_place_can_be_listed(gazetteer):
    names = gazetteer.place_names()
    assert {"Haren", "Ten Boer", "Paddepoel", "Hoogkerk", "Glimmen"} <= set(names)


def test_a_place_with_several_postcode_areas_sits_at_their_centre(gazetteer):
    harkstede = gazetteer.geocode("Harkstede")  # 9614 and 9617
    assert round(harkstede.latitude, 5) == round((53.2148 + 53.2183) / 2, 5)
    assert round(harkstede.longitude, 5) == round((6.6659 + 6.6685) / 2, 5)
