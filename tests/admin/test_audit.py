"""The audit trail can be read (filtered, paged, exported; the export is itself audited), and
the database keeps it append-only (criterion 20)."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from partnernet.clock import LOCAL_TIMEZONE
from partnernet.models import AuditEvent
from tests import factories
from tests.html import error_summary, parse

NOW = datetime.now(UTC)


def add_event(db, **values) -> AuditEvent:
    event = AuditEvent(**{"action": "referral_view", "object_type": "referral",
                          "object_id": "7", "at": NOW, **values})
    db.session.add(event)
    db.session.commit()
    return event


def shown_actions(response) -> list[str]:
    return [code.get_text() for code in parse(response).select("main table code")]


def test_administrators_filter_the_trail(client, auth, db):
    admin = auth.login(as_="admin")
    staff = factories.create_user(role="staff")
    add_event(db, actor_id=staff.id, actor_role="staff", action="referral_view",
              object_id="42")
    add_event(db, actor_id=staff.id, actor_role="staff", action="referral_update",
              object_id="43")
    add_event(db, action="referral_view", object_id="44", at=NOW - timedelta(days=400))
    everything = client.get("/admin/audit")
    assert {"referral_view", "referral_update", "login"} <= set(shown_actions(everything))
    by_person = client.get(f"/admin/audit?person={staff.id}")
    assert sorted(shown_actions(by_person)) == ["referral_update", "referral_view"]
    by_record = client.get("/admin/audit?object_type=referral&object_id=43")
    assert shown_actions(by_record) == ["referral_update"]
    by_action = client.get(f"/admin/audit?action=login&person={admin.id}")
    assert shown_actions(by_action) == ["login"]
    # The filter's days are Groningen's: from 23:00 UTC (22:00 in summer) the UTC date is a day
    # behind.
    last_year = (NOW - timedelta(days=400)).astimezone(LOCAL_TIMEZONE).date()
    old = client.get(f"/admin/audit?start={last_year - timedelta(days=1)}&end={last_year}")
    assert shown_actions(old) == ["referral_view"]


def test_the_trail_is_paged(client, auth, db):
    auth.login(as_="admin")
    for n in range(60):
        add_event(db, object_id=str(n))
    first, second = client.get("/admin/audit"), client.get("/admin/audit?page=2")
    assert len(shown_actions(first)) == 50 and len(shown_actions(second)) == 11


def test_a_wrong_period_is_named(client, auth):
    auth.login(as_="admin")
    response = client.get("/admin/audit?start=morgen&end=2026-01-01")
    assert response.status_code == 400 and error_summary(response)


def test_the_export_holds_the_rows_and_is_audited(client, auth, db):
    auth.login(as_="admin")
    add_event(db, object_id="=HYPERLINK(1)")
    response = client.get("/admin/audit.csv?action=referral_view&lang=en")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Time (UTC)" and len(rows) == 2
    assert rows[1][8] == "'=HYPERLINK(1)"  # never run as a formula
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "audit_export")) == 1


@pytest.mark.parametrize("role", ["staff", "coordinator", "volunteer"])
def test_only_administrators_read_the_trail(client, auth, role):
    auth.login(as_=role)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def refused(db, statement: str, **parameters) -> bool:
    db.session.rollback()  # the test's own reads hold no lock a TRUNCATE would wait for
    try:
        with db.engine.begin() as connection:
            connection.execute(text(statement), parameters)
    except DBAPIError:
        return True
    return False


def test_no_row_of_the_trail_can_be_changed(db):
    event = add_event(db)
    assert refused(db, "UPDATE access_log SET action = 'nothing' WHERE id = :id", id=event.id)
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).action == "referral_view"


def test_a_row_is_removed_only_after_its_period(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the embedded SQLite demo database guards against updates only")
    recent = add_event(db, at=NOW - timedelta(days=700))
    expired = add_event(db, at=NOW - timedelta(days=760))
    assert refused(db, "DELETE FROM access_log WHERE id = :id", id=recent.id)
    assert refused(db, "TRUNCATE access_log")
    assert not refused(db, "DELETE FROM access_log WHERE id = :id", id=expired.id)
    assert db.session.scalars(select(AuditEvent.id)).all() == [recent.id]
