"""User text reaches the map only as data: never as template source, never as inline script."""

import json
import os
import re

import pytest

from tests import factories
from tests.factories import CENTRE
from tests.html import parse
from tests.support.payloads import INJECTION_PAYLOADS


def map_data(page) -> dict:
    return json.loads(page.select_one(".pn-map")["data-map"])


def standalone(number: int | str, text: str) -> bool:
    """The number on its own: not inside an id, a coordinate or a longer number."""
    return re.search(rf"(?<![\w.]){number}(?![\w.])", text) is not None


def inline_scripts(page) -> str:
    return "\n".join(script.string or "" for script in page.select("script:not([src])"))


@pytest.mark.parametrize("payload", INJECTION_PAYLOADS)
def test_every_text_that_reaches_the_results_map_stays_data(client, payload):
    organisation = factories.create_organisation(name=f"Org {payload}")
    point = factories.create_support_point(
        organisation=organisation, name=payload, street=f"Straat {payload}",
        latitude=CENTRE[0], longitude=CENTRE[1])
    factories.create_offer(organisation=organisation, support_points=[point],
                           title=f"Aanbod {payload}")
    page = parse(client.get("/search?where=9712"))

    assert [marker["name"] for marker in map_data(page)["markers"]] == [payload]
    assert page.select_one(".pn-result__name").get_text(strip=True) == payload
    scripts = inline_scripts(page)
    for text in (payload, "Org ", "Straat ", "Aanbod "):
        assert text not in scripts
    assert "evaluated" not in page.get_text().replace(payload, "")
    assert not standalone(os.getpid(), scripts)


def test_template_syntax_in_a_name_is_not_evaluated(client):
    factories.create_offered_point(CENTRE, "{{7*7}}")
    body = client.get("/search?where=9712").get_data(as_text=True)
    assert not standalone(49, body)
    assert "{{7*7}}" in parse(client.get("/search?where=9712")).get_text()


@pytest.mark.parametrize("payload", INJECTION_PAYLOADS)
def test_the_point_map_for_its_coordinator_keeps_the_name_as_data(client, auth, payload):
    coordinator = auth.login(as_="coordinator")
    point = factories.create_support_point(organisation=coordinator.organisation, name=payload)
    page = parse(client.get(f"/partner/points/{point.id}/edit"))

    assert [marker["name"] for marker in map_data(page)["markers"]] == [payload]
    assert payload not in inline_scripts(page)
    assert not standalone(os.getpid(), inline_scripts(page))
