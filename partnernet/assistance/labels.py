"""How channels, outcomes and obstacles of logged help read on the page, in the user's
language, and the periods people most often look at."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from partnernet.clock import first_of_month, last_of_month, local_today
from partnernet.vocabulary import CHANNEL_NAMES, LOG_OUTCOME_NAMES, OBSTACLE_NAMES, label


def topic_names(topics) -> str:
    locale = str(get_locale())
    return ", ".join(topic.name(locale) for topic in topics)


@dataclass(frozen=True)
class QuickPeriod:
    label: str
    start: date
    end: date


def quick_periods() -> list[QuickPeriod]:
    today = local_today()
    last_month = first_of_month(today) - timedelta(days=1)  # its last day
    return [
        QuickPeriod(str(_l("This month")), first_of_month(today), last_of_month(today)),
        QuickPeriod(str(_l("Last month")), first_of_month(last_month), last_month),
        QuickPeriod(str(_l("This year")), date(today.year, 1, 1), date(today.year, 12, 31)),
        QuickPeriod(str(_l("Last year")), date(today.year - 1, 1, 1),
                    date(today.year - 1, 12, 31)),
    ]


def register_labels(state) -> None:
    state.app.jinja_env.filters.update(
        channel_name=label(CHANNEL_NAMES), outcome_name=label(LOG_OUTCOME_NAMES),
        obstacle_name=label(OBSTACLE_NAMES), topic_names=topic_names,
    )
    state.app.jinja_env.globals["quick_periods"] = quick_periods
