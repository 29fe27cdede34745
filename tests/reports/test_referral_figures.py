"""Referral figures (issue 17, point 1): a known set of requests in September 2026, and every
figure of the staff page checked to its exact value, on SQLite and PostgreSQL."""

import math
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnernet.clock import working_days_between
from partnernet.models import AuditEvent, ReferralEvent, ResidentFeedback
from partnernet.reports.referral_figures import Durations, durations
from tests import factories
from tests.html import parse

SEPTEMBER = "/staff/figures/referrals?start=2026-09-01&end=2026-09-30"
LATER = datetime.now(UTC) + timedelta(days=30)  # an open request's next step is not due yet


def at(day: int, hour: int = 10, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def event(when, from_state, to_state, **details) -> ReferralEvent:
    return ReferralEvent(at=when, from_state=from_state, to_state=to_state, **details)


def referral(made, *events, closed=None, **fields):
    return factories.create_referral(created_at=made, closed_at=closed,
                                     events=[event(made, None, "new"), *events], **fields)


@pytest.fixture
def september(app, db):
    """September 2026 has no public holidays; the 1st is a Tuesday."""
    staff = factories.create_user(role="staff")
    first = factories.create_organisation(name="Bibliotheek Noord")
    second = factories.create_organisation(name="WIJS Paddepoel")
    for partner in (first, second):  # someone at each partner can act
        factories.create_user(role="coordinator", organisation=partner)
    letters = factories.create_topic(name_nl="Brieven", name_en="Letters")
    digid = factories.create_topic(name_nl="DigiD", name_en="DigiD")
    referral(at(1), event(at(1, 11), "new", "sent"), event(at(3, 9), "sent", "accepted"),
             event(at(7, 12), "accepted", "completed"),
             state="completed", outcome="helped", closed=at(7, 12), topic=letters,
             organisation=first)
    referral(at(4, 15), event(at(4, 16), "new", "sent"), event(at(7, 9), "sent", "accepted"),
             event(at(9), "accepted", "completed"),
             state="completed", outcome="partly_helped", closed=at(9), topic=letters,
             organisation=second, source="resident")
    declined_then_sent = referral(
        at(7), event(at(7, 11), "new", "sent"),
        event(at(8), "sent", "declined", reason="no_capacity", alternative="Forum"),
        event(at(8, 14), "declined", "sent"), event(at(9), "sent", "accepted"),
        state="accepted", topic=digid, organisation=second, due_at=LATER)
    referral(at(10), event(at(11), "new", "cancelled"), state="cancelled", closed=at(11),
             source="resident")
    declined = referral(at(14), event(at(14, 11), "new", "sent"),
                        event(at(15), "sent", "declined", reason="not_our_help"),
                        state="declined", topic=letters, organisation=first, owner=staff,
                        due_at=LATER, overdue_count=1)
    # Handed back when an administrator suspended the partner: not the partner's decline.
    # Nobody owns it: the one open request nobody can act on.
    referral(at(16), event(at(16, 11), "new", "sent"),
             event(at(17), "sent", "declined", reason="partner_suspended"),
             state="declined", topic=digid, organisation=second, due_at=LATER)
    # Made in August, closed in September; and one made in October.
    referral(at(31, month=8), event(at(2), "new", "completed"), state="completed",
             outcome="not_needed", closed=at(2))
    referral(at(1, month=10), state="new", due_at=LATER, owner=staff)
    for when, referral_id in ((at(16), declined.id), (at(18), declined.id),
                              (at(20, month=8), declined_then_sent.id)):
        db.session.add(AuditEvent(action="referral_escalate", object_type="referral",
                                  object_id=str(referral_id), at=when))
    for day, partner, answer in ((at(8).date(), first, "yes"), (at(10).date(), second, "partly"),
                                 (at(1, month=10).date(), second, "no")):
        db.session.add(ResidentFeedback(organisation_id=partner.id, answer=answer, given_on=day))
    db.session.commit()


def table(page, key) -> dict[str, list[str]]:
    return {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row("td")]
            for row in page.select(f"#table-{key} tbody tr") if row.th}


