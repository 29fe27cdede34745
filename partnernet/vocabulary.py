"""What every coded value reads as, in the user's language: defined once, used by forms,
templates, exports, charts and e-mails alike."""

from functools import lru_cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

# How residents get help (Offer.walk_in, .by_appointment, ... and the directory's filter).
MODE_NAMES = {
    "walk_in": _l("Walk in without appointment"),
    "by_appointment": _l("By appointment"),
    "by_phone": _l("By phone"),
    "home_visit": _l("At your home"),
    "online": _l("Online"),
}
# Languages residents can filter on: those Groningen's partners commonly give help in.
FILTER_LANGUAGES = ("nl", "en", "de", "fr", "es", "pl", "ro", "bg", "uk", "ru", "tr", "ar",
                    "ti", "so", "fa", "zh", "fy")
ORGANISATION_KIND_NAMES = {
    "library": _l("Library"),
    "wij_team": _l("WIJ neighbourhood team"),
    "volunteer_org": _l("Volunteer organisation"),
    "welfare": _l("Welfare organisation"),
    "other": _l("Other"),
    "municipality": _l("Municipality"),
}
# Organisations register as one of these; the municipality is added by staff.
REGISTERING_KINDS = ("library", "wij_team", "volunteer_org", "welfare", "other")

# Logged help (models.assistance: Channel, AssistanceOutcome, Obstacle).
CHANNEL_NAMES = {
    "walk_in": _l("Walk-in"),
    "phone": _l("Phone"),
    "home_visit": _l("Home visit"),
    "online": _l("Online"),
}
LOG_OUTCOME_NAMES = {
    "solved": _l("Solved"),
    "partly": _l("Partly solved"),
    "referred_on": _l("Referred on"),
    "municipal_follow_up": _l("The municipality must follow up"),
}
OBSTACLE_NAMES = {
    "letter_unclear": _l("The letter was unclear"),
    "form_hard": _l("The form was hard to find or to fill in"),
    "no_digid": _l("No DigiD"),
    "no_device": _l("No computer, phone or internet"),
    "language": _l("Language"),
    "website_broken": _l("The service's website did not work"),
}

# Referrals.
CONTACT_PREFERENCE_NAMES = {
    "either": _l("Phone or e-mail"),
    "phone": _l("By phone"),
    "email": _l("By e-mail"),
}
URGENCY_NAMES = {
    "normal": _l("Normal"),
    "urgent": _l("Urgent: the resident needs help within a few days"),
}
DECLINE_REASON_NAMES = {
    "no_capacity": _l("We have no room right now"),
    "not_our_help": _l("We do not give this kind of help"),
    "language": _l("We do not speak the resident's language"),
    "too_far": _l("We are too far from the resident"),
    "other": _l("Another reason"),
}
REFERRAL_OUTCOME_NAMES = {
    "helped": _l("Helped"),
    "partly_helped": _l("Partly helped"),
    "referred_on": _l("Referred on to someone else"),
    "not_needed": _l("Help was no longer needed"),
}
REFERRAL_STATE_NAMES = {
    "new": _l("New, not sent yet"),
    "sent": _l("Sent, waiting for the partner"),
    "accepted": _l("Accepted by the partner"),
    "declined": _l("Declined, back with the municipality"),
    "unreachable": _l("Resident not reachable, back with the municipality"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
# What a resident reads about their own request: plain words, no internal steps; %(phone)s
# is the municipality's number.
RESIDENT_STATE_NAMES = {
    "new": _l("We received your question. We look for someone to help you."),
    "sent": _l("We asked a partner organisation to help you. They contact you soon."),
    "accepted": _l("A partner organisation helps you. They contact you, or did already."),
    "declined": _l("We are looking for another place to help you."),
    "unreachable": _l("We could not reach you. Please call the municipality on %(phone)s."),
    "completed": _l("Your question is done."),
    "cancelled": _l("Your question is closed. Still need help? Call the municipality on "
                    "%(phone)s."),
}
EVENT_REASON_NAMES = {
    "contact_attempt": _l("Tried to contact the resident"),
    "assigned": _l("Handed to a volunteer"),
    "picked_up": _l("Picked up by a staff member"),
    **DECLINE_REASON_NAMES,
    "partner_suspended": _l("The organisation is suspended: back with the municipality"),
}


# Who asked: staff referred the resident, or the resident asked for help themselves.
REFERRAL_SOURCE_NAMES = {
    "staff": _l("Staff"),
    "resident": _l("Resident"),
}

# Who someone is in partnernet: of the municipality, or of a partner.
MUNICIPAL_ROLE_NAMES = {"staff": _l("Staff member"), "admin": _l("Administrator")}
PARTNER_ROLE_NAMES = {"coordinator": _l("Coordinator"), "volunteer": _l("Volunteer")}
ROLE_NAMES = {**MUNICIPAL_ROLE_NAMES, **PARTNER_ROLE_NAMES}

# "Did you get the help you needed?"
FEEDBACK_ANSWER_NAMES = {
    "yes": _l("Yes"),
    "partly": _l("Partly"),
    "no": _l("No"),
}

# The next step an open referral waits for (and whose it is), with its due time.
DUE_STEP_NAMES = {
    "pick_up": _l("A resident's own request is sent to a partner (staff)"),
    "send": _l("A referral staff made is sent to a partner (staff)"),
    "answer": _l("The partner accepts or declines"),
    "complete": _l("The partner finishes the help"),
    "send_elsewhere": _l("A returned referral is sent elsewhere or closed (staff)"),
}


def choices(names: dict, only=None) -> list[SelectChoice]:
    """Form choices in the order of `names` (or of the codes in `only`)."""
    return [SelectChoice(code, names[code]) for code in (only or names)]


def label(names: dict):
    """A template filter: a code's name; an unknown code reads as itself."""
    return lambda code: str(names.get(code, code or ""))


def language_name(code: str) -> str:
    """'ar' -> 'Arabisch' in Dutch, 'Arabic' in English."""
    locale = get_locale() or Locale("nl")
    return _capitalised(locale.languages.get(code)) or code


def language_choices() -> tuple[tuple[str, str], ...]:
    return _language_choices(str(get_locale() or "nl"))


@lru_cache(maxsize=8)
def _language_choices(locale: str) -> tuple[tuple[str, str], ...]:
    """Named once per language of the site: every search form shows them."""
    names = Locale.parse(locale).languages
    return tuple((code, _capitalised(names.get(code)) or code) for code in FILTER_LANGUAGES)


def _capitalised(name: str | None) -> str | None:
    return name[0].upper() + name[1:] if name else name
