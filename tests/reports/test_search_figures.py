"""What residents look for (issue 17, point 4), as staff see it: searches and those without
help within 5 km, by postcode area, topic and filters, each checked to its exact value."""

from datetime import date

import pytest

from partnernet.models import SearchCount
from tests import factories
from tests.html import parse

SEPTEMBER = {"start": "2026-09-01", "end": "2026-09-30", "lang": "en"}


@pytest.fixture
def searched(app, db):
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    for day, area, topic, filters, searches, without in (
            (date(2026, 9, 1), "9741", "digid", "", 10, 1),
            (date(2026, 9, 2), "9741", "", "language:ar wheelchair", 4, 4),
            (date(2026, 9, 2), "9791", "digid", "", 6, 6),
            (date(2026, 9, 30), "", "", "", 2, 2),
            (date(2026, 8, 31), "9741", "digid", "", 100, 100),  # outside the period
            (date(2026, 10, 1), "9791", "", "", 100, 100)):
        db.session.add(SearchCount(day=day, postcode_area=area, topic=topic, filters=filters,
                                   searches=searches, without_help_nearby=without))
    db.session.commit()


def table(page, key) -> list[tuple[str, str, str]]:
    return [tuple(cell.get_text(strip=True) for cell in row.select("th, td"))
            for row in page.select(f"#table-{key} tbody tr")]


def test_staff_see_where_help_is_sought_and_not_found(client, auth, searched):
    auth.login(as_="staff")
    page = parse(client.get("/staff/figures/searches", query_string=SEPTEMBER))
    assert page.select_one("#figure-searches").get_text(strip=True) == "22"
    assert page.select_one("#figure-without").get_text(strip=True) == "13"
    assert table(page, "by_area") == [("9791", "6", "6"), ("9741", "14", "5"),
                                      ("Outside the municipality or not found", "2", "2")]
    assert table(page, "by_topic") == [("DigiD", "16", "7"), ("No topic chosen", "6", "6")]
    assert table(page, "by_filters") == [("No other filters", "18", "9"),
                                         ("Arabic · Wheelchair accessible", "4", "4")]
    assert "What was typed is never kept" in page.select_one("#how-we-count").parent.get_text()


def test_only_staff_see_the_searches(client, auth, searched):
    assert client.get("/staff/figures/searches").status_code == 302
    auth.login(as_="coordinator")
    assert client.get("/staff/figures/searches").status_code == 403
