"""PostgreSQL's plans are kept from one request to the next: a request that changed nothing
ends its transaction with COMMIT, so psycopg keeps the statements it prepared (it forgets them
all at a ROLLBACK). A request that changed something is never committed by it."""

import pytest
from sqlalchemy import event, select

from partnernet.geo import search
from partnernet.models import OfferLanguage, Topic
from partnernet.prepared_plans import commit_if_nothing_written
from tests import factories


def runs_from_prepared_plans(client, db, urls) -> dict[str, int]:
    """Ask for each of `urls`; then, per statement prepared on the connection that answered
    the last one, how often it ran from its prepared plan (by the start of its SQL)."""
    plans = plans_of_prepared_statements(client, db, urls)
    return {statement: generic + custom for statement, (generic, custom) in plans.items()}


def plans_of_prepared_statements(client, db, urls) -> dict[str, tuple[int, int]]:
    """As runs_from_prepared_plans: how often each statement ran from its one plan for every
    value (generic), and how often PostgreSQL planned it for the values given (custom)."""
    used = []

    def note(dbapi_connection, _record, _proxy):
        used.append(dbapi_connection)

    event.listen(db.engine, "checkout", note)
    try:
        for url in urls:
            assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "checkout", note)
    connection = used[-1]  # back in the pool: free to ask
    prepared = connection.execute("SELECT statement, generic_plans, custom_plans "
                                  "FROM pg_prepared_statements").fetchall()
    connection.rollback()
    return {statement[:60]: (generic, custom) for statement, generic, custom in prepared}


def test_a_search_s_statements_stay_prepared_from_one_request_to_the_next(client, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements")
    factories.create_offered_point(factories.CENTRE, "Bibliotheek")
    # psycopg prepares a statement at its sixth run on a connection
    runs = runs_from_prepared_plans(client, db, ["/search?where=9712"] * 8)
    nearest = [count for statement, count in runs.items() if statement.startswith("WITH")]
    assert nearest and nearest[0] >= 2, "the nearest query runs from its prepared plan"


def test_a_kind_of_search_is_planned_once_from_its_first_run(client, db, monkeypatch):
    """The nearest query of a kind of search (a topic and a language, say) is planned once on
    a connection, for every place, from its first run. Planned for each search's place, it
    cost PostgreSQL more than running it (3.5 ms of 7 for a search with a topic, at 50,000
    points); and psycopg prepares a statement only at its sixth run, which a rare kind of
    search seldom reaches before it is pushed out by others."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans of prepared statements")
    monkeypatch.setattr(search, "FEW_FIT", -1)  # the area drives, as in a city
    digid = factories.create_topic(code="digid")
    factories.create_offered_point(factories.CENTRE, "Bibliotheek", offer={
        "topics": [digid], "languages": [OfferLanguage(code="en")]})
    plans = plans_of_prepared_statements(client, db, [
        f"/search?where={where}&topic=digid&language=en" for where in ("9712", "9741", "9745")])
    nearest = [runs for statement, runs in plans.items() if statement.startswith("WITH")]
    assert nearest, "the nearest query is prepared at its first run"
    generic, custom = nearest[0]
    assert (generic, custom) == (3, 0), "one plan for every place"


def test_a_page_s_statements_stay_prepared_whatever_its_places_ids(client, db):
    """The page's places are one parameter. As separate values, psycopg sent each id as int2
    or int4 by its size, so pages whose ids differed in that way were different statements to
    it, and none ran often enough to be prepared."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements")
    from partnernet.geo import locator

    here, there = locator().locate("9712"), locator().locate("9741")
    factories.create_offered_point((here.latitude, here.longitude), "Hier")
    factories.create_offered_point((there.latitude, there.longitude), "Daar", id=40_000)
    runs = runs_from_prepared_plans(client, db, ["/search?where=9712", "/search?where=9741"] * 4)
    points = [count for statement, count in runs.items()
              if statement.startswith("SELECT support_points.id, support_points.public_id")]
    assert points and points[0] >= 2, "the page's places are read with a prepared plan"


def test_what_a_request_changed_is_never_committed_by_it(app, db):
    """A view that wrote and then gave up (without an error) leaves a transaction with a
    change: it is rolled back, as before."""
    with app.app_context():
        db.session.add(Topic(code="nooit", name_nl="Nooit", name_en="Never", position=99))
        db.session.flush()
        commit_if_nothing_written()
        db.session.remove()
    with app.app_context():
        assert db.session.scalar(select(Topic).where(Topic.code == "nooit")) is None


def test_a_request_that_only_read_ends_without_a_transaction(app, db):
    with app.app_context():
        db.session.scalar(select(Topic.id))
        commit_if_nothing_written()
        assert db.session().in_transaction() is (db.engine.dialect.name != "postgresql")