def test_every_referral_figure_of_a_month(client, auth, september):
    auth.login(as_="staff")
    page = parse(client.get(SEPTEMBER + "&lang=en"))
    assert page.select_one("#figure-made").get_text(strip=True) == "6"
    assert page.select_one("#figure-closed").get_text(strip=True) == "4"
    assert page.select_one("#figure-helped-further").get_text(strip=True) == (
        "50% (2 of 4 closed)")
    assert page.select_one("#figure-holes").get_text(strip=True) == "1"
    assert table(page, "by_source") == {"Staff": ["4"], "Resident": ["2"]}
    assert table(page, "by_topic") == {"Letters": ["3"], "DigiD": ["2"], "No topic given": ["1"]}
    assert table(page, "by_partner") == {"WIJS Paddepoel": ["3"], "Bibliotheek Noord": ["2"],
                                         "Not sent to a partner": ["1"]}
    states = table(page, "by_state")
    assert {label: value for label, [value] in states.items() if value != "0"} == {
        "Accepted by the partner": "1", "Declined, back with the municipality": "2",
        "Completed": "2", "Cancelled": "1"}
    assert sum(int(value) for [value] in states.values()) == 6
    outcomes = table(page, "by_outcome")
    assert {label: value for label, [value] in outcomes.items() if value != "0"} == {
        "Helped": "1", "Partly helped": "1", "Help was no longer needed": "1", "Cancelled": "1"}
    assert table(page, "speed") == {
        "From the request to first contact": ["2 working days", "2 working days", "3"],
        "From the request to closing": ["2.5 working days", "4 working days", "4"]}
    declines = table(page, "declines")
    assert declines["We have no room right now"] == ["1", "1", "1"]
    assert declines["We do not give this kind of help"] == ["1", "0", "0"]
    assert sum(int(row[0]) for row in declines.values()) == 2  # the suspension is not one
    assert [dd.get_text(strip=True) for dd in page.select("#overdue dd")] == ["2", "1", "1"]
    feedback = {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row("td")]
                for row in page.select("#feedback-heading ~ .pn-table-scroll tbody tr")}
    assert feedback == {"Bibliotheek Noord": ["1", "0", "0", "1"],
                        "WIJS Paddepoel": ["0", "1", "0", "1"]}
    how_we_count = page.select_one("#how-we-count").find_next("ul").get_text()
    assert "Helped further: the share of the requests closed" in how_we_count


def test_the_figures_read_in_dutch(client, auth, september):
    auth.login(as_="staff")
    page = parse(client.get(SEPTEMBER + "&lang=nl"))
    assert table(page, "speed") == {
        "Van de vraag tot het eerste contact": ["2 werkdagen", "2 werkdagen", "3"],
        "Van de vraag tot het afsluiten": ["2,5 werkdagen", "4 werkdagen", "4"]}
    assert page.select_one("#figure-helped-further").get_text(strip=True) == (
        "50% (2 van 4 afgesloten)")


def test_the_page_is_for_staff_only(client, auth):
    assert client.get(SEPTEMBER).status_code == 302  # to the sign-in page
    auth.login(as_="coordinator")
    assert client.get(SEPTEMBER).status_code == 403


def test_a_wrong_period_is_said_plainly(client, auth):
    auth.login(as_="staff")
    page = parse(client.get("/staff/figures/referrals?start=2026-09-30&end=2026-09-01&lang=en"))
    assert "The last day cannot be before the first day" in page.get_text()
    assert not page.select("#figure-made")


def test_an_empty_month_shows_zeros_and_dashes(client, auth):
    auth.login(as_="staff")
    page = parse(client.get(SEPTEMBER + "&lang=en"))
    assert page.select_one("#figure-made").get_text(strip=True) == "0"
    assert page.select_one("#figure-helped-further").get_text(strip=True) == "–"
    assert table(page, "speed")["From the request to closing"] == ["–", "–", "0"]


@pytest.mark.parametrize(("start", "end", "days"), [
    (at(4, 15), at(4, 16), 0),  # the same day
    (at(4, 15), at(7, 9), 1),  # Friday to Monday
    (at(1), at(7, 12), 4),
    (datetime(2026, 12, 24, 10, tzinfo=UTC), datetime(2026, 12, 28, 10, tzinfo=UTC), 1),
    (datetime(2026, 9, 1, 22, 30, tzinfo=UTC), at(2), 0),  # already the 2nd in Groningen
])
def test_working_days_skip_weekends_and_holidays(start, end, days):
    assert working_days_between(start, end) == days


@pytest.mark.parametrize(("values", "expected"), [
    ([], Durations(0, None, None)),
    ([3], Durations(1, 3, 3)),
    ([4, 1, 3, 2], Durations(4, 2.5, 4)),
    (list(range(1, 11)), Durations(10, 5.5, 9)),
])
def test_median_and_90th_percentile(values, expected):
    assert durations(values) == expected


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=300))
def test_counted_per_day_as_from_every_request(days):
    """The figures count working days per value ({days: requests}); the same as sorting every
    request's days."""
    ordered = sorted(days)
    found = durations(days)
    assert found.median == statistics.median(ordered)
    assert found.p90 == ordered[math.ceil(0.9 * len(ordered)) - 1]
    assert found.count == len(days)


def test_each_step_keeps_the_working_days_the_figures_count(client, auth, db):
    """The figures read the working days a request keeps; its steps set them as they happen."""
    made = datetime.now(UTC) - timedelta(days=9)
    tried, accepted = factories.create_referral(created_at=made), factories.create_referral(
        created_at=made)
    for request in (tried, accepted):
        request.move_to("sent", None)
    assert (tried.days_to_first_contact, tried.days_to_close) == (None, None)
    attempt = tried.record("sent", None, reason="contact_attempt")
    accepted.move_to("accepted", None)
    closing = accepted.move_to("completed", None)
    accepted.outcome = "helped"
    db.session.commit()
    expected = working_days_between(made, attempt.at)
    assert expected >= 5  # nine days cover at least one weekend
    assert tried.days_to_first_contact == expected
    assert (accepted.days_to_first_contact, accepted.days_to_close) == (
        expected, working_days_between(made, closing.at))
    auth.login(as_="staff")
    today = datetime.now(UTC).date()
    page = parse(client.get(f"/staff/figures/referrals?start={made.date()}&end={today}"
                            "&lang=en"))
    assert table(page, "speed")["From the request to first contact"][0] == (
        f"{expected} working days")
