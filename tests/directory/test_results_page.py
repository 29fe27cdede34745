"""The results page a resident can act on: results first, the search folded into one line,
the map after the list, numbers to tap, and slips staff print for several places at once."""

from partnernet.models import Role
from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import parse
from tests.support.queries import recorded_statements

PADDEPOEL = (53.2295, 6.5460)


def test_after_a_search_the_form_folds_into_one_line_and_the_results_come_first(client):
    digid = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    offer_at(CENTRE, "Bieb", offer={"topics": [digid]})
    page = parse(client.get("/search?where=9712&topic=digid&wheelchair=&free=y&lang=en"))
    summary = page.select_one("main details.pn-search-summary")
    assert not summary.has_attr("open")
    assert summary.summary.get_text(" ", strip=True) == (
        "DigiD near 9712 (Groningen) · 1 filter · Change search")
    assert summary.select_one("form.pn-search input[name=where]")["value"] == "9712"
    filters = summary.select_one("details.pn-filters")
    assert filters.has_attr("open")  # a chosen filter is never hidden
    order = [element for element in page.select("main details.pn-search-summary, main ol, "
                                                 "main .pn-results__map")]
    assert [element.name for element in order] == ["details", "ol", "div"]


def test_before_a_search_the_filters_open_on_request(client):
    page = parse(client.get("/search?lang=en"))
    filters = page.select_one("details.pn-filters")
    assert not filters.has_attr("open") and filters.summary.get_text(strip=True) == "More filters"
    assert not page.select_one("details.pn-places").has_attr("open")


def test_the_map_comes_after_the_list_with_a_way_past_it(client):
    offer_at(CENTRE, "Bieb")
    page = parse(client.get("/search?where=9712&lang=en"))
    results = page.select_one(".pn-results")
    assert [child["class"][0] for child in results.find_all(recursive=False)] == [
        "pn-result-list", "pn-results__map"]
    skip = results.select_one(".pn-results__map a.pn-skip-map")
    assert skip.get_text() == "Skip the map" and page.select_one(skip["href"])


def test_phone_numbers_can_be_tapped_everywhere_a_resident_looks(client):
    point = offer_at(CENTRE, "Bieb", phone="050 123 45 67")
    for url in ("/?lang=en", "/help?lang=en", "/search?where=9712&lang=en",
                f"/points/{point.public_id}?lang=en", f"/points/{point.public_id}/slip?lang=en"):
        page = parse(client.get(url))
        links = {a["href"]: a.get_text() for a in page.select("main a[href^='tel:']")}
        assert links.get("tel:14050") == "14 050" or links.get("tel:0501234567") == (
            "050 123 45 67"), url
        assert all("pn-nowrap" in a["class"] for a in page.select("main a[href^='tel:']")), url


def test_staff_print_slips_for_the_first_ten_results(client, auth):
    for n in range(12):
        offer_at((CENTRE[0] + n * 0.001, CENTRE[1]), f"Plek {n:02d}")
    auth.login(as_=Role.STAFF)
    results = parse(client.get("/search?where=9712&lang=en"))
    link = results.find("a", string="Print slips for the first 10 places")
    page = parse(client.get(link["href"]))
    slips = page.select("article.pn-slip")
    assert len(slips) == 10
    listed = [a.get_text(strip=True) for a in results.select(".pn-result__name a")]
    assert len(listed) == 12
    assert [slip.select_one(".pn-slip__name").get_text() for slip in slips] == listed[:10]
    assert page.select_one("button[data-print]")
    assert page.find("a", string="Back to the results")["href"].startswith("/search?where=9712")


def test_slips_of_a_search_are_for_staff_only(client, auth):
    offer_at(CENTRE, "Bieb")
    assert client.get("/search/slips?where=9712").status_code == 302  # to sign in
    auth.login(as_=Role.COORDINATOR)
    assert client.get("/search/slips?where=9712").status_code == 403
    assert "Print slips" not in client.get("/search?where=9712&lang=en").get_data(as_text=True)


def test_slips_of_a_search_without_results_are_not_found(client, auth):
    auth.login(as_=Role.STAFF)
    assert client.get("/search/slips?where=9712").status_code == 404
    assert client.get("/search/slips?where=Atlantis").status_code == 404
    assert client.get("/search/slips").status_code == 404


def test_home_page_speaks_to_entrepreneurs_too(client):
    text = parse(client.get("/?lang=nl")).select_one("main").get_text(" ", strip=True)
    assert "Heeft u een bedrijf?" in text and "eHerkenning" in text


def test_the_search_form_reads_the_topics_once_and_shows_a_new_one_at_once(app, client, db):
    """Within one KEEP_SECONDS window (the clock is stopped: the kept topics are renewed
    when a window ends, which a slow first search may otherwise cross)."""
    from freezegun import freeze_time

    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    with freeze_time("2026-12-03 10:00:00"):
        client.get("/search?where=9712")
        with recorded_statements(db.engine) as statements:
            page = parse(client.get("/search?where=9712"))
        assert not [sql for sql in statements if "topics.position" in sql]
        assert "DigiD" in page.select_one("select[name=topic]").get_text()
        factories.create_topic(code="toeslagen", name_nl="Toeslagen", name_en="Allowances")
        page = parse(client.get("/search?where=9712"))
        assert "Toeslagen" in page.select_one("select[name=topic]").get_text()


def test_a_page_reads_its_offers_with_their_languages_in_one_statement(client, db):
    """Each statement a page sends costs a round trip and SQLAlchemy's own work (together
    about 0.8 ms on PostgreSQL): the offers' languages come with the offers."""
    from partnernet.models import OfferLanguage

    offer_at(CENTRE, "Talen", offer={"languages": [OfferLanguage(code="ar"),
                                                   OfferLanguage(code="en")]})
    offer_at(PADDEPOEL, "Zonder talen", offer={"languages": []})
    client.get("/search?where=9712&lang=en")
    with recorded_statements(db.engine) as statements:
        page = parse(client.get("/search?where=9712&lang=en"))
    assert not [sql for sql in statements if sql.startswith("SELECT offer_languages")]
    languages = {item.select_one(".pn-result__name a").get_text(strip=True):
                 [dd.get_text(strip=True) for dt, dd in zip(item.select("dt"), item.select("dd"),
                                                             strict=True)
                  if dt.get_text(strip=True) == "Languages"]
                 for item in page.select(".pn-result")}
    assert languages == {"Talen": ["Arabic, English"], "Zonder talen": [""]}
