"""What logged help adds up to: the coordinator's own figures in full; the staff's figures over
all partners with small numbers hidden; which services send residents to partners."""

from datetime import date

import pytest

from partnernet.reports.summaries import Count
from partnernet.reports.suppression import suppress
from tests.html import error_summary, parse
from tests.support.assistance_world import log

MARCH = {"start": "2026-03-01", "end": "2026-03-31", "lang": "en"}
FEWER = "fewer than 5"


def figures(response) -> dict[str, dict[str, tuple[str, str]]]:
    """{breakdown title: {row label: (acts, hours)}} as the tables show them."""
    page = parse(response)
    found = {}
    for section in page.select("section.pn-figure"):
        rows = {}
        for row in section.select("tbody tr"):
            cells = [cell.get_text(strip=True) for cell in row.select("td")]
            rows[row.th.get_text(strip=True)] = tuple(cells)
        found[section.h3.get_text(strip=True)] = rows
    return found


def key_figures(response) -> list[str]:
    return [dd.get_text(strip=True) for dd in parse(response).select(".pn-key-figures dd")]


@pytest.fixture
def march(world):
    for day in range(2, 9):  # seven walk-ins about DigiD at Bieb Noord
        log(world.a, 0, on=date(2026, 3, day), topics=[world.digid], minutes=30,
            postcode_area="9711", municipal_service_id=world.service.id,
            obstacles=["no_digid"])
    log(world.a, 1, on=date(2026, 3, 20), topics=[world.digid, world.housing], minutes=90,
        channel="phone", outcome="partly", postcode_area="9747")
    log(world.b, 0, on=date(2026, 3, 5), topics=[world.housing], minutes=60,
        channel="home_visit")
    log(world.a, 0, on=date(2026, 4, 1), topics=[world.digid])  # outside the period
    return world


def test_a_coordinator_sees_every_figure_of_the_own_organisation(client, auth, march):
    auth.login(user=march.a.coordinator)
    response = client.get("/partner/figures", query_string=MARCH)
    assert key_figures(response) == ["8", "5.0"]
    shown = figures(response)
    assert shown["By topic"] == {"DigiD": ("8", "5.0"), "Housing": ("1", "1.5")}
    assert shown["By way of helping"]["Walk-in"] == ("7", "3.5")
    assert shown["By way of helping"]["Home visit"] == ("0", "0.0")
    assert shown["By outcome"]["Partly solved"] == ("1", "1.5")
    assert shown["By place"] == {"Bieb Noord": ("7", "3.5"), "Bieb Zuid": ("1", "1.5")}
    assert shown["By postcode area of the resident"] == {"9711": ("7", "3.5"),
                                                         "9747": ("1", "1.5")}
    weeks = shown["By week"]
    assert list(weeks)[0] == "Week of 1 Mar" and sum(int(a) for a, _h in weeks.values()) == 8
    assert "By organisation" not in shown and "Buurthuis B" not in response.get_data(
        as_text=True)


def test_a_long_period_is_shown_by_month(client, auth, march):
    auth.login(user=march.a.coordinator)
    shown = figures(client.get("/partner/figures", query_string={
        "start": "2026-01-01", "end": "2026-12-31", "lang": "en"}))
    months = shown["By month"]
    assert len(months) == 12
    assert (months["March 2026"], months["April 2026"]) == (("8", "5.0"), ("1", "0.5"))


def test_staff_figures_hide_numbers_below_five(client, auth, march):
    auth.login(user=march.staff)
    response = client.get("/staff/figures", query_string=MARCH)
    assert key_figures(response) == ["9", "6.0"]
    shown = figures(response)
    # Buurthuis B (1) is hidden, and with it Bibliotheek A: 9 - 8 would give B away. A's 8
    # reads "not shown": "fewer than 5" would not be true.
    assert shown["By organisation"] == {"Bibliotheek A": ("not shown", "–"),
                                        "Buurthuis B": (FEWER, "–")}
    assert shown["By topic"] == {"DigiD": ("not shown", "–"), "Housing": (FEWER, "–")}
    # Two hidden counts and 9 - 7 = 2 left: both would be 1, so the 7 is hidden too.
    assert shown["By postcode area of the resident"] == {
        "9711": ("not shown", "–"), "9747": (FEWER, "–"), "Not given": (FEWER, "–")}
    assert shown["By service of the municipality or government"] == {
        "Municipal taxes": ("not shown", "–"), "Not about a service": (FEWER, "–")}
    assert shown["What got in the way"]["No DigiD"] == ("7", "3.5")


def test_staff_filter_by_organisation_still_hides_small_numbers(client, auth, march):
    auth.login(user=march.staff)
    response = client.get("/staff/figures", query_string={
        **MARCH, "organisation": march.b.organisation.id})
    assert key_figures(response) == [FEWER, "–"]
    assert "60" not in " ".join(key_figures(response))


@pytest.mark.parametrize(("counts", "hidden"), [
    ([8, 3, 0], [True, True, False]),  # one hidden: the next smallest too, or 3 = 11 - 8
    ([8, 6, 3], [False, True, True]),
    ([9, 7, 3, 2], [False, False, True, True]),  # two hidden already: nothing to work out
        ([3], [True]),
    ([0, 0], [False, False]),
])
def test_suppression(counts, hidden):
    rows = [Count(f"row {n}", acts, acts * 30) for n, acts in enumerate(counts)]
    assert [row.suppressed for row in suppress(rows)] == hidden


def test_which_services_send_residents_and_what_got_in_the_way(client, auth, march):
    for day in (2, 3, 4, 5, 6):  # February, the period before March
        log(march.b, on=date(2026, 2, day), municipal_service_id=march.service.id)
    auth.login(user=march.staff)
    page = parse(client.get("/staff/figures/services", query_string=MARCH))
    header = [cell.get_text(" ", strip=True) for cell in page.select("thead th")]
    row = [cell.get_text(strip=True) for cell in page.select("tbody tr")[0].select("th, td")]
    assert header[3] == "Period before (January 29, 2026 to February 28, 2026)"
    assert dict(zip(header, row, strict=True)) == {
        "Service": "Municipal taxes", "Acts of help": "7", "Hours": "3.5",
        "Period before (January 29, 2026 to February 28, 2026)": "5",
        "The letter was unclear": "0", "The form was hard to find or to fill in": "0",
        "No DigiD": "7", "No computer, phone or internet": "0", "Language": "0",
        "The service's website did not work": "0"}
    assert "Help not about a service of the municipality or government: fewer than 5." in \
        page.get_text(" ", strip=True)


def test_names_in_charts_are_text_not_markup(client, auth, march):
    march.a.points[0].name = "<script>alert(1)</script>"
    from partnernet.extensions import db
    db.session.commit()
    auth.login(user=march.a.coordinator)
    body = client.get("/partner/figures", query_string=MARCH).get_data(as_text=True)
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-03-01"),
                                            ("0001-01-01", "0001-01-01"),
                                            ("9999-12-01", "9999-12-31")])
@pytest.mark.parametrize("path", ["/staff/figures/services", "/staff/figures",
                                  "/staff/assistance", "/staff/assistance/export.csv"])
def test_dates_outside_the_calendar_we_keep_get_a_message(client, auth, path, start, end):
    auth.login(as_="staff")
    response = client.get(path, query_string={"start": start, "end": end})
    assert response.status_code == 200
    assert "Kies een datum tussen 1-1-2000 en 31-12-2099" in " ".join(error_summary(response))
