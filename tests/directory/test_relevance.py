"""Results a resident can act on: help that names the topic, and places with a street address,
come before loosely related help and places one must ask the way to, at a similar distance."""

import pytest

from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import parse
from tests.support.queries import recorded_statements

# Points due north of the Forum (53.2188, 6.5702): 0.009 degrees of latitude is about 1 km.
NEAR = (53.2210, 6.5702)  # ~0.2 km
ONE_KM = (53.2278, 6.5702)
TWO_KM = (53.2368, 6.5702)
FOUR_KM = (53.2548, 6.5702)


def names(response) -> list[str]:
    return [a.get_text(strip=True) for a in parse(response).select(".pn-result__name a")]


@pytest.fixture
def digid(db):
    return factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD",
                                  keywords="digid", digital_government=True)


@pytest.fixture
def housing(db):
    return factories.create_topic(code="housing", name_nl="Wonen", name_en="Housing",
                                  keywords="huur|woning")


def test_help_that_names_the_topic_comes_before_loosely_related_help_nearby(client, housing):
    offer_at(NEAR, "Breed", offer={"topics": [housing], "title": "Hulp bij alles",
                                   "description": "Loop binnen met uw vraag."})
    offer_at(ONE_KM, "Gericht", offer={"topics": [housing], "title": "Huurtoeslag en woning",
                                       "description": "Samen zoeken we een woning."})
    response = client.get("/search?where=9712+KN&topic=housing&lang=en")
    assert names(response) == ["Gericht", "Breed"]
    lines = [p.get_text(" ", strip=True) for p in parse(response).select(".pn-result__help")]
    assert lines == ["Help with Housing: Huurtoeslag en woning",
                     "Housing is part of broader help here: Hulp bij alles"]


def test_loosely_related_help_still_comes_first_when_the_rest_is_far_away(client, housing):
    offer_at(NEAR, "Breed", offer={"topics": [housing], "title": "Hulp bij alles"})
    offer_at(FOUR_KM, "Gericht", offer={"topics": [housing], "title": "Huur"})
    assert names(client.get("/search?where=9712+KN&topic=housing")) == ["Breed", "Gericht"]


def test_an_informatiepunt_counts_as_naming_digital_government_topics(client, digid, housing):
    offer_at(NEAR, "Vrijwilligers", offer={"topics": [digid], "title": "Hulp bij brieven"})
    offer_at(ONE_KM, "Bibliotheek", has_digital_government_desk=True,
             offer={"topics": [digid, housing], "title": "Spreekuur"})
    assert names(client.get("/search?where=9712+KN&topic=digid")) == [
        "Bibliotheek", "Vrijwilligers"]
    # Housing is not the digital government's: there the desk does not count.
    assert names(client.get("/search?where=9712+KN&topic=housing")) == ["Bibliotheek"]


def test_without_a_topic_only_the_street_address_counts(client):
    offer_at(NEAR, "Zonder adres", street="", house_number=None, postcode=None)
    offer_at((53.2242, 6.5702), "Met adres")  # ~0.6 km
    offer_at(TWO_KM, "Verder met adres")
    assert names(client.get("/search?where=9712+KN")) == [
        "Met adres", "Zonder adres", "Verder met adres"]


def test_a_place_without_street_address_says_how_to_reach_its_organisation(client):
    organisation = factories.create_organisation(name="WIJS", phone="050 765 4321")
    offer_at(CENTRE, "WIJS Paddepoel", organisation=organisation, street="Winkelcentrum Paddepoel",
             house_number=None, postcode=None)
    item = parse(client.get("/search?where=9712&lang=en")).select_one(".pn-result")
    reach = item.select_one(".pn-result__reach")
    assert reach.get_text(" ", strip=True) == (
        "The exact address is not known yet. Before you go, call WIJS on 050 765 4321 to ask "
        "the way.")
    assert reach.select_one("a")["href"] == "tel:0507654321"


def test_without_any_contact_the_municipality_is_the_way_in(client):
    offer_at(CENTRE, "Ergens", street="", house_number=None, postcode=None)
    reach = parse(client.get("/search?where=9712&lang=nl")).select_one(".pn-result__reach")
    assert "Bel de gemeente op 14 050" in reach.get_text(" ", strip=True)
    assert reach.select_one("a.pn-nowrap")["href"] == "tel:14050"


def test_a_place_with_a_street_address_needs_no_directions(client):
    offer_at(CENTRE, "Bieb")
    assert not parse(client.get("/search?where=9712")).select(".pn-result__reach")


