"""The search and a place in another site's frame: only the configured origins may frame them,
every other page keeps refusing frames, and the full site's pages open in a new tab."""

import pytest

from partnernet import create_app
from partnernet.config import ConfigurationError
from tests import factories
from tests.conftest import app_settings
from tests.html import parse

SITES = "https://gemeente.example.nl, https://bieb.example.nl:8443"


@pytest.fixture
def place(db):
    return factories.create_offered_point(name="Bibliotheek Paddepoel",
                                          offer={"title": "Hulp bij DigiD"})


def _ancestors(response) -> str:
    policy = dict(part.strip().split(" ", 1)
                  for part in response.headers["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"]


@pytest.mark.app_config(EMBED_ORIGINS=SITES)
def test_only_the_configured_sites_may_frame_the_embedded_pages(client, place):
    for url in ("/embed/search?where=9712", f"/embed/points/{place.public_id}"):
        response = client.get(url)
        assert response.status_code == 200
        assert _ancestors(response) == "https://gemeente.example.nl https://bieb.example.nl:8443"
        assert "X-Frame-Options" not in response.headers
    for url in ("/", "/search?where=9712", f"/points/{place.public_id}", "/embed",
                "/api/v1/"):
        response = client.get(url)
        assert _ancestors(response) == "'none'", url
        assert response.headers["X-Frame-Options"] == "DENY"


def test_without_configured_sites_no_site_may_frame_them(client, place):
    response = client.get("/embed/search?where=9712")
    assert _ancestors(response) == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_an_origin_with_a_path_or_a_wildcard_stops_the_app(tmp_path):
    for wrong in ("https://gemeente.example.nl/zoeken", "*", "gemeente.example.nl",
                  "https://a.nl 'self'"):
        with pytest.raises(ConfigurationError, match="PARTNERNET_EMBED_ORIGINS"):
            create_app(app_settings(f"sqlite:///{tmp_path / 'x.sqlite3'}", EMBED_ORIGINS=wrong))


def test_the_embedded_search_has_no_header_or_footer_and_stays_in_its_frame(client, place):
    page = parse(client.get("/embed/search?where=9712"))
    assert page.select_one("header.pn-header") is None
    assert page.select_one("footer.pn-footer") is None
    assert page.select_one("form.pn-search")["action"] == "/embed/search"
    result = page.select_one(".pn-result__name a")
    assert result["href"] == f"/points/{place.public_id}"
    assert result["target"] == "_blank" and result["rel"] == ["noopener"]
    assert "nieuw tabblad" in result.get_text()
    offer = page.select_one(".pn-result__help a")
    assert offer["target"] == "_blank"


def test_the_next_page_of_an_embedded_search_stays_embedded(client, db):
    organisation = factories.create_organisation()
    for n in range(21):
        factories.create_offered_point((factories.CENTRE[0] + n * 0.001, factories.CENTRE[1]),
                                       name=f"Punt {n}", organisation=organisation)
    page = parse(client.get("/embed/search?where=9712"))
    next_page = page.select_one(".pn-pagination a")
    assert next_page["href"].startswith("/embed/search?") and "page=2" in next_page["href"]
    assert not next_page.has_attr("target")


def test_the_full_search_is_unchanged(client, place):
    page = parse(client.get("/search?where=9712"))
    assert page.select_one("header.pn-header") is not None
    assert page.select_one("form.pn-search")["action"] == "/search"
    assert not page.select_one(".pn-result__name a").has_attr("target")


def test_an_embedded_place_opens_its_links_in_a_new_tab(client, place):
    page = parse(client.get(f"/embed/points/{place.public_id}"))
    assert page.select_one("h1").get_text() == "Bibliotheek Paddepoel"
    assert page.select_one("header.pn-header") is None
    links = [a for a in page.select("main a") if not a["href"].startswith(("tel:", "mailto:"))]
    assert links and [a["href"] for a in links if a.get("target") != "_blank"] == []


def test_a_place_residents_may_not_see_is_not_embedded_either(client, db):
    hidden = factories.create_support_point(active=False)
    assert client.get(f"/embed/points/{hidden.public_id}").status_code == 404


@pytest.mark.app_config(EMBED_ORIGINS=SITES)
def test_the_help_page_gives_the_code_to_copy_and_the_sites_allowed(client):
    page = parse(client.get("/embed"))
    code = page.select_one("pre code").get_text()
    assert code.startswith('<iframe src="http://localhost/embed/search"')
    assert "https://bieb.example.nl:8443" in page.get_text()
