"""Every app-wide Jinja filter and global, registered once: how numbers, distances, times, days
and coded values read on a page, in the user's language."""

import re
from datetime import date, datetime, time
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import format_date, format_decimal, format_time, get_locale
from markupsafe import Markup, escape

from partnernet.access import STAFF
from partnernet.clock import local_today
from partnernet.embedding import is_embedded, new_tab_note, opens_full_page
from partnernet.forms import EmptyForm, form_problems
from partnernet.i18n import language_url, request_translations
from partnernet.links import query_args, this_page_url
from partnernet.log_filters import quick_periods
from partnernet.models import DueStep, OfferStatus, ReferralState, Role
from partnernet.models.organisations import Confirmable
from partnernet.search_form import kept_search_form
from partnernet.security import csp_nonce
from partnernet.settings import site_settings
from partnernet.vocabulary import (
    CHANNEL_NAMES,
    CONTACT_PREFERENCE_NAMES,
    DUE_STEP_NAMES,
    EVENT_REASON_NAMES,
    FEEDBACK_ANSWER_NAMES,
    LOG_OUTCOME_NAMES,
    MODE_NAMES,
    OBSTACLE_NAMES,
    ORGANISATION_KIND_NAMES,
    REFERRAL_OUTCOME_NAMES,
    REFERRAL_SOURCE_NAMES,
    REFERRAL_STATE_NAMES,
    RESIDENT_STATE_NAMES,
    label,
    language_name,
)


def mode_name(mode: str) -> str:
    return str(MODE_NAMES[mode])


@lru_cache(maxsize=8)
def _number_symbols(locale: str) -> dict[int, str]:
    """Python's separators (',' for thousands, '.' for decimals) -> the locale's."""
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


def distance(km: float) -> str:
    """As Babel's format_decimal would write it, without parsing a number pattern for each of
    the twenty results on a page; in the translations found once per request."""
    gettext = request_translations().ugettext
    symbols = _number_symbols(str(get_locale()))
    if km < 1:
        return gettext("%(metres)s m") % {
            "metres": f"{round(km * 1000, -1):,.0f}".translate(symbols)}
    return gettext("%(km)s km") % {"km": f"{km:,.1f}".translate(symbols)}


def clock(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def weekday(day: date) -> str:
    return format_date(day, "EEEE").capitalize()


def long_date(day: date) -> str:
    return format_date(day, "long")


def date_time(moment: datetime) -> str:
    """A moment in Groningen time, in the reader's order: "23 november 2026 14:05",
    "November 23, 2026 14:05"."""
    return f"{format_date(moment, 'long')} {format_time(moment, 'HH:mm')}"


def number(value: float, decimals: int = 0) -> str:
    return format_decimal(value, "#,##0" + ("." + "0" * decimals if decimals else ""))


def topic_names(topics) -> str:
    locale = str(get_locale())
    return ", ".join(topic.name(locale) for topic in topics)


def possibly_outdated(record) -> bool:
    """A support point or offer unconfirmed for 180 days; organisations carry no such date."""
    return isinstance(record, Confirmable) and record.possibly_outdated(local_today())


def phone_link(number: str | None) -> Markup:
    """A phone number a resident can tap, never broken over two lines."""
    if not number:
        return Markup("")
    dialled = re.sub(r"[^\d+]", "", number.replace("(0)", ""))  # +31 (0)50 dials as +3150
    return Markup('<a class="utrecht-link pn-nowrap" href="tel:{}">{}</a>').format(dialled, number)


def email_link(address: str | None) -> Markup:
    if not address:
        return Markup("")
    return Markup('<a class="utrecht-link" href="mailto:{}">{}</a>').format(address, address)


def municipality_phone() -> Markup:
    return phone_link(site_settings().municipality_phone)


def resident_state(code: str) -> Markup:
    """What a resident reads about their request, with the municipality's number in it."""
    text = escape(str(RESIDENT_STATE_NAMES.get(code, code or "")))
    return text % {"phone": municipality_phone()} if "%(phone)s" in text else text


def register_templating(app) -> None:
    app.jinja_env.filters.update(
        distance=distance, clock=clock, weekday=weekday, long_date=long_date,
        date_time=date_time, number=number, language_name=language_name, mode_name=mode_name,
        topic_names=topic_names,
        organisation_kind=label(ORGANISATION_KIND_NAMES),
        channel_name=label(CHANNEL_NAMES), outcome_name=label(LOG_OUTCOME_NAMES),
        obstacle_name=label(OBSTACLE_NAMES),
        referral_state=label(REFERRAL_STATE_NAMES), resident_state=resident_state,
        referral_outcome=label(REFERRAL_OUTCOME_NAMES), event_reason=label(EVENT_REASON_NAMES),
        due_step=label(DUE_STEP_NAMES), feedback_answer=label(FEEDBACK_ANSWER_NAMES),
        referral_source=label(REFERRAL_SOURCE_NAMES),
        contact_preference=label(CONTACT_PREFERENCE_NAMES),
        phone_link=phone_link, email_link=email_link,
    )
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce, current_locale=get_locale, language_url=language_url,
        query_args=query_args, this_page_url=this_page_url, EmptyForm=EmptyForm,
        form_problems=form_problems, local_today=local_today, quick_periods=quick_periods,
        possibly_outdated=possibly_outdated, ReferralState=ReferralState, DueStep=DueStep,
        Role=Role, OfferStatus=OfferStatus, STAFF=STAFF, site=site_settings,
        municipality_phone=municipality_phone, is_embedded=is_embedded,
        opens_full_page=opens_full_page, new_tab_note=new_tab_note,
        kept_search_form=kept_search_form,
    )
