"""The results' cards are rendered once per worker and shown again (directory/cards.py): what
a card shows must still change the moment it should, and what differs per search (the number,
the distance, the page's nonce) must differ."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import template_rendered
from freezegun import freeze_time

from partnernet.extensions import db
from partnernet.models import Closure, OpeningPeriod, Topic
from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import parse

PADDEPOEL = (53.2295, 6.5460)
MONDAY_TEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Groningen


@pytest.fixture
def card_renders(app):
    rendered = []

    def note(_sender, template, context, **_extra):
        if template.name == "directory/_result.html":
            rendered.append(context["match"].point.name)

    template_rendered.connect(note, app)
    yield rendered
    template_rendered.disconnect(note, app)


def cards(response) -> list[dict]:
    return [{"id": item["id"], "name": item.select_one(".pn-result__name a").get_text(strip=True),
             "distance": item.select_one(".pn-result__where strong").get_text(strip=True),
             "text": item.get_text(" ", strip=True)}
            for item in parse(response).select(".pn-result")]


def first_card(client) -> str:
    return cards(client.get("/search?where=9712&lang=en"))[0]["text"]


def test_a_card_is_rendered_once_and_numbered_and_measured_per_search(client, card_renders):
    offer_at(CENTRE, "Bieb")
    offer_at(PADDEPOEL, "Buurthuis")
    from_centre = cards(client.get("/search?where=9712&lang=en"))
    again = cards(client.get("/search?where=9712&lang=en"))
    from_paddepoel = cards(client.get("/search?where=Paddepoel&lang=en"))
    assert sorted(card_renders) == ["Bieb", "Buurthuis"]
    assert again == from_centre
    assert [card["name"] for card in from_centre] == ["Bieb", "Buurthuis"]
    assert [card["name"] for card in from_paddepoel] == ["Buurthuis", "Bieb"]
    assert [card["id"] for card in from_paddepoel] == ["result-1", "result-2"]
    assert from_centre[0]["distance"] != from_paddepoel[1]["distance"]
    assert "pn-number-" not in str(from_paddepoel) and "pn-distance-" not in str(from_paddepoel)


def test_a_card_is_rendered_once_for_every_topic_with_each_topics_own_words(client,
                                                                           card_renders):
    """What a place offers is said in the searched topic's words; the rest of its card is the
    same whatever topic was searched, and rendered once."""
    digid = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    housing = factories.create_topic(code="housing", name_nl="Wonen", name_en="Housing")
    offer_at(CENTRE, "Bieb", offer={"topics": [digid, housing], "title": "DigiD-spreekuur"})
    with freeze_time(MONDAY_TEN):  # kept cards are forgotten when a window ends
        helps = {topic: cards(client.get("/search", query_string={
            "where": "9712", "topic": topic, "lang": "en"}))[0]["text"]
            for topic in ("", "digid", "housing", "digid")}
    assert card_renders == ["Bieb"]
    assert "Help with: DigiD-spreekuur" in helps[""]
    assert "Help with DigiD: DigiD-spreekuur" in helps["digid"]
    assert "Housing is part of broader help here: DigiD-spreekuur" in helps["housing"]
    assert all("pn-help-" not in text for text in helps.values())


def test_todays_hours_follow_the_day(client):
    offer_at(CENTRE, "Bieb", opening_periods=[
        OpeningPeriod(weekday=0, opens=time(9), closes=time(12)),
        OpeningPeriod(weekday=1, opens=time(13), closes=time(17))])
    with freeze_time(MONDAY_TEN):
        assert "Today open 9:00–12:00" in first_card(client)
    with freeze_time(MONDAY_TEN + timedelta(days=1)):
        assert "Today open 13:00–17:00" in first_card(client)
    with freeze_time(MONDAY_TEN + timedelta(days=2)):
        assert "Today closed" in first_card(client)


def test_a_closure_shows_the_day_it_starts(client):
    point = offer_at(CENTRE, "Bieb")
    with freeze_time(MONDAY_TEN):
        assert "Today open 9:00–17:00" in first_card(client)
        db.session.add(Closure(support_point=point, starts_on=date(2026, 11, 23),
                               ends_on=date(2026, 11, 23)))
        db.session.commit()
        assert "Today closed" in first_card(client)


def test_open_now_is_asked_at_each_search(client):
    offer_at(CENTRE, "Bieb", opening_periods=[
        OpeningPeriod(weekday=0, opens=time(9), closes=time(12))])
    with freeze_time(MONDAY_TEN):
        assert [card["name"] for card in cards(client.get("/search?where=9712&open_now=y"))] == [
            "Bieb"]
    with freeze_time(MONDAY_TEN + timedelta(hours=3)):
        assert cards(client.get("/search?where=9712&open_now=y")) == []


def test_a_place_may_be_outdated_from_its_day_on(client):
    offer_at(CENTRE, "Bieb", assured_date=date(2026, 5, 28))  # 179 days before 23 November
    with freeze_time(MONDAY_TEN):
        assert "may be outdated" not in first_card(client)
    with freeze_time(MONDAY_TEN + timedelta(days=1)):
        assert "may be outdated" in first_card(client)


def test_a_changed_place_offer_or_organisation_shows_at_once(client):
    point = offer_at(CENTRE, "Bieb")
    cards(client.get("/search?where=9712&lang=en"))
    point.name = "Bibliotheek"
    point.organisation.name = "Biblionet"
    point.offers[0].title = "Hulp met DigiD"
    db.session.commit()
    text = first_card(client)
    assert "Bibliotheek" in text and "Biblionet" in text and "Hulp met DigiD" in text


def test_a_renamed_topic_shows_at_once(client):
    digid = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    offer_at(CENTRE, "Bieb", offer={"topics": [digid], "title": "DigiD-spreekuur"})
    assert "Help with DigiD:" in cards(client.get("/search?where=9712&topic=digid&lang=en"))[0][
        "text"]
    db.session.get(Topic, digid.id).name_en = "DigiD and eHerkenning"
    db.session.commit()
    assert "Help with DigiD and eHerkenning:" in cards(
        client.get("/search?where=9712&topic=digid&lang=en"))[0]["text"]


def test_each_language_and_the_embedded_search_have_their_own_cards(client):
    offer_at(CENTRE, "Bieb")
    english = first_card(client)
    dutch = cards(client.get("/search?where=9712&lang=nl"))[0]["text"]
    assert "Today" in english and "Vandaag" in dutch
    embedded = parse(client.get("/embed/search?where=9712&lang=en")).select_one(
        ".pn-result__name a")
    full = parse(client.get("/search?where=9712&lang=en")).select_one(".pn-result__name a")
    assert embedded["target"] == "_blank" and not full.has_attr("target")


def test_each_results_page_has_its_own_nonce(client):
    offer_at(CENTRE, "Bieb")
    first, second = (client.get("/search?where=9712") for _ in range(2))
    nonces = [parse(response).select_one("script[nonce]")["nonce"] for response in (first,
                                                                                     second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_rendering_a_card_asks_the_database_nothing(client):
    """Within one window of the kept topics (the clock is stopped: a slow search that crossed
    into the next one read the topics again, two statements more, on a loaded CI machine)."""
    from tests.support.queries import statements_for

    for n in range(3):
        offer_at((CENTRE[0] + n * 0.001, CENTRE[1]), f"Plek {n}")
    with freeze_time(MONDAY_TEN):
        client.get("/search?where=9712")  # the first search of a worker reads what stays
        client.application.extensions.pop("result_cards")
        client.application.extensions.pop("result_help_texts")
        cold = statements_for(client, db.engine, "/search?where=9712")
        warm = statements_for(client, db.engine, "/search?where=9712")
    assert cold == warm


def test_a_page_reads_todays_hours_with_its_places(client, db):
    """A statement less per page (a round trip and SQLAlchemy's work): today's hours come with
    the places, in order of opening, whatever order they were entered in."""
    from tests.support.queries import recorded_statements

    offer_at(CENTRE, "Bieb", opening_periods=[
        OpeningPeriod(weekday=0, opens=time(13, 30), closes=time(17)),
        OpeningPeriod(weekday=0, opens=time(9), closes=time(12, 15))])
    with freeze_time(MONDAY_TEN):
        first_card(client)
        with recorded_statements(db.engine) as statements:
            card = first_card(client)
    assert not [sql for sql in statements if sql.startswith("SELECT opening_periods")]
    assert "Today open 9:00–12:15 and 13:30–17:00" in card
