"""The council report (issue 17, point 2): a known third quarter of 2026 beside the second,
every figure of the page, the CSV and the PDF checked, small counts hidden as on the public
page, and periods that cannot be shown refused with a clear message."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from partnernet.models import AuditEvent, AuditResult, SearchCount
from tests import factories
from tests.html import error_summary, parse
from tests.support.assistance_world import log

Q3 = {"period": "2026-Q3", "lang": "en"}
FEWER, NOT_SHOWN = "fewer than 5", "not shown"


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


@pytest.fixture
def quarters(app, db, world):
    letters = factories.create_topic(code="letters", name_nl="Brieven", name_en="Letters")
    for day in range(1, 9):  # Q3: 8 about letters at the desk, 30 minutes each
        log(world.a, on=date(2026, 8, day), topics=[letters])
    for day in (1, 2):  # and 2 about DigiD by phone, 60 minutes each
        log(world.a, on=date(2026, 9, day), topics=[world.digid], channel="phone", minutes=60)
    for day in range(1, 7):  # Q2: 6 about letters at the desk
        log(world.a, on=date(2026, 5, day), topics=[letters])
    for day in range(1, 7):
        factories.create_referral(created_at=at(7, day), closed_at=at(7, day + 7),
                                  state="completed", outcome="helped")
    for day in range(1, 6):
        factories.create_referral(created_at=at(8, day), closed_at=at(8, day + 7),
                                  state="completed", outcome="not_needed")
    staff = factories.create_user(role="staff")
    audit = [("referral_view", staff, 7, AuditResult.SUCCESS)] * 3 + [
        ("resident_view", world.a.coordinator, 8, AuditResult.SUCCESS)] * 2 + [
        ("referral_view", staff, 5, AuditResult.SUCCESS),
        ("assistance_export", staff, 9, AuditResult.SUCCESS),
        ("resident_search", staff, 9, AuditResult.SUCCESS),
        ("resident_erase", staff, 9, AuditResult.SUCCESS),
        ("login", None, 9, AuditResult.SUCCESS)] + [
        ("login", None, 9, AuditResult.FAILURE)] * 4 + [
        ("login_code", staff, 9, AuditResult.FAILURE),
        ("login", None, 9, AuditResult.DENIED),  # refused, locked: failed too
        ("account_locked", staff, 9, AuditResult.DENIED)]
    for action, actor, month, result in audit:
        db.session.add(AuditEvent(
            action=action, at=at(month, 3), result=result,
            actor_id=actor and actor.id, actor_role=actor and actor.role,
            organisation_id=actor and actor.organisation_id))
    for purged in ("12", "3"):
        db.session.add(AuditEvent(action="retention_purge", object_type="referral",
                                  object_id=purged, at=at(9, 1)))
    db.session.add(SearchCount(day=date(2026, 9, 2), postcode_area="9791", topic="",
                               filters="", searches=30, without_help_nearby=12))
    db.session.add(SearchCount(day=date(2026, 6, 2), postcode_area="9791", topic="",
                               filters="", searches=10, without_help_nearby=4))
    db.session.commit()
    return staff


def section(page, key) -> dict[str, tuple[str, str]]:
    return {row.th.get_text(strip=True): tuple(cell.get_text(strip=True)
                                                for cell in row.select("td"))
            for row in page.select(f"#report-{key} tbody tr:not(.pn-report__group)")}


def test_the_report_brings_a_quarter_beside_the_one_before(client, auth, quarters):
    auth.login(user=quarters)
    response = client.get("/staff/report", query_string=Q3)
    assert response.status_code == 200
    page = parse(response)
    assert page.h1.get_text(strip=True) == (
        "Help with the municipality's services: third quarter of 2026")
    assert [group.get_text(strip=True) for group in page.select("#report-help .pn-report__group")
            ] == ["Acts of help by topic", "Acts of help by way of helping"]
    assert section(page, "help") == {
        "Acts of help": ("10", "6"), "Hours of help": ("6", "3"),
        "DigiD": (FEWER, "0"), "Letters": (NOT_SHOWN, "6"),  # 2 alone: 10 - 8 would tell
        "Walk-in": (NOT_SHOWN, "6"), "Phone": (FEWER, "0"), "Home visit": ("0", "0"),
        "Online": ("0", "0")}
    referrals = section(page, "referrals")
    assert referrals["Requests made"] == ("11", "0")
    assert referrals["Requests closed"] == ("11", "0")
    assert referrals["Helped further"] == ("55%", "–")  # none closed in the second quarter
    assert referrals["Working days to closing (median)"] == ("5", "–")
    assert referrals["Open requests nobody can act on, today"][0] == "0"
    residents = section(page, "residents")
    assert residents["Searches in the directory"] == ("30", "10")
    assert residents["Searches without help nearby"] == ("12", "4")
    assert residents["9791"] == ("12", "4")
    privacy = section(page, "privacy")
    assert privacy["Views of personal data"] == ("5", "1")
    assert privacy["Staff member, Municipality"] == ("3", "1")
    assert privacy["Coordinator, Bibliotheek A"] == ("2", "0")
    assert privacy["Exports"] == ("1", "0")
    assert privacy["Requests of residents about their data"] == ("1", "0")
    assert privacy["Records erased"] == ("1", "0")
    assert privacy["Failed sign-ins"] == ("6", "0")
    assert privacy["Lockouts"] == ("1", "0")
    assert privacy["Requests purged by retention"] == ("15", "0")
    how = page.select_one("#how-we-count").parent.get_text(" ", strip=True)
    assert "Lockouts: accounts locked after too many failed sign-ins in a row." in how


def test_the_report_downloads_as_csv_with_definitions(client, auth, quarters):
    auth.login(user=quarters)
    response = client.get("/staff/report.csv", query_string=Q3)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    letters = next(row for row in rows if row["label"] == "Letters")
    assert {key: letters[key] for key in ("section", "figure", "period", "value", "shown_as",
                                          "previous_period", "previous_value")} == {
        "section": "help", "figure": "help_by_topic", "period": "2026-Q3", "value": "",
        "shown_as": NOT_SHOWN, "previous_period": "2026-Q2", "previous_value": "6"}
    assert letters["definition"].startswith("Acts of help, by what the help was about.")
    assert all(row["definition"] for row in rows)
    assert "8" not in {row["value"] for row in rows if row["section"] == "help"}


def test_the_report_downloads_as_pdf(client, auth, quarters):
    auth.login(user=quarters)
    response = client.get("/staff/report.pdf", query_string={**Q3, "lang": "nl"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert 'filename="partnernet-council-report-2026-Q3.pdf"' in \
        response.headers["Content-Disposition"]


def test_the_report_is_in_dutch_too(client, auth, quarters):
    auth.login(user=quarters)
    page = parse(client.get("/staff/report", query_string={**Q3, "lang": "nl"}))
    assert page.h1.get_text(strip=True) == (
        "Hulp bij de diensten van de gemeente: derde kwartaal van 2026")
    assert section(page, "help")["Brieven"] == ("niet getoond", "6")


@pytest.mark.parametrize(("asked", "heading"), [
    ("2026-09", "September 2026"), ("2026", "2026"), ("2026-q3", "third quarter of 2026")])
def test_a_month_or_a_year_too(client, auth, quarters, asked, heading):
    auth.login(user=quarters)
    page = parse(client.get("/staff/report", query_string={"period": asked, "lang": "en"}))
    assert page.h1.get_text(strip=True).endswith(heading)


@pytest.mark.parametrize(("asked", "message"), [
    ("2026-Q5", "A year has four quarters, Q1 to Q4. Write a quarter as 2026-Q3, a month as "
                "2026-09 or a year as 2026."),
    ("13-2026", "Write a quarter as 2026-Q3, a month as 2026-09 or a year as 2026."),
    ("2026-13", "A month is 01 to 12. Write a quarter as 2026-Q3, a month as 2026-09 or a year "
                "as 2026."),
    ("2026-Q3" * 30, "Write a quarter as 2026-Q3, a month as 2026-09 or a year as 2026."),
    ("2019", "Figures start in 2024, when the duty of care for the municipality's services "
             "began."),
    ("2099-01", "That period has not begun yet."),
])
def test_a_period_that_cannot_be_shown_gets_a_clear_message(client, auth, quarters, asked,
                                                            message):
    auth.login(user=quarters)
    response = client.get("/staff/report", query_string={"period": asked, "lang": "en"})
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert not parse(response).select(".pn-report")
    for download in ("/staff/report.csv", "/staff/report.pdf"):
        refused = client.get(download, query_string={"period": asked, "lang": "en"})
        assert (refused.status_code, refused.get_data(as_text=True)) == (400, message + "\n")


def test_each_figure_has_one_definition_wherever_it_is_shown(client, auth, quarters):
    """The council report, the staff pages and the public page print the same text for the
    same figure (issue 17, point 5)."""
    auth.login(user=quarters)
    report = parse(client.get("/staff/report", query_string=Q3)).select_one("#how-we-count")
    staff = parse(client.get("/staff/figures/referrals", query_string={
        "start": "2026-07-01", "end": "2026-09-30", "lang": "en"})).select_one("#how-we-count")
    public = client.get("/figures", query_string={"quarter": "2026-Q3", "lang": "en"})
    texts = [section.parent.get_text(" ", strip=True) for section in (report, staff)]
    made = ("Requests made: referrals staff made and residents' own requests for help, counted "
            "on the day they were made.")
    assert all(made in text for text in texts)
    assert made in parse(public).get_text(" ", strip=True)
    topic = "Acts of help, by what the help was about."
    assert topic in texts[0] and topic in parse(public).get_text(" ", strip=True)


def test_services_are_compared_with_the_quarter_before_exactly(client, auth, world):
    """Not with the 92 days before the third quarter, which would take in 31 March."""
    for day in range(1, 7):
        log(world.a, on=date(2026, 8, day), municipal_service_id=world.service.id,
            obstacles=["no_digid"])
    for _ in range(5):
        log(world.a, on=date(2026, 3, 31), municipal_service_id=world.service.id)
    for day in (1, 2):  # few: hours hidden with them
        log(world.a, on=date(2026, 4, day))
    auth.login(user=world.staff)
    page = parse(client.get("/staff/report", query_string=Q3))
    assert section(page, "services") == {
        "Municipal taxes (most named: No DigiD)": ("6", "0")}
    assert section(page, "help")["Hours of help"] == ("3", NOT_SHOWN)
