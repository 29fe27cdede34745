from datetime import time

import pytest

from partnernet.opening_hours import HoursError, parse_day


@pytest.mark.parametrize(("text", "periods"), [
    ("", []),
    ("9:00-12:00", [(time(9), time(12))]),
    ("9-12, 13:00–17:30", [(time(9), time(12)), (time(13), time(17, 30))]),
    ("13.00-17.00 en 9.00-12.00", [(time(9), time(12)), (time(13), time(17))]),
    ("0900-1200", [(time(9), time(12))]),
])
def test_what_people_write(text, periods):
    assert parse_day(text) == periods


@pytest.mark.parametrize(("text", "problem"), [
    ("morning", "format"), ("9:00", "format"), ("25:00-26:00", "time"),
    ("17:00-9:00", "order"), ("9:00-9:00", "order"), ("9-13, 12-17", "overlap"),
])
def test_what_is_refused(text, problem):
    with pytest.raises(HoursError) as error:
        parse_day(text)
    assert str(error.value) == problem