def test_the_about_page_explains_the_order(client):
    page = parse(client.get("/about?lang=en"))
    section = page.select_one("#ordering").find_next("ul").get_text(" ", strip=True)
    assert "counts as 1.0 km further away" in section
    assert "counts as 500 m further away" in section


def test_a_better_place_just_outside_the_first_search_box_is_not_missed(client, housing,
                                                                        monkeypatch):
    """21 loosely related places without address fill the first box (2 km); a place that names
    the topic at 2.5 km must still come first, so the box grows until no detour could hide it."""
    from partnernet.geo import search
    monkeypatch.setattr(search, "FEW_FIT", -1)  # the growing boxes, not the filter, drive
    for n in range(21):
        offer_at((53.2188 + 0.0170, 6.5702 + n * 0.0004), f"Breed {n}", street="",
                 house_number=None, postcode=None,
                 offer={"topics": [housing], "title": "Hulp bij alles"})
    offer_at((53.2188 + 0.0225, 6.5702), "Gericht", offer={"topics": [housing], "title": "Huur"})
    assert names(client.get("/search?where=Nieuwe+Markt+1,+9712+KN&topic=housing"))[0] == (
        "Gericht")


def test_a_topic_word_with_a_wildcard_is_matched_as_written(client):
    """The naming words are LIKE patterns' parameters: % and _ in a word are its own letters."""
    percent = factories.create_topic(code="fees", name_nl="Kosten", name_en="Fees",
                                     keywords="100%_vergoed")
    offer_at(NEAR, "Lijkt erop", offer={"topics": [percent], "title": "100 procent vergoed",
                                        "description": "1000x_vergoed"})
    offer_at(ONE_KM, "Noemt het", offer={"topics": [percent], "title": "100%_vergoed"})
    assert names(client.get("/search?where=9712+KN&topic=fees&lang=en")) == [
        "Noemt het", "Lijkt erop"]


def test_topics_share_the_nearest_query_of_their_kind_of_search(client, housing, digid):
    """The naming words are parameters: another topic with as many word slots reuses the
    statement (and PostgreSQL its plan) instead of building its own."""
    from partnernet.geo import search

    tax = factories.create_topic(code="tax", name_nl="Belasting", name_en="Tax",
                                 keywords="aangifte")
    for topic in (housing, tax):
        offer_at(NEAR, f"Over {topic.code}", offer={"topics": [topic]})
    client.get("/search?where=9712+KN&topic=housing")
    built = search._nearest_for.cache_info().misses
    response = client.get("/search?where=9712+KN&topic=tax")
    assert search._nearest_for.cache_info().misses == built
    assert names(response) == ["Over tax"]


def test_a_search_with_a_topic_names_it_by_its_id_in_its_statements(client, db, housing):
    """The topic is found from its code once; the statements that check each point's offers
    do not look it up in `topics` again for every offer they read."""
    offer_at(NEAR, "Over wonen", offer={"topics": [housing]})
    with recorded_statements(db.engine) as statements:
        response = client.get("/search?where=9712+KN&topic=housing")
    assert names(response) == ["Over wonen"]
    looked_up = [sql for sql in statements if "topics" in sql and "offer_topics" in sql]
    assert looked_up, "the statements that check the offers' topics ran"
    assert not [sql for sql in looked_up if "JOIN topics" in sql]


def test_a_worker_reads_the_topics_once_and_sees_a_changed_one_at_once(client, db, housing):
    """What a search needs of its topic (its id, names and naming words) is kept per worker, as
    the search form's topics are: a change made here shows at once (within one KEEP_SECONDS
    window; the clock is stopped)."""
    from freezegun import freeze_time

    offer_at(NEAR, "Breed", offer={"topics": [housing], "title": "Hulp bij alles"})
    offer_at(ONE_KM, "Gericht", offer={"topics": [housing], "title": "Huurtoeslag"})
    with freeze_time("2026-12-03 10:00:00"):
        assert names(client.get("/search?where=9712+KN&topic=housing&lang=en")) == [
            "Gericht", "Breed"]
        with recorded_statements(db.engine) as statements:
            response = client.get("/search?where=9712+KN&topic=housing&lang=en")
        assert names(response) == ["Gericht", "Breed"]
        assert "Housing near" in parse(response).select_one(".pn-search-summary__what").text
        assert not [sql for sql in statements if "FROM topics" in sql]
        housing.keywords = "alles"
        db.session.commit()
        assert names(client.get("/search?where=9712+KN&topic=housing")) == ["Breed", "Gericht"]
