"""Coordinators see and export their organisation's logs with the volunteers' names; staff see
every organisation's logs without names; nobody sees another organisation's."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from partnernet.clock import local_today
from partnernet.models import AuditEvent
from tests.html import error_summary, parse
from tests.support.assistance_world import log

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


def rows_of(response) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in parse(response).select("main table tbody tr")]


def csv_rows(response, delimiter=";") -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.fixture
def logs(world):
    log(world.a, 0, on=date(2026, 3, 2), topics=[world.digid], minutes=45)
    log(world.a, 1, on=date(2026, 3, 20), topics=[world.housing], channel="phone")
    log(world.b, 0, on=date(2026, 3, 5), topics=[world.digid])
    return world


def test_a_coordinator_sees_the_own_organisations_logs_with_names(client, auth, logs):
    auth.login(user=logs.a.coordinator)
    rows = rows_of(client.get("/partner/assistance", query_string={**YEAR, "lang": "en"}))
    assert [(row[1], row[2]) for row in rows] == [("Bieb Zuid", "Anna Vrijwilliger"),
                                                  ("Bieb Noord", "Anna Vrijwilliger")]
    assert "Buurthuis" not in client.get("/partner/assistance", query_string=YEAR).get_data(
        as_text=True)


@pytest.mark.parametrize(("query", "places"), [
    ({"support_point": "{noord}"}, ["Bieb Noord"]),
    ({"topic": "housing"}, ["Bieb Zuid"]),
    ({"start": "2026-03-10", "end": "2026-03-31"}, ["Bieb Zuid"]),
    ({"volunteer": "{anna}"}, ["Bieb Zuid", "Bieb Noord"]),
])
def test_filters(client, auth, logs, query, places):
    auth.login(user=logs.a.coordinator)
    ids = {"noord": logs.a.points[0].id, "anna": logs.a.volunteer.id}
    query = {name: value.format(**ids) for name, value in {**YEAR, **query}.items()}
    assert [row[1] for row in rows_of(client.get("/partner/assistance", query_string=query))] \
        == places


def test_another_organisations_place_or_volunteer_cannot_be_chosen(client, auth, logs):
    auth.login(user=logs.a.coordinator)
    for name, guessed in (("support_point", logs.b.points[0].id),
                          ("volunteer", logs.b.volunteer.id)):
        response = client.get("/partner/assistance",
                              query_string={"lang": "en", **YEAR, name: guessed})
        assert response.status_code == 200
        assert error_summary(response) == ["Choose one of the options in the list"]
        assert rows_of(response) == []


def test_the_period_is_this_month_unless_chosen_and_must_make_sense(client, auth, logs):
    auth.login(user=logs.a.coordinator)
    page = parse(client.get("/partner/assistance?lang=en"))
    assert page.select_one("#start")["value"] == local_today().replace(day=1).isoformat()
    response = client.get("/partner/assistance",
                          query_string={"lang": "en", "start": "2026-03-31", "end": "2026-03-01"})
    assert error_summary(response) == ["The last day cannot be before the first day"]
    response = client.get("/partner/assistance", query_string={
        "lang": "en", "start": "1-3-2026", "end": "31/3/2026"})  # typed without a date picker
    assert [row[1] for row in rows_of(response)] == ["Bieb Zuid", "Bieb Noord"]
    response = client.get("/partner/assistance",
                          query_string={"lang": "en", "start": "maart", "end": "2026-03-01"})
    assert error_summary(response) == ["Enter the first day, for example 1-3-2026"]


def test_the_export_is_a_spreadsheet_of_the_own_logs(client, auth, db, logs):
    auth.login(user=logs.a.coordinator)
    response = client.get("/partner/assistance/export.csv", query_string=YEAR)
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["Datum", "Plaats", "Onderwerpen", "Minuten"]
    assert [row[:2] for row in rows] == [["2026-03-02", "Bieb Noord"],
                                         ["2026-03-20", "Bieb Zuid"]]
    assert rows[0][3] == "45" and rows[0][10] == "Anna Vrijwilliger"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "assistance_export")) == "assistance_export"


def test_the_english_export_uses_commas(client, auth, logs):
    auth.login(user=logs.a.coordinator)
    response = client.get("/partner/assistance/export.csv", query_string={**YEAR, "lang": "en"})
    header, *_rows = csv_rows(response, delimiter=",")
    assert header[:2] == ["Date", "Place"]


def test_a_note_a_spreadsheet_would_run_is_kept_as_text(client, auth, logs):
    log(logs.a, on=date(2026, 4, 1), note="=HYPERLINK(\"http://evil.example\")")
    auth.login(user=logs.a.coordinator)
    *_, last = csv_rows(client.get("/partner/assistance/export.csv", query_string=YEAR))
    assert last[-1] == "'=HYPERLINK(\"http://evil.example\")"


def test_the_export_reads_in_batches_and_misses_nothing(client, auth, logs, monkeypatch):
    from partnernet.assistance import export

    monkeypatch.setattr(export, "BATCH", 2)
    for day in (1, 1, 1, 2, 3, 3, 3):  # batches of two split days
        log(logs.a, on=date(2026, 5, day), topics=[logs.digid], obstacles=["no_digid"])
    auth.login(user=logs.a.coordinator)
    _header, *rows = csv_rows(client.get("/partner/assistance/export.csv",
                                         query_string=YEAR))
    assert [row[0] for row in rows] == ["2026-03-02", "2026-03-20"] + [
        f"2026-05-0{day}" for day in (1, 1, 1, 2, 3, 3, 3)]
    assert all(row[2] == "DigiD" and row[7] == "Geen DigiD" for row in rows[2:])


def test_staff_see_every_organisation_without_volunteer_names(client, auth, logs):
    auth.login(user=logs.staff)
    response = client.get("/staff/assistance", query_string={**YEAR, "lang": "en"})
    assert [row[1] for row in rows_of(response)] == ["Bibliotheek A", "Buurthuis B",
                                                      "Bibliotheek A"]
    assert "Vrijwilliger" not in response.get_data(as_text=True)
    only_b = client.get("/staff/assistance", query_string={
        **YEAR, "organisation": logs.b.organisation.id})
    assert [row[1] for row in rows_of(only_b)] == ["Buurthuis B"]
    export = client.get("/staff/assistance/export.csv", query_string={**YEAR, "lang": "nl"})
    header, *rows = csv_rows(export)
    assert header[10] == "Organisatie"
    assert "Vrijwilliger" not in export.get_data(as_text=True)


def test_a_volunteer_sees_only_the_own_logs(client, auth, logs):
    auth.login(user=logs.a.volunteer)
    for url in ("/partner/assistance", "/partner/assistance/export.csv", "/partner/figures",
                "/staff/assistance"):
        assert client.get(url).status_code == 403, url
