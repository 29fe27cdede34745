"""Time as partnernet counts it: moments in UTC, days in Groningen."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today in Groningen: the day opening hours, closures and confirmations are counted in."""
    return datetime.now(LOCAL_TIMEZONE).date()


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same time of day `days` working days later, Saturdays and Sundays skipped (local
    time). Sent on a Saturday with 2 days, the answer is due Tuesday."""
    local = moment.astimezone(LOCAL_TIMEZONE)
    while days > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return local.astimezone(moment.tzinfo)
