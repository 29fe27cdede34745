"""Residents search by postcode, place or neighbourhood, with filters in the URL."""

from datetime import UTC, date, datetime, time

import pytest
from freezegun import freeze_time

from partnernet.geo import search
from partnernet.models import Closure, OfferLanguage, OpeningPeriod, OrganisationStatus
from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import error_summary, heading, parse
from tests.support.queries import recorded_statements, statements_for

PADDEPOEL = (53.2295, 6.5460)
HAREN = (53.1720, 6.6050)


@pytest.fixture(params=["filters drive", "boxes grow"])
def either_strategy(request, monkeypatch):
    """A filter that fits few offers nationwide drives the search; otherwise the box around the
    resident grows. Both must find the same help."""
    if request.param == "boxes grow":
        monkeypatch.setattr(search, "FEW_FIT", -1)


def result_names(response) -> list[str]:
    return [a.get_text(strip=True) for a in parse(response).select(".pn-result__name a")]


def result_distances(response) -> list[str]:
    return [item.select_one(".pn-result__where strong").get_text(strip=True)
            for item in parse(response).select(".pn-result")]


@pytest.mark.parametrize("where", ["9712 KN", "9712kn", "9712", "  9712 KN  "])
def test_postcode_in_every_spelling_finds_the_nearest_first(client, where):
    offer_at(HAREN, "In Haren")
    offer_at(CENTRE, "In het centrum")
    offer_at(PADDEPOEL, "In Paddepoel")
    response = client.get("/search", query_string={"where": where})
    assert response.status_code == 200
    assert result_names(response) == ["In het centrum", "In Paddepoel", "In Haren"]


@pytest.mark.parametrize(("where", "first"), [
    ("Haren", "In Haren"), ("Paddepoel", "In Paddepoel"), ("paddepoel", "In Paddepoel"),
])
def test_place_and_neighbourhood_names(client, where, first):
    offer_at(HAREN, "In Haren")
    offer_at(PADDEPOEL, "In Paddepoel")
    assert result_names(client.get("/search", query_string={"where": where}))[0] == first


def test_ten_boer_finds_help_in_ten_boer(client):
    offer_at((53.2770, 6.6950), "In Ten Boer")
    offer_at(CENTRE, "In het centrum")
    assert result_names(client.get("/search?where=Ten+Boer"))[0] == "In Ten Boer"


def test_a_street_address_with_postcode_is_found_offline(client):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search", query_string={"where": "Nieuwe Markt 1, 9712 KN Groningen"})
    assert result_names(response) == ["In het centrum"]


def test_distance_is_shown_in_the_residents_language(client):
    offer_at(HAREN, "In Haren")
    assert result_distances(client.get("/search?where=9711&lang=nl"))[0].endswith(" km")
    assert "," in result_distances(client.get("/search?where=9711&lang=nl"))[0]
    assert "." in result_distances(client.get("/search?where=9711&lang=en"))[0]


def test_a_result_says_what_help_when_languages_wheelchair_and_how(client):
    organisation = factories.create_organisation()
    point = factories.create_support_point(organisation=organisation, name="Bieb",
                                           wheelchair_accessible=True)
    factories.create_offer(organisation=organisation, support_points=[point], title="DigiD-hulp",
                           walk_in=True, by_appointment=False,
                           languages=[OfferLanguage(code="nl"), OfferLanguage(code="ar")])
    item = parse(client.get("/search?where=9712&lang=en")).select_one(".pn-result")
    facts = {dt.get_text(strip=True): dt.find_next("dd").get_text(" ", strip=True)
             for dt in item.select("dt")}
    assert item.select_one(".pn-result__help").get_text(" ", strip=True) == "Help with: DigiD-hulp"
    assert facts["Languages"] == "Arabic, Dutch"
    assert facts["Wheelchair"] == "Yes, wheelchair accessible"
    assert facts["How"] == "Walk in without appointment"
    assert facts["Today"] in ("open 9:00–17:00", "closed")


def test_only_approved_organisations_active_points_and_active_offers(client):
    offer_at(CENTRE, "Goedgekeurd")
    offer_at(CENTRE, "In aanvraag",
             organisation=factories.create_organisation(status=OrganisationStatus.PENDING))
    offer_at(CENTRE, "Afgewezen",
             organisation=factories.create_organisation(status=OrganisationStatus.REJECTED))
    offer_at(CENTRE, "Gesloten punt", active=False)
    offer_at(CENTRE, "Gepauzeerd aanbod", offer={"status": "paused"})
    factories.create_support_point(name="Zonder aanbod")
    assert result_names(client.get("/search?where=9712")) == ["Goedgekeurd"]


@pytest.mark.usefixtures("either_strategy")
def test_topic_filter(client):
    digid = factories.create_topic(code="digid")
    offer_at(CENTRE, "Alleen lezen")
    offer_at(HAREN, "DigiD verderop", offer={"topics": [digid]})
    assert result_names(client.get("/search?where=9712&topic=digid")) == ["DigiD verderop"]


