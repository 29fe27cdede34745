"""Time as partnernet counts it: moments in UTC, days in Groningen, working days as the
municipality's (weekends and Dutch public holidays skipped)."""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today in Groningen: the day opening hours, closures and confirmations are counted in."""
    return datetime.now(LOCAL_TIMEZONE).date()


def start_of_local_day(day: date) -> datetime:
    """The UTC moment a local day begins (midnight in Groningen, summer time or not)."""
    return datetime.combine(day, time(), LOCAL_TIMEZONE).astimezone(UTC)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and
    Butcher), so no year's holidays are written out by hand."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (19 * golden + century - leap_centuries - (century - correction + 1) // 3 + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - moon - year_rest) % 7
    shift = (golden + 11 * moon + 22 * weekday) // 451
    month, day = divmod(moon + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """The Dutch public holidays that fall on weekdays' working time: New Year, Easter Monday,
    King's Day (the Saturday before when 27 April is a Sunday), Liberation Day (every year),
    Ascension Day, Whit Monday and both days of Christmas."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day -= timedelta(days=1)
    return frozenset({
        date(year, 1, 1), easter + timedelta(days=1), kings_day, date(year, 5, 5),
        easter + timedelta(days=39), easter + timedelta(days=50), date(year, 12, 25),
        date(year, 12, 26),
    })


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


@lru_cache(maxsize=256)
def _working_days_of_year(year: int) -> tuple[int, ...]:
    """For each day of the year, the working days from 1 January up to and including it."""
    counted, running, day = [], 0, date(year, 1, 1)
    while day.year == year:
        running += is_working_day(day)
        counted.append(running)
        day += timedelta(days=1)
    return tuple(counted)


def working_days_after(first: date, last: date) -> int:
    """Working days after `first`, up to and including `last` (0 when `last` is not later):
    Friday to Monday is 1. Counted from tables per year, so a figure over many requests does
    not walk their days one by one."""
    if last <= first:
        return 0
    days = _working_days_of_year(last.year)[last.timetuple().tm_yday - 1]
    days -= _working_days_of_year(first.year)[first.timetuple().tm_yday - 1]
    for year in range(first.year, last.year):
        days += _working_days_of_year(year)[-1]
    return days


def working_days_between(start: datetime, end: datetime) -> int:
    """Working days after the day of `start`, up to and including the day of `end`, by
    Groningen's calendar."""
    return working_days_after(start.astimezone(LOCAL_TIMEZONE).date(),
                              end.astimezone(LOCAL_TIMEZONE).date())


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same time of day `days` working days later in Groningen, weekends and public
    holidays skipped. Sent on a Saturday with 2 days, the answer is due Tuesday; sent on
    Christmas Eve (a Thursday), it is due the Tuesday after."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    while days > 0:
        local += timedelta(days=1)
        if is_working_day(local.date()):
            days -= 1
    return local.astimezone(moment.tzinfo)
