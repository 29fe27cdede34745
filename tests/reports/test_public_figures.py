"""Public figures (issue 17, point 3): a known third quarter of 2026, every count on the page
and in the CSV checked to its exact value, small counts hidden so none can be worked out."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from partnernet.clock import local_today
from partnernet.models import ResidentFeedback
from partnernet.reports.periods import latest_ended_quarter
from tests import factories
from tests.html import error_summary, parse
from tests.support.assistance_world import log

Q3 = {"quarter": "2026-Q3", "lang": "en"}
FEWER, NOT_SHOWN = "fewer than 5", "not shown"


@pytest.fixture
def quarter(app, db, world):
    letters = factories.create_topic(name_nl="Brieven", name_en="Letters", position=1)
    digid = world.digid
    partner = world.a
    for day in range(1, 9):  # 8 about letters from 9711 (Centrum)
        log(partner, on=date(2026, 8, day), topics=[letters], postcode_area="9711")
    for day in (1, 2):  # 2 about DigiD from 9741 (Noordwest)
        log(partner, on=date(2026, 9, day), topics=[digid], postcode_area="9741")
    for day in range(1, 7):  # 6 about letters from 9722 (Helpman e.o.)
        log(partner, on=date(2026, 7, day), topics=[letters], postcode_area="9722")
    for day in (date(2026, 6, 30), date(2026, 10, 1)):  # outside the quarter
        log(partner, on=day, topics=[letters], postcode_area="9711")
    for day in range(1, 7):
        made = datetime(2026, 7, day, 10, tzinfo=UTC)
        factories.create_referral(created_at=made, closed_at=made.replace(month=8),
                                  state="completed", outcome="helped", topic=letters,
                                  postcode_area="9711")
    for day in range(1, 6):
        made = datetime(2026, 8, day, 10, tzinfo=UTC)
        factories.create_referral(created_at=made, closed_at=made.replace(month=9),
                                  state="completed", outcome="not_needed", topic=digid,
                                  postcode_area="9741")
    factories.create_referral(created_at=datetime(2026, 9, 20, 10, tzinfo=UTC), state="new")
    for answer in ("yes", "yes", "yes", "partly", "partly"):
        db.session.add(ResidentFeedback(answer=answer, given_on=date(2026, 9, 15)))
    db.session.add(ResidentFeedback(answer="no", given_on=date(2026, 10, 2)))
    db.session.commit()


def tables(response) -> dict[str, dict[str, str]]:
    page = parse(response)
    return {table["id"].removeprefix("table-"): {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in table.select("tbody tr")} for table in page.select("table[id^=table-]")}


def key_figures(response) -> dict[str, str]:
    page = parse(response)
    return {dd["id"]: dd.get_text(strip=True) for dd in page.select(".pn-key-figures dd")}


def test_anyone_sees_the_figures_of_a_quarter_with_small_counts_hidden(client, quarter):
    response = client.get("/figures", query_string=Q3)
    assert response.status_code == 200
    assert key_figures(response) == {"figure-help": "16", "figure-requests": "12",
                                     "figure-helped-further": "55%", "figure-answers": "5"}
    shown = tables(response)
    # 2 is hidden; with only it hidden, 16 - 14 would give it away, so 14 is hidden too.
    # Topics in their list order, whatever their counts: the order gives nothing away.
    assert list(shown["help_by_topic"].items()) == [
        ("DigiD", FEWER), ("Housing", "0"), ("Letters", NOT_SHOWN), ("Total", "16")]
    wijken = shown["help_by_wijk"]
    assert len(wijken) == 20 + 2  # every wijk by name, those not known, the total
    assert list(wijken)[:3] == ["Centrum", "Glimmen-Onnen-Noordlaren", "Haren-Oost e.o."]
    assert {name: count for name, count in wijken.items() if count != "0"} == {
        "Centrum": "8", "Helpman e.o.": NOT_SHOWN, "Noordwest": FEWER, "Total": "16"}
    # 6, 5 and 1: hiding the 1 and then the 5 still leaves the 1 exactly, so all three go.
    assert shown["requests_by_topic"] == {"Letters": NOT_SHOWN, "DigiD": NOT_SHOWN,
                                          "Housing": "0", "No topic given": FEWER,
                                          "Total": "12"}
    assert {name: count for name, count in shown["requests_by_wijk"].items()
            if count != "0"} == {
        "Centrum": NOT_SHOWN, "Noordwest": NOT_SHOWN,
        "Postcode area not given or outside the municipality": FEWER, "Total": "12"}
    assert shown["helped_further"] == {"Helped further": "6", "Not helped further": "5",
                                       "Total": "11"}
    # Two hidden counts that add up to 5 can be 1 + 4, 2 + 3, ...: nothing to work out.
    assert shown["judgement"] == {"Yes": FEWER, "Partly": FEWER, "No": "0", "Total": "5"}


def test_the_page_is_in_dutch_too(client, quarter):
    page = parse(client.get("/figures", query_string={**Q3, "lang": "nl"}))
    assert page.h1.get_text(strip=True).startswith("Cijfers")
    assert "derde kwartaal van 2026" in page.select_one("#figures-heading").get_text()
    assert page.select_one("#table-help_by_topic").get_text(" ", strip=True).count(
        "minder dan 5") == 1


def test_the_figures_download_as_open_data(client, quarter):
    page = parse(client.get("/figures", query_string=Q3))
    link = page.select_one("a[href^='/figures.csv']")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Link"] == (
        '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"')
    assert 'filename="partnernet-figures-2026-Q3.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    letters = next(row for row in rows if row["figure"] == "help_by_topic"
                   and row["category"] == "Letters")
    assert letters == {"period": "2026-Q3", "figure": "help_by_topic", "category": "Letters",
                       "count": "", "shown_as": NOT_SHOWN, "definition": letters["definition"]}
    assert letters["definition"].startswith("Acts of help, by what the help was about.")
    centrum = next(row for row in rows if row["figure"] == "help_by_wijk"
                   and row["category"] == "Centrum")
    assert (centrum["count"], centrum["shown_as"]) == ("8", "8")
    assert "14" not in {row["count"] for row in rows}


def test_the_latest_quarter_that_has_ended_is_shown_first(client, quarter):
    page = parse(client.get("/figures", query_string={"lang": "en"}))
    latest = latest_ended_quarter(local_today())
    assert page.select_one("#quarter option[selected]")["value"] == latest.key
    assert page.select_one("#quarter option")["value"] == latest.key
    assert page.select("#quarter option")[-1]["value"] == "2024-Q1"


@pytest.mark.parametrize(("asked", "message"), [
    ("2026-Q5", "A year has four quarters, Q1 to Q4. Write a quarter as 2026-Q3."),
    ("13-2026", "Write a quarter as 2026-Q3."),
    ("2026-09", "Write a quarter as 2026-Q3."),
    ("2026-Q3" * 20, "Write a quarter as 2026-Q3."),
    ("2023-Q4", "Figures start in 2024, when the duty of care for the municipality's "
                "services began."),
    ("2099-Q1", "That period has not begun yet."),
])
def test_a_quarter_that_cannot_be_shown_gets_a_clear_message(client, quarter, asked, message):
    response = client.get("/figures", query_string={"quarter": asked, "lang": "en"})
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert not parse(response).select(".pn-key-figures")
    download = client.get("/figures.csv", query_string={"quarter": asked, "lang": "en"})
    assert (download.status_code, download.get_data(as_text=True)) == (400, message + "\n")


def test_a_quarter_still_running_is_not_published(client, quarter):
    running = latest_ended_quarter(local_today()).previous()  # any ended one shows
    assert client.get("/figures", query_string={"quarter": running.key}).status_code == 200
    now = local_today()
    current = f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    response = client.get("/figures", query_string={"quarter": current, "lang": "en"})
    assert error_summary(response)[0].startswith(
        "The figures of a quarter are published once it has ended.")
