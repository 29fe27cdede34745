"""How the directory writes distances, times and days, in the resident's language."""

from datetime import date, time

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from partnernet.directory.forms import MODE_NAMES
from partnernet.directory.languages import language_name


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


def register_filters(state) -> None:
    state.app.jinja_env.filters.update(
        distance=distance, clock=clock, weekday=weekday, long_date=long_date,
        language_name=language_name, mode_name=mode_name,
    )
