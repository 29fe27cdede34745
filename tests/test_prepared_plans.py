"""PostgreSQL's plans are kept from one request to the next: a request that changed nothing
ends its transaction with COMMIT, so psycopg keeps the statements it prepared (it forgets them
all at a ROLLBACK). A request that changed something is never committed by it."""

import pytest
from sqlalchemy import event, select

from partnernet.models import Topic
from partnernet.prepared_plans import commit_if_nothing_written
from tests import factories


def test_a_search_s_statements_stay_prepared_from_one_request_to_the_next(client, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements")
    factories.create_offered_point(factories.CENTRE, "Bibliotheek")
    used = []

    def note(dbapi_connection, _record, _proxy):
        used.append(dbapi_connection)

    event.listen(db.engine, "checkout", note)
    try:
        for _ in range(8):  # psycopg prepares a statement at its sixth run on a connection
            assert client.get("/search?where=9712").status_code == 200
    finally:
        event.remove(db.engine, "checkout", note)
    connection = used[-1]  # back in the pool: free to ask
    prepared = connection.execute(
        "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
        "WHERE statement LIKE 'WITH%'").fetchall()
    connection.rollback()
    assert prepared, "the nearest query is prepared on the connection"
    assert prepared[0][0] >= 2, "and run from its prepared plan in later requests"


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
