"""PostgreSQL's plans kept from one request to the next.

psycopg prepares a statement that a connection runs often, so PostgreSQL parses and plans it
once for that connection. It forgets every one of them at a ROLLBACK (a rollback may undo a
table they refer to). Each request ended with one: closing the session rolls its transaction
back. So every request planned its statements anew; the search's nearest query alone took
2 ms to plan at 50,000 points, and ran in 1.

A request that changed nothing now ends its transaction with COMMIT, which for such a
transaction is the same as a rollback, and psycopg keeps what it prepared. PostgreSQL says
whether the transaction changed anything: one that wrote no row and locked none has no
transaction id yet. Any doubt (an error, a pending object, another database) leaves the
rollback as it was."""

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from partnernet.extensions import db


def keep_prepared_plans(app: Flask) -> None:
    # Teardown functions run last registered first: this one before Flask-SQLAlchemy's,
    # which closes the session.
    @app.teardown_appcontext
    def _end_reading_transaction_with_commit(error: BaseException | None) -> None:
        if error is None:
            commit_if_nothing_written()


def commit_if_nothing_written() -> None:
    session = db.session()  # this context's session, not the registry
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            return
        if connection.exec_driver_sql("SELECT txid_current_if_assigned()").scalar() is None:
            _commit_keeping_what_was_loaded(session)
    except SQLAlchemyError:
        return  # the session's own rollback follows


def _commit_keeping_what_was_loaded(session) -> None:
    """Closing the session leaves its objects loaded; so must this commit: a streamed page
    (an import's progress) goes on using them after the teardown."""
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