@pytest.mark.parametrize(("query", "expected"), [
    ("language=ar", ["Arabisch"]),
    ("wheelchair=y", ["Rolstoel"]),
    ("mode=home_visit", ["Aan huis"]),
    ("free=y", ["Arabisch", "Rolstoel", "Aan huis"]),
])
@pytest.mark.usefixtures("either_strategy")
def test_filters(client, query, expected):
    offer_at(CENTRE, "Arabisch", offer={"languages": [OfferLanguage(code="ar")]})
    offer_at(PADDEPOEL, "Rolstoel", wheelchair_accessible=True)
    offer_at(HAREN, "Aan huis", offer={"home_visit": True})
    offer_at(CENTRE, "Betaald", offer={"free_of_charge": False})
    assert result_names(client.get(f"/search?where=9712&{query}")) == expected


@pytest.mark.usefixtures("either_strategy")
def test_open_now_uses_amsterdam_time_and_closures(client):
    evening = [OpeningPeriod(weekday=0, opens=time(18), closes=time(21))]
    offer_at(CENTRE, "Overdag")  # Monday to Friday 9-17
    offer_at(PADDEPOEL, "Avond", opening_periods=evening)
    offer_at(HAREN, "Dicht", closures=[Closure(starts_on=date(2026, 11, 23),
                                                ends_on=date(2026, 11, 24))])
    # Monday 23 November 2026, 17:30 UTC is 18:30 in Amsterdam.
    with freeze_time(datetime(2026, 11, 23, 17, 30, tzinfo=UTC)):
        assert result_names(client.get("/search?where=9712&open_now=y")) == ["Avond"]
    with freeze_time(datetime(2026, 11, 23, 9, 30, tzinfo=UTC)):
        assert result_names(client.get("/search?where=9712&open_now=y")) == ["Overdag"]


def test_filters_live_in_the_url_and_are_shown_again(client):
    factories.create_topic(code="digid")
    page = parse(client.get("/search?where=Haren&topic=digid&language=en&mode=walk_in"
                            "&wheelchair=y&open_now=y&free=y"))
    assert page.select_one("#where")["value"] == "Haren"
    assert page.select_one("#topic option[selected]")["value"] == "digid"
    assert page.select_one("#language option[selected]")["value"] == "en"
    assert page.select_one("#mode option[selected]")["value"] == "walk_in"
    for name in ("wheelchair", "open_now", "free"):
        assert page.select_one(f"#{name}").has_attr("checked")
    assert page.select_one("form.pn-search")["method"] == "get"


def test_twenty_per_page_with_a_next_page(client):
    organisation = factories.create_organisation()
    for n in range(45):
        offer_at((CENTRE[0] - 0.02 - n * 0.001, CENTRE[1]), f"Punt {n:02d}",
                 organisation=organisation)
    first = client.get("/search?where=9712")
    assert result_names(first) == [f"Punt {n:02d}" for n in range(20)]
    next_link = parse(first).select(".pn-pagination a")[-1]["href"]
    assert "page=2" in next_link and "where=9712" in next_link
    third = client.get("/search?where=9712&page=3")
    assert result_names(third) == [f"Punt {n:02d}" for n in range(40, 45)]
    assert parse(third).select_one("ol.pn-result-list")["start"] == "41"


def test_sparse_area_still_gets_its_nearest_help(client):
    offer_at((52.37, 4.89), "In Amsterdam")  # 150 km away
    assert result_names(client.get("/search?where=9712")) == ["In Amsterdam"]


def test_number_of_queries_does_not_grow_with_the_results(app, client, db):
    def count_queries(url):
        return statements_for(client, db.engine, url)

    # All within a kilometre, and more than the search reads for the first page (21 and one
    # more), so the first circle holds them (a circle that grows adds a query per step,
    # which is not what this test is about).
    organisation = factories.create_organisation()
    for n in range(30):
        offer_at((CENTRE[0] + n * 0.0003, CENTRE[1]), f"Punt {n}", organisation=organisation)
    few_details = count_queries("/search?where=9712")
    for n in range(30):
        offer_at((CENTRE[0] - n * 0.0003, CENTRE[1]), f"Extra {n}",
                 organisation=factories.create_organisation(),
                 offer={"languages": [OfferLanguage(code="nl"), OfferLanguage(code="en")],
                        "topics": [factories.create_topic()]})
    assert count_queries("/search?where=9712") == few_details


