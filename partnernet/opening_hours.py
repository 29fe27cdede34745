"""Opening hours as people write them: "9:00-12:00, 13:00-17:00" for one day, empty = closed."""

import re
from datetime import time

PERIOD = re.compile(r"^(\d{1,2})[:.]?(\d{2})?\s*[-–]\s*(\d{1,2})[:.]?(\d{2})?$")


class HoursError(ValueError):
    """The text is not a list of opening periods; the message says why, for the user."""


def _clock(hours: str, minutes: str | None) -> time:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise HoursError("time")
    return time(hour, minute)


def parse_day(text: str) -> list[tuple[time, time]]:
    """Periods of one day, in order; raises HoursError("format" | "time" | "order" |
    "overlap")."""
    periods = []
    for part in filter(None, (piece.strip() for piece in re.split(r"[,;]| en | and ", text))):
        match = PERIOD.match(part)
        if not match:
            raise HoursError("format")
        opens, closes = _clock(*match.group(1, 2)), _clock(*match.group(3, 4))
        if closes <= opens:
            raise HoursError("order")
        periods.append((opens, closes))
    periods.sort()
    for (_, first_closes), (second_opens, _) in zip(periods, periods[1:], strict=False):
        if second_opens < first_closes:
            raise HoursError("overlap")
    return periods


def format_day(periods) -> str:
    return ", ".join(f"{p.opens.hour}:{p.opens.minute:02d}-{p.closes.hour}:{p.closes.minute:02d}"
                     for p in periods)
