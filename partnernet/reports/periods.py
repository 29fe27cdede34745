"""Periods the council and the public read figures by: a quarter (2026-Q3), a month (2026-09)
or a year (2026), named in the address so a report can be linked to and bookmarked."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from partnernet.reports.referral_figures import Period

FIRST_YEAR = 2024  # the zorgplicht of the WMEBV began on 1 January 2024
MAX_LENGTH = 10
PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>\d)|(?P<month>\d{2})))?$")
QUARTER_NAMES = {1: _l("first quarter of %(year)d"), 2: _l("second quarter of %(year)d"),
                 3: _l("third quarter of %(year)d"), 4: _l("fourth quarter of %(year)d")}


class PeriodError(ValueError):
    """Why a period cannot be shown, in words for the reader."""


@dataclass(frozen=True)
class NamedPeriod(Period):
    key: str  # as in the address: 2026-Q3, 2026-09, 2026

    @property
    def kind(self) -> str:
        return "quarter" if "Q" in self.key else "month" if "-" in self.key else "year"

    @property
    def name(self) -> str:
        if self.kind == "quarter":
            return str(QUARTER_NAMES[int(self.key[-1])]) % {"year": self.start.year}
        if self.kind == "month":
            label = format_date(self.start, "MMMM y")
            return label[:1].upper() + label[1:]
        return str(self.start.year)

    def previous(self) -> "NamedPeriod":
        """The period of the same kind just before."""
        before = self.start - timedelta(days=1)
        if self.kind == "quarter":
            return quarter_of(before)
        if self.kind == "month":
            return month_of(before)
        return year_of(before.year)


def quarter_of(day: date) -> NamedPeriod:
    quarter = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * quarter - 2, 1)
    return NamedPeriod(start, _last_day(date(day.year, 3 * quarter, 1)), f"{day.year}-Q{quarter}")


def month_of(day: date) -> NamedPeriod:
    start = day.replace(day=1)
    return NamedPeriod(start, _last_day(start), f"{day.year}-{day.month:02d}")


def year_of(year: int) -> NamedPeriod:
    return NamedPeriod(date(year, 1, 1), date(year, 12, 31), str(year))


def _last_day(first_of_month: date) -> date:
    return (first_of_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def latest_ended_quarter(today: date) -> NamedPeriod:
    return quarter_of(quarter_of(today).start - timedelta(days=1))


def parse_period(text: str, today: date, *, quarters_only: bool = False,
                 ended_only: bool = False) -> NamedPeriod:
    """The period `text` names, or PeriodError saying what is wrong with it."""
    example = _l("Write a quarter as 2026-Q3.") if quarters_only else _l(
        "Write a quarter as 2026-Q3, a month as 2026-09 or a year as 2026.")
    found = PATTERN.match(text.strip().upper()) if len(text) <= MAX_LENGTH else None
    if not found or (quarters_only and not found["quarter"]):
        raise PeriodError(str(example))
    year = int(found["year"])
    if found["quarter"] and not 1 <= int(found["quarter"]) <= 4:
        raise PeriodError(str(_l("A year has four quarters, Q1 to Q4.")) + " " + str(example))
    if found["month"] and not 1 <= int(found["month"]) <= 12:
        raise PeriodError(str(_l("A month is 01 to 12.")) + " " + str(example))
    if year < FIRST_YEAR:
        raise PeriodError(str(_l("Figures start in %(year)d, when the duty of care for the "
                                 "municipality's services began.", year=FIRST_YEAR)))
    if found["quarter"]:
        period = quarter_of(date(year, 3 * int(found["quarter"]), 1))
    elif found["month"]:
        period = month_of(date(year, int(found["month"]), 1))
    else:
        period = year_of(year)
    if period.start > today:
        raise PeriodError(str(_l("That period has not begun yet.")))
    if ended_only and period.end >= today:
        latest = latest_ended_quarter(today)
        raise PeriodError(str(_l("The figures of a quarter are published once it has ended. "
                                 "The latest are those of the %(quarter)s.", quarter=latest.name)))
    return period
