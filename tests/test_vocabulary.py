"""Every coded value has its name defined once (partnernet/vocabulary.py), in English and in
Dutch: a value without a label, or a label without a Dutch translation, fails here."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from partnernet import vocabulary
from partnernet.models import (
    AssistanceOutcome,
    Channel,
    ContactPreference,
    DeclineReason,
    DueStep,
    EventReason,
    FeedbackAnswer,
    Obstacle,
    OfferMode,
    OrganisationKind,
    ReferralOutcome,
    ReferralSource,
    ReferralState,
    Urgency,
)

CATALOGUE = Path(__file__).resolve().parents[1] / (
    "partnernet/translations/nl/LC_MESSAGES/messages.po")
VOCABULARY = [
    (OfferMode, vocabulary.MODE_NAMES),
    (OrganisationKind, vocabulary.ORGANISATION_KIND_NAMES),
    (Channel, vocabulary.CHANNEL_NAMES),
    (AssistanceOutcome, vocabulary.LOG_OUTCOME_NAMES),
    (Obstacle, vocabulary.OBSTACLE_NAMES),
    (ContactPreference, vocabulary.CONTACT_PREFERENCE_NAMES),
    (Urgency, vocabulary.URGENCY_NAMES),
    (DeclineReason, vocabulary.DECLINE_REASON_NAMES),
    (ReferralOutcome, vocabulary.REFERRAL_OUTCOME_NAMES),
    (ReferralState, vocabulary.REFERRAL_STATE_NAMES),
    (ReferralState, vocabulary.RESIDENT_STATE_NAMES),
    (DueStep, vocabulary.DUE_STEP_NAMES),
    (FeedbackAnswer, vocabulary.FEEDBACK_ANSWER_NAMES),
    (ReferralSource, vocabulary.REFERRAL_SOURCE_NAMES),
]


@pytest.mark.parametrize(("enum", "names"), VOCABULARY, ids=lambda v: getattr(v, "__name__", ""))
def test_every_value_has_exactly_one_label(enum, names):
    assert set(names) == set(enum)


def test_event_reasons_cover_every_decline_reason_and_each_event():
    assert set(vocabulary.EVENT_REASON_NAMES) == set(DeclineReason) | set(EventReason)


@pytest.mark.parametrize(("enum", "names"), VOCABULARY, ids=lambda v: getattr(v, "__name__", ""))
def test_every_label_reads_in_english_and_dutch(app, enum, names):
    translated = {message.id: message.string for message in read_po(CATALOGUE.open("rb"))}
    with app.test_request_context():
        for value in enum:
            with force_locale("en"):
                english = str(names[value])
            with force_locale("nl"):
                dutch = str(names[value])
            assert english and translated.get(english), f"{enum.__name__}.{value.name}"
            assert dutch == translated[english]
