"""The cards of a results page, rendered once per worker and shown again: rendering twenty
cards (their texts in the resident's language, links, hours) cost a search more than finding
and loading the places did.

A card is kept under everything it shows: the place, its organisation and the fitting offers
by their last change, today's hours as they are, whether the help names the searched topic,
the topic, the language, whether the page is embedded, and the day (a place's information
becomes outdated on a day). Topics and the site's settings (the municipality's phone number)
are in the kept page's version (`page_cache`): a change made in this worker shows at once, one
made in another within KEEP_SECONDS. What differs per search, the card's number in the list
and the distance, is written into the kept card each time."""

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
# Written where the number and the distance go; random, so no text of a place can hold them.
NUMBER_SLOT = f"pn-number-{secrets.token_hex(8)}"
DISTANCE_SLOT = f"pn-distance-{secrets.token_hex(8)}"


def result_cards(results: Results) -> list[Markup]:
    kept = _kept_cards()
    topic = results.topic
    shown_for = (str(get_locale()), is_embedded(), topic.id if topic else None)
    cards = []
    for number, match in enumerate(results.matches, start=results.first_number):
        key = (*shown_for, *_shown_of(match))
        card = kept.get(key)
        if card is None:
            card = kept.keep(key, render_template(
                "directory/_result.html", match=match, topic=topic, number=NUMBER_SLOT,
                distance_text=DISTANCE_SLOT))
        cards.append(Markup(card.replace(NUMBER_SLOT, str(number)).replace(
            DISTANCE_SLOT, str(escape(distance(match.distance_km))))))
    return cards


def _kept_cards() -> page_cache.Kept:
    """The cards kept in this worker, forgotten when a day, a version of the topics and
    settings, or KEEP_SECONDS have passed."""
    generation = (local_today(), page_cache.version(), int(time.monotonic() // KEEP_SECONDS))
    return page_cache.kept("result_cards", generation, MAX_CARDS)


def _shown_of(match: Match) -> tuple:
    point = match.point
    return (point.id, point.updated_at, point.organisation.updated_at, match.names_topic,
            tuple((offer.id, offer.updated_at) for offer in match.offers),
            tuple((period.opens, period.closes) for period in match.hours_today))
