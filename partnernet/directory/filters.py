"""How the directory writes distances, times and days, in the resident's language."""

from datetime import date, datetime, time

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _

from partnernet.clock import local_today
from partnernet.models.organisations import Confirmable
from partnernet.vocabulary import MODE_NAMES, language_name


def mode_name(mode: str) -> str:
    return str(MODE_NAMES[mode])


def distance(km: float) -> str:
    if km < 1:
        return _("%(metres)s m", metres=format_decimal(round(km * 1000, -1), format="#,##0"))
    return _("%(km)s km", km=format_decimal(km, format="#,##0.0"))


def clock(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def weekday(day: date) -> str:
    return format_date(day, "EEEE").capitalize()


def long_date(day: date) -> str:
    return format_date(day, "long")


def date_time(moment: datetime) -> str:
    """A moment in Groningen time: "23 november 2026 14:05"."""
    return format_datetime(moment, "d MMMM y HH:mm")


def register_filters(state) -> None:
    state.app.jinja_env.filters.update(
        distance=distance, clock=clock, weekday=weekday, long_date=long_date,
        language_name=language_name, mode_name=mode_name, date_time=date_time,
    )
    state.app.jinja_env.globals["possibly_outdated"] = possibly_outdated


def possibly_outdated(record) -> bool:
    """A support point or offer unconfirmed for 180 days; organisations carry no such date."""
    return isinstance(record, Confirmable) and record.possibly_outdated(local_today())
