"""The search form above the results is rendered once per worker for each choice of filters
(issue 18, point 3: its fields cost a search about 1 ms, an eighth of a repeated search). What
each search shows of its own, the place typed and the filters chosen, must still be its own."""

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from freezegun import freeze_time
from werkzeug.datastructures import MultiDict

from partnernet import page_cache
from partnernet.search_form import search_form
from tests import factories
from tests.factories import CENTRE
from tests.factories import create_offered_point as offer_at
from tests.html import parse


def search_box(response):
    return parse(response).select_one("main form.pn-search")


def test_each_search_shows_the_place_typed_for_it(client):
    offer_at(CENTRE, "Bieb")
    for where in ("9712", "Paddepoel", "9712", "9711 AB"):
        form = search_box(client.get("/search", query_string={"where": where}))
        assert form.select_one("input[name=where]")["value"] == where


def test_each_search_shows_the_filters_chosen_for_it(client):
    digid = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    offer_at(CENTRE, "Bieb", offer={"topics": [digid]})
    searches = [{"topic": "digid", "open_now": "y"}, {}, {"topic": "digid", "free": "y"},
                {"topic": "digid", "open_now": "y"}]
    for chosen in searches:
        form = search_box(client.get("/search", query_string={"where": "9712", **chosen}))
        assert form.select_one("select[name=topic] option[selected]")["value"] == (
            chosen.get("topic", ""))
        ticked = {box["name"] for box in form.select("input[type=checkbox][checked]")}
        assert ticked == set(chosen) - {"topic"}
        assert form.select_one("details.pn-filters").has_attr("open") == (len(chosen) > 1)


@pytest.mark.parametrize("typed", ['9712" autofocus onfocus="alert(1)', "<b>9712</b> & 'co'",
                                   "pn-where", "{{ 7 * 7 }}"])
def test_the_place_typed_stays_text_in_a_kept_form(app, typed):
    """Text in the attribute, escaped as WTForms escapes it, whatever it holds; rendered
    beside a kept form for other text, the page is the one rendered without it."""
    template = "{{ kept_search_form(form, 'directory.search', true) }}"
    with app.test_request_context("/search"):
        rendered = [render_template_string(template, form=search_form(MultiDict(
            {"where": where, "topic": ""}))) for where in ("9712", typed)]
        fresh = render_template_string(
            "{% with with_filters = true %}{% include 'directory/_search_form.html' %}"
            "{% endwith %}", form=search_form(MultiDict({"where": typed, "topic": ""})),
            search_endpoint="directory.search")
    where = BeautifulSoup(rendered[1], "html.parser").select_one("input[name=where]")
    assert where["value"] == typed
    assert rendered[1] == fresh


def test_a_form_with_a_problem_is_rendered_for_itself(client):
    """The message beside the field is the search's own: such a form is not kept."""
    for where in ("Atlantis", "Xanadu"):
        form = search_box(client.get("/search", query_string={"where": where, "lang": "en"}))
        assert where in form.select_one(".utrecht-form-field-error-message").get_text()
        assert form.select_one("input[name=where]")["value"] == where


def test_a_new_topic_shows_in_the_kept_form_at_once(client, db):
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    offer_at(CENTRE, "Bieb")
    client.get("/search?where=9712")
    factories.create_topic(code="toeslagen", name_nl="Toeslagen", name_en="Allowances")
    form = search_box(client.get("/search?where=9712"))
    assert "Toeslagen" in form.select_one("select[name=topic]").get_text()


def test_a_worker_keeps_a_bounded_number_of_forms(client, monkeypatch):
    """Within one window of the kept topics (the clock is stopped: forms are forgotten when a
    window ends)."""
    from partnernet import search_form as forms

    monkeypatch.setattr(forms, "MAX_KEPT_FORMS", 2)
    offer_at(CENTRE, "Bieb")
    with freeze_time("2026-12-03 10:00:00"):
        for language in ("", "en", "ar", "tr"):
            client.get("/search", query_string={"where": "9712", "language": language})
    assert len(client.application.extensions["search_forms"]) == 2


def test_the_least_recently_used_goes_first():
    kept = page_cache.Kept(generation=(), limit=2)
    kept.keep("a", "A")
    kept.keep("b", "B")
    assert kept.get("a") == "A"  # used again: now b is the least recently used
    kept.keep("c", "C")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")
    assert len(kept) == 2
