"""What the staff's and the partners' referral pages share."""

from flask import flash, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import load_only

from partnernet.extensions import db
from partnernet.models import Referral, ReferralState, Topic, User
from partnernet.models.referrals import IllegalTransition
from partnernet.privacy.audit import record_access
from partnernet.referrals import service
from partnernet.referrals.forms import CompleteForm, DeclineForm, NoteForm, VersionedForm

PAGE_SIZE = 50


def listed():
    """Lists show no personal data: they load (and decrypt) none, and sort narrow rows. (A
    function: building the option configures every mapper, which waits for the first list
    rather than for a worker's start.)"""
    return load_only(Referral.id, Referral.reference, Referral.state, Referral.urgency,
                     Referral.organisation_id, Referral.sent_at, Referral.due_at,
                     Referral.overdue_count, Referral.owner_id, Referral.source,
                     Referral.topic_id, Referral.created_at, Referral.closed_at)


def topic_of(referral: Referral) -> str | None:
    topic = db.session.get(Topic, referral.topic_id) if referral.topic_id else None
    return topic.name(str(get_locale())) if topic else None


def record_view(referral: Referral) -> None:
    """Opening a referral shows the resident's personal data: the audit trail says who."""
    record_access("referral_view", object_type="referral", object_id=referral.id)


def people_of(referral: Referral) -> dict[int, User]:
    ids = {event.actor_id for event in referral.events if event.actor_id}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def act(referral: Referral, change, done_message: str):
    """Carry out a change and return what it returns; a colleague's change in between or a
    step that does not fit the current state is explained (and None returned), and the page
    shows the referral as it is now."""
    try:
        result = change()
    except service.Conflict:
        flash(_("Someone else changed this referral just now. Nothing was changed by you; "
                "below is how it is now."))
        return None
    except IllegalTransition:
        db.session.rollback()
        flash(_moved_on())
        return None
    flash(done_message)
    return result


def _moved_on() -> str:
    return _("This step is not possible any more: the referral has moved on. Below is how it "
             "is now.")


# The partner's steps: (the state each leads to, its form); a prefix per step keeps the forms
# on one page apart.
CONTACT_ATTEMPT = "contact-attempt"
PARTNER_STEPS = {
    "accept": (ReferralState.ACCEPTED, VersionedForm),
    "decline": (ReferralState.DECLINED, DeclineForm),
    "unreachable": (ReferralState.UNREACHABLE, NoteForm),
    "complete": (ReferralState.COMPLETED, CompleteForm),
}


STEP_DONE = {
    "accept": lambda: _("You accepted the referral. Contact the resident soon."),
    "decline": lambda: _("You declined the referral. The municipality finds another place."),
    "unreachable": lambda: _("The referral is back with the municipality."),
    "complete": lambda: _("The referral is completed. Thank you."),
}


def step_form(step: str):
    """The submitted form of a partner's step."""
    return NoteForm(prefix=step) if step == CONTACT_ATTEMPT else PARTNER_STEPS[step][1](
        prefix=step)


def take_step(referral: Referral, step: str, form, actor: User | None) -> None:
    """Carry out a partner's validated step: signed in (`actor`) or through the answer link
    (None)."""
    if step == CONTACT_ATTEMPT:
        if referral.state != ReferralState.ACCEPTED:
            flash(_moved_on())
            return
        act(referral, lambda: service.log_contact_attempt(
            referral, actor, form.version.data, form.note.data or None),
            _("The contact attempt is noted."))
        return
    details = {name: getattr(form, name).data or None
               for name in ("note", "reason", "alternative", "outcome") if name in form}
    act(referral, lambda: service.change_state(referral, PARTNER_STEPS[step][0], actor,
                                                form.version.data, **details),
        STEP_DONE[step]())


def partner_page(referral: Referral, step_url, failed_step: str | None = None, failed=None,
                 assign_form=None, by_link: bool = False):
    """A partner's page of a referral, signed in or through the answer link (`by_link`): the
    steps its state allows, posting to `step_url(step)`; a step that failed validation comes
    back with what was typed and its errors."""
    forms = {step: form_class(prefix=step, version=referral.version)
             for step, (_state, form_class) in PARTNER_STEPS.items()}
    forms[CONTACT_ATTEMPT] = NoteForm(prefix=CONTACT_ATTEMPT, version=referral.version)
    if failed is not None and failed_step is not None:
        forms[failed_step] = failed
    topic_name = topic_of(referral)
    record_view(referral)
    return render_template(
        "referrals/partner_referral.html", referral=referral, topic_name=topic_name,
        forms=forms, failed=failed, assign_form=assign_form, users=people_of(referral),
        step_url=step_url, by_link=by_link)
