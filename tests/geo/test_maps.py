"""The folium map on the results page: local assets only, CSP nonce, safe popups."""

import json
import re

import pytest

from partnernet.geo.maps import tile_hosts
from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import parse, unhashed


def csp_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def test_map_uses_only_local_assets_and_the_nonce(client):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search?where=9712")
    page = parse(response)
    assert page.select_one(".pn-map .folium-map")
    # The page itself loads no Leaflet: map.js loads what the map's data names, when needed.
    assert {unhashed(s["src"]) for s in page.select("script[src]")} == {
        "/static/js/forms.js", "/static/js/map.js"}
    assert not any("leaflet" in link["href"].lower() for link in page.select("link"))
    data = map_data(page)
    # Leaflet alone: one page of results needs no clustering plugin.
    assert [unhashed(url) for url in data["scripts"]] == ["/static/vendor/leaflet/leaflet.js"]
    assert [unhashed(url) for url in data["stylesheets"]] == ["/static/vendor/leaflet/leaflet.css"]
    assert unhashed(data["boundaries"]) == "/static/geo/boundaries_groningen.geojson"
    for url in data["scripts"] + data["stylesheets"] + [data["boundaries"]]:
        assert client.get(url).status_code == 200, url
    for script in page.select("script:not([src])"):
        assert script["nonce"] == csp_nonce(response)
    assert not page.select("style")  # folium's global styles are left out
    body = response.get_data(as_text=True)
    assert not re.search(r"""(src|href)=["']https?://""", body.split("<main")[1].split("<footer")[0]
                         .replace("https://www.openstreetmap.org/directions", ""))
    # The random nonce could spell "cdn" now and then: it is left out of the check.
    for unwanted in ("jquery", "bootstrap", "awesome-markers", "cdn"):
        assert unwanted not in body.replace(csp_nonce(response), "").lower()
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def map_data(page) -> dict:
    return json.loads(page.select_one(".pn-map")["data-map"])


def test_map_marks_the_search_location_and_links_each_point(client):
    point = offer_at(CENTRE, "In het centrum")
    page = parse(client.get("/search?where=9712"))
    data = map_data(page)
    assert data["here"] == [pytest.approx(CENTRE[0], abs=0.01), pytest.approx(CENTRE[1], abs=0.01)]
    assert page.select_one(".pn-results__map .pn-map-legend").get_text(strip=True) == "Waar u zoekt"
    assert data["markers"][0]["url"] == f"/points/{point.public_id}"
    script = page.select("script:not([src])")[-1].string
    # folium's frame waits in a function that map.js calls once Leaflet is there.
    assert script.startswith(f'(window.pnMapFrames = window.pnMapFrames || {{}})["{data["map"]}"]')
    assert "markerClusterGroup" not in script
    assert re.search(rf"return {data['map']};\n}};$", script)


def test_every_search_shares_the_frame_and_fits_its_own_places(client):
    offer_at(CENTRE, "In het centrum")
    offer_at((53.1720, 6.6050), "In Haren")
    pages = [parse(client.get(f"/search?where={where}")) for where in ("9712", "Haren")]
    scripts = {page.select("script:not([src])")[-1].string for page in pages}
    assert len(scripts) == 1
    for page in pages:
        data = map_data(page)
        (south, west), (north, east) = data["fit"]["bounds"]
        for latitude, longitude in [data["here"], *([m["lat"], m["lon"]] for m in data["markers"])]:
            assert south <= latitude <= north and west <= longitude <= east
        assert data["fit"]["max_zoom"] == 15
    assert map_data(pages[0])["here"] != map_data(pages[1])["here"]


def test_a_name_cannot_break_out_of_the_map_script(client):
    offer_at(CENTRE, "</script><script>alert(1)</script>")
    body = client.get("/search?where=9712").get_data(as_text=True)
    assert "<script>alert(1)" not in body


def test_no_map_without_results(client):
    assert not parse(client.get("/search?where=9712")).select(".pn-map")


@pytest.mark.parametrize(("tiles", "host"), [
    ("none", ""),
    ("nlmaps.standaard", "https://service.pdok.nl"),
    ("OpenStreetMap", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
    ("http://127.0.0.1:8123/{z}/{x}/{y}.png", "http://127.0.0.1:8123"),
])
def test_tile_host_for_the_content_security_policy(tiles, host):
    assert tile_hosts(tiles) == host


@pytest.mark.app_config(MAP_TILES="nlmaps.grijs")
def test_configured_tiles_are_allowed_by_the_policy(client):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search?where=9712")
    assert "img-src 'self' data: https://service.pdok.nl" in (
        response.headers["Content-Security-Policy"])
    assert "service.pdok.nl/brt/achtergrondkaart" in response.get_data(as_text=True)


def test_the_list_shows_every_point_on_the_map(client):
    organisation = factories.create_organisation()
    for n in range(25):
        offer_at((CENTRE[0] + n * 0.002, CENTRE[1]), f"Punt {n}", organisation=organisation)
    page = parse(client.get("/search?where=9712"))
    on_map = {marker["url"] for marker in map_data(page)["markers"]}
    in_list = {a["href"] for a in page.select(".pn-result__name a")}
    assert len(on_map) == 20 and on_map == in_list
