"""What residents look for (issue 17, point 4): searches counted per day, postcode area, topic
and filters, with those that found no help within 5 km; never the typed text, never per
person, no cookie."""

from datetime import date

import pytest
from sqlalchemy import select

from partnernet.clock import local_today
from partnernet.directory.search_counts import SearchKey, SearchTally
from partnernet.models import SearchCount
from tests import factories
from tests.factories import CENTRE

now = pytest.mark.app_config(SEARCH_COUNT_SECONDS=0)  # written at once, not each minute


def counts(db) -> list[tuple]:
    return sorted(db.session.execute(select(
        SearchCount.day, SearchCount.postcode_area, SearchCount.topic, SearchCount.filters,
        SearchCount.searches, SearchCount.without_help_nearby)).all())


@now
def test_searches_are_counted_by_area_topic_and_filters(client, db):
    factories.create_offered_point(CENTRE, "Forum")
    digid = factories.create_topic(code="digid")
    today = local_today()
    for _ in range(3):
        assert client.get("/search", query_string={"where": "9712"}).status_code == 200
    client.get("/search", query_string={"where": "9712 KN", "topic": "digid",
                                        "wheelchair": "1", "language": "en"})
    client.get("/search", query_string={"where": "9712", "page": "2"})  # the same search
    # Ten Boer lies about 13 km from the only place with help.
    client.get("/search", query_string={"where": "Ten Boer"})
    client.get("/search", query_string={"where": "Nergenshuizen"})  # not found
    client.get("/search", query_string={"where": "1011"})  # Amsterdam: outside
    assert digid.code == "digid"
    assert counts(db) == sorted([
        (today, "9712", "", "", 3, 0),
        (today, "9712", "digid", "language:en wheelchair", 1, 1),  # nothing fits it
        (today, "9791", "", "", 1, 1),
        (today, "", "", "", 2, 2),
    ])


@now
def test_no_typed_text_no_cookie(client, db):
    factories.create_offered_point(CENTRE, "Forum")
    response = client.get("/search", query_string={"where": "Diamantlaan 94, 9743 Groningen"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    stored = " ".join(str(value) for row in counts(db) for value in row)
    assert "Diamantlaan" not in stored and "94" not in stored.split()
    assert counts(db) == [(local_today(), "9743", "", "", 1, 0)]  # the Forum is 3 km away


def test_counts_wait_in_memory_and_add_up_across_workers(app, db):
    """Two processes' tallies write to the same rows: each adds to what is there."""
    key = SearchKey(date(2026, 9, 1), "9741", "digid", "")
    first, second = SearchTally(every_seconds=3600), SearchTally(every_seconds=3600)
    first.count(key, nearby=True)
    first.count(key, nearby=False)
    second.count(key, nearby=False)
    assert counts(db) == []  # not yet due
    first.write()
    second.write()
    second.write()  # nothing left to write
    assert counts(db) == [(date(2026, 9, 1), "9741", "digid", "", 3, 2)]


def test_a_minute_of_counts_is_written_in_one_statement(app, db):
    """The search that finds the counts due writes them, and the worker answers nothing else
    meanwhile: one statement per key took a second for 1,500 keys (PostgreSQL, a minute of a
    load test), and that search and the ones waiting behind it waited as long."""
    from tests.support.queries import recorded_statements

    tally = SearchTally(every_seconds=3600)
    keys = [SearchKey(date(2026, 9, 1), f"97{area:02d}", topic, "")
            for area in range(10, 60) for topic in ("", "digid", "housing")]
    for key in keys:
        tally.count(key, nearby=True)
    tally.count(keys[0], nearby=False)
    with recorded_statements(db.engine) as statements:
        tally.write()
    assert len([sql for sql in statements if sql.startswith("INSERT")]) == 1
    written = counts(db)
    assert len(written) == len(keys)
    assert (date(2026, 9, 1), "9710", "", "", 2, 1) in written
    tally.count(keys[0], nearby=True)
    tally.write()
    assert (date(2026, 9, 1), "9710", "", "", 3, 1) in counts(db)
