"""How referral states, outcomes and reasons read on the page, in the user's language."""

from partnernet.vocabulary import (
    CONTACT_PREFERENCE_NAMES,
    EVENT_REASON_NAMES,
    REFERRAL_OUTCOME_NAMES,
    REFERRAL_STATE_NAMES,
    RESIDENT_STATE_NAMES,
    label,
)


def register_labels(state) -> None:
    state.app.jinja_env.filters.update(
        referral_state=label(REFERRAL_STATE_NAMES),
        resident_state=label(RESIDENT_STATE_NAMES),
        referral_outcome=label(REFERRAL_OUTCOME_NAMES),
        event_reason=label(EVENT_REASON_NAMES),
        contact_preference=label(CONTACT_PREFERENCE_NAMES),
    )
