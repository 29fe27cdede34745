"""The cards of a results page, rendered once per worker and shown again: rendering twenty
cards (their texts in the resident's language, links, hours) cost a search more than finding
and loading the places did.

A card is kept under everything it shows: the place, its organisation and the fitting offers
by their last change, today's hours as they are, the language, whether the page is embedded,
and the day (a place's information becomes outdated on a day). Its line of what the place
offers, in the words of the searched topic, is kept apart, under the topic, whether the help
names it, the offers, the language and whether the page is embedded: so a search with a topic
renders only that line for a place shown before (rendering whole cards per topic cost such a
search 0.45 ms a card, and most of its cards). Topics and the site's settings (the
municipality's phone number) are in the kept page's version (`page_cache`): a change made in
this worker shows at once, one made in another within KEEP_SECONDS. What differs per search,
the card's number in the list and the distance, is written into the kept card each time."""

import secrets
import time

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup, escape

from partnernet import page_cache
from partnernet.clock import local_today
from partnernet.embedding import is_embedded
from partnernet.geo.search import Match, Results
from partnernet.templating import distance

KEEP_SECONDS = 300  # how long a change of a topic or setting made in another worker may go unseen
MAX_CARDS = 4000  # per worker, about 6 MB
MAX_HELP_TEXTS = 10_000  # per worker, about 6 MB: a place's offers in each topic's words
# Written where the number, the distance and the help go; random, so no text of a place can
# hold them.
NUMBER_SLOT = f"pn-number-{secrets.token_hex(8)}"
DISTANCE_SLOT = f"pn-distance-{secrets.token_hex(8)}"
HELP_SLOT = f"pn-help-{secrets.token_hex(8)}"


def result_cards(results: Results) -> list[Markup]:
    cards = _kept_cards("result_cards", MAX_CARDS)
    help_texts = _kept_cards("result_help_texts", MAX_HELP_TEXTS)
    topic = results.topic
    shown_for = (str(get_locale()), is_embedded())
    shown = []
    for number, match in enumerate(results.matches, start=results.first_number):
        offers = tuple((offer.id, offer.updated_at) for offer in match.offers)
        card_key = (*shown_for, *_shown_of(match), offers)
        card = cards.get(card_key)
        if card is None:
            card = cards.keep(card_key, render_template(
                "directory/_result.html", match=match, number=NUMBER_SLOT,
                distance_text=DISTANCE_SLOT, help_text=HELP_SLOT))
        help_key = (*shown_for, topic.id if topic else None, match.names_topic, offers)
        help_text = help_texts.get(help_key)
        if help_text is None:
            help_text = help_texts.keep(help_key, render_template(
                "directory/_result_help.html", offers=match.offers, topic=topic,
                names_topic=match.names_topic))
        # The help line last: the offers' titles in it are not read for a slot.
        shown.append(Markup(card.replace(NUMBER_SLOT, str(number)).replace(
            DISTANCE_SLOT, str(escape(distance(match.distance_km)))).replace(
            HELP_SLOT, help_text)))
    return shown


def _kept_cards(name: str, limit: int) -> page_cache.Kept:
    """What this worker keeps of cards under `name`, forgotten when a day, a version of the
    topics and settings, or KEEP_SECONDS have passed."""
    generation = (local_today(), page_cache.version(), int(time.monotonic() // KEEP_SECONDS))
    return page_cache.kept(name, generation, limit)


def _shown_of(match: Match) -> tuple:
    """The place as its card shows it, apart from its offers."""
    point = match.point
    return (point.id, point.updated_at, point.organisation.updated_at,
            tuple((period.opens, period.closes) for period in match.hours_today))
