"""How many SQL statements a request costs: for tests that a page's queries do not grow with
what it shows."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


def statements_for(client, engine, url: str) -> int:
    """The statements the database got while `client` asked for `url` (which must answer)."""
    statements = []

    def count(*_arguments) -> None:
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(statements)


@contextmanager
def recorded_statements(engine) -> Iterator[list[str]]:
    """The SQL of every statement the database gets within the block."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_arguments) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
