"""How referral states, outcomes and reasons read on the page, in the user's language."""

from flask_babel import lazy_gettext as _l

from partnernet.referrals.forms import CONTACT_CHOICES, DECLINE_REASONS, OUTCOMES

STATE_NAMES = {
    "new": _l("New, not sent yet"),
    "sent": _l("Sent, waiting for the partner"),
    "accepted": _l("Accepted by the partner"),
    "declined": _l("Declined, back with the municipality"),
    "unreachable": _l("Resident not reachable, back with the municipality"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
# What a resident reads about their own request: plain words, no internal steps.
RESIDENT_STATE_NAMES = {
    "new": _l("We received your question. We look for someone to help you."),
    "sent": _l("We asked a partner organisation to help you. They contact you soon."),
    "accepted": _l("A partner organisation helps you. They contact you, or did already."),
    "declined": _l("We are looking for another place to help you."),
    "unreachable": _l("We could not reach you. Please call the municipality on 14 050."),
    "completed": _l("Your question is done."),
    "cancelled": _l("Your question is closed. Still need help? Call the municipality on "
                    "14 050."),
}
EVENT_REASONS = {
    "contact_attempt": _l("Tried to contact the resident"),
    "assigned": _l("Handed to a volunteer"),
    **DECLINE_REASONS,
}


def _label(names: dict):
    return lambda code: str(names.get(code, code or ""))


def register_labels(state) -> None:
    state.app.jinja_env.filters.update(
        referral_state=_label(STATE_NAMES),
        resident_state=_label(RESIDENT_STATE_NAMES),
        referral_outcome=_label(OUTCOMES),
        event_reason=_label(EVENT_REASONS),
        contact_preference=_label({choice.value: choice.label for choice in CONTACT_CHOICES}),
    )
