"""Working days as Groningen's municipality counts them."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnernet.clock import (
    LOCAL_TIMEZONE,
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_after,
)


@pytest.mark.parametrize(("year", "easter"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2030, date(2030, 4, 21)), (2038, date(2038, 4, 25)),
    (2285, date(2285, 3, 22)),  # the earliest possible Easter
])
def test_easter_is_computed(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]


def test_kings_day_on_a_sunday_is_the_saturday_before():
    assert date(2025, 4, 26) in public_holidays(2025)
    assert date(2025, 4, 27) not in public_holidays(2025)


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 12, 2), True), (date(2026, 12, 5), False), (date(2026, 12, 25), False),
    (date(2027, 5, 5), False), (date(2026, 4, 3), True),  # Good Friday is a working day
])
def test_working_days(day, working):
    assert is_working_day(day) is working


def _local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TIMEZONE)


@pytest.mark.parametrize(("sent", "days", "due"), [
    (_local(2026, 12, 2, 10), 2, _local(2026, 12, 4, 10)),  # Wednesday to Friday
    (_local(2026, 12, 5, 10), 2, _local(2026, 12, 8, 10)),  # Saturday to Tuesday
    (_local(2026, 12, 24, 15), 2, _local(2026, 12, 29, 15)),  # over Christmas
    (_local(2026, 12, 31, 9), 1, _local(2027, 1, 4, 9)),  # over New Year and a weekend
    (_local(2026, 5, 13, 9), 1, _local(2026, 5, 15, 9)),  # over Ascension Day
    (_local(2027, 3, 26, 9), 1, _local(2027, 3, 30, 9)),  # over Easter Monday
])
def test_due_moments_skip_weekends_and_holidays(sent, days, due):
    assert add_working_days(sent, days) == due


@given(st.dates(date(2023, 1, 1), date(2028, 12, 31)), st.integers(-10, 800))
def test_working_days_after_counts_as_walking_the_days_would(first, length):
    """The tables per year give what walking day by day gives, across years too."""
    last = first + timedelta(days=length)
    walked = sum(is_working_day(first + timedelta(days=n)) for n in range(1, length + 1))
    assert working_days_after(first, last) == walked