def test_a_worker_counts_once_a_while_how_much_fits_a_filter(client, db):
    """Whether a filter fits few offers nationwide only chooses how the search runs (both
    ways find the same help): a worker counts it again after FEW_FIT_KEPT_SECONDS, not for
    every search with that filter."""
    digid = factories.create_topic(code="digid")
    offer_at(CENTRE, "DigiD", offer={"topics": [digid],
                                     "languages": [OfferLanguage(code="ar")]})
    with freeze_time("2026-12-03 10:00:00") as clock:
        client.get("/search?where=9712&topic=digid&language=ar")
        with recorded_statements(db.engine) as statements:
            again = client.get("/search?where=9711&topic=digid&language=ar")
        assert result_names(again) == ["DigiD"]
        assert not [sql for sql in statements if sql.startswith("SELECT (SELECT count(*)")]
        clock.tick(search.FEW_FIT_KEPT_SECONDS)
        with recorded_statements(db.engine) as statements:
            client.get("/search?where=9711&topic=digid&language=ar")
        assert [sql for sql in statements if sql.startswith("SELECT (SELECT count(*)")]


@pytest.mark.parametrize("where", ["", "   "])
def test_an_empty_search_asks_for_a_place_and_lists_them(client, where):
    response = client.get("/search", query_string={"where": where, "lang": "en"})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter a postcode, address, village or neighbourhood"]
    assert "Paddepoel" in [a.get_text() for a in parse(response).select(".pn-places a")]


def test_a_typo_suggests_the_name(client):
    response = client.get("/search?where=Padepoel&lang=en")
    assert error_summary(response)[0].startswith("We could not find “Padepoel”")
    suggestion = parse(response).select_one(".pn-inline-list a")
    assert suggestion.get_text() == "Paddepoel" and "where=Paddepoel" in suggestion["href"]


@pytest.mark.parametrize("where", ["Amsterdam", "Utrecht", "Atlantis"])
def test_a_place_outside_the_area_is_told_plainly_what_partnernet_covers(client, where):
    response = client.get("/search", query_string={"where": where, "lang": "en"})
    assert error_summary(response) == [
        f"We do not know “{where}” as a place in the municipality of Groningen. partnernet only "
        "covers the municipality of Groningen. Check the spelling, or try a postcode."]
    page = parse(response)
    notice = page.select_one(".pn-notice").get_text(" ", strip=True)
    assert "partnernet covers the municipality of Groningen" in notice
    assert page.select_one(".pn-notice a[href='tel:14050']").get_text() == "14 050"
    assert not page.select(".pn-inline-list li")  # no suggestions for a place far away
    places = page.select_one("details.pn-places")
    assert not places.has_attr("open") and len(places.select("li")) > 100


def test_a_typo_gets_at_most_five_suggestions_and_the_full_list_stays_closed(client):
    page = parse(client.get("/search?where=Padepoel&lang=en"))
    suggestions = [a.get_text() for a in page.select(".pn-inline-list a")]
    assert "Paddepoel" in suggestions and len(suggestions) <= 5
    assert not page.select_one("details.pn-places").has_attr("open")
    assert not page.select(".pn-notice")  # a typo is not "outside the area"


def test_a_postcode_outside_groningen_says_so_with_the_municipalitys_number(client):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search?where=1012+AB&lang=en")
    assert error_summary(response) == [
        "Postcode 1012 AB lies outside the municipality of Groningen. partnernet only covers "
        "the municipality of Groningen."]
    page = parse(response)
    assert result_names(response) == []
    assert page.select_one(".pn-notice a[href='tel:14050']")
    centre = page.select_one(".pn-notice a[href*='where=Groningen']")
    assert centre.get_text() == "Show the help in the municipality of Groningen"
    assert result_names(client.get(centre["href"])) == ["In het centrum"]


def test_a_very_long_query_is_refused_kindly(client):
    response = client.get("/search", query_string={"where": "a" * 2000, "lang": "en"})
    assert response.status_code == 200
    assert error_summary(response) == ["Use at most 200 characters"]


@pytest.mark.parametrize("where", [
    "<script>alert('x')</script>", "'; DROP TABLE support_points; --", "9711\" onfocus=\"x",
    "Paddepoel' OR '1'='1", "\u202eHaren", "%00", "🙂",
])
def test_html_and_sql_are_harmless(client, where):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search", query_string={"where": where})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body and 'onfocus="x' not in body
    assert client.get("/search?where=9712").status_code == 200  # the table is still there


def test_an_unknown_filter_value_gets_a_clear_message(client):
    response = client.get("/search?where=Haren&topic=nonsense&lang=en")
    assert error_summary(response) == ["Choose one of the options in the list"]


def test_no_results_suggests_fewer_filters(client):
    offer_at(CENTRE, "In het centrum")
    response = client.get("/search?where=9712&wheelchair=y&lang=en")
    assert parse(response).find("h2", string="No help found with these filters")
    assert parse(response).find("a", string="Search without filters")["href"] == (
        "/search?where=9712")


def test_home_page_asks_where_and_with_what(client):
    page = parse(client.get("/?lang=en"))
    form = page.select_one("form.pn-search")
    assert form["action"] == "/search" and form["method"] == "get"
    labels = [label.get_text(strip=True) for label in form.select("label")]
    assert labels == ["Where do you need help?", "What do you need help with?"]


def test_results_page_title_names_the_place(client):
    offer_at(HAREN, "In Haren")
    assert heading(client.get("/search?where=Haren&lang=en")) == "Help near Haren"
