"""The e-mails about referrals and residents' requests for help. None holds a resident's
personal data: each links to the referral, behind a sign-in or, for an organisation without
accounts, behind a signed link to its confirmed address."""

from flask_babel import lazy_gettext as _l

from partnernet.extensions import db
from partnernet.models import DueStep, Offer, Organisation, Referral, ReferralState, User
from partnernet.notify import recipients
from partnernet.notify.emails import Link, send
from partnernet.tokens import ANSWER, make_signed


def _for_staff(referral_id: int) -> Link:
    return Link("referrals.staff_referral", referral_id=referral_id)


def _for_partner(referral_id: int) -> Link:
    return Link("referrals.partner_referral", referral_id=referral_id)


def _to_act_on(referral: Referral, organisation: Organisation) -> Link:
    """The referral's page for its coordinators; for an organisation that has none who can
    sign in, a signed link to answer it without an account (see answer_token)."""
    if recipients.coordinators(organisation):
        return _for_partner(referral.id)
    return Link("referrals.answer", token=answer_token(referral, organisation.id))


def answer_token(referral: Referral, organisation_id: int) -> str:
    """Valid while the referral is with this organisation from this sending: sent elsewhere, or
    sent again, the old link stops working; each step can be taken once."""
    return make_signed(ANSWER, {"r": referral.id, "o": organisation_id,
                                "s": sending_mark(referral)})


def sending_mark(referral: Referral) -> int:
    """Which sending of the referral a link belongs to (whole seconds, as every database
    keeps them)."""
    return int(referral.sent_at.timestamp()) if referral.sent_at else 0


def help_requested(referral: Referral) -> None:
    """A resident asked for help themselves: staff find a place for it."""
    send(recipients.staff(), _l("New help request from a resident in partnernet"),
         "help_request.txt", _for_staff(referral.id))


def sent(referral: Referral, offer: Offer) -> int:
    """The offer's partner gets the referral; returns how many people were told."""
    told = recipients.organisation(offer.organisation)
    link = _to_act_on(referral, offer.organisation)
    send(told, _l("New referral in partnernet"), "referral_sent.txt", link, offer=offer,
         urgent=referral.is_urgent, by_link=link.endpoint == "referrals.answer")
    return len(told)


def taken_back(referral: Referral, organisation_id: int) -> None:
    """Staff sent the referral elsewhere: the partner that had it need not act on it."""
    organisation = db.session.get_one(Organisation, organisation_id)
    send(recipients.organisation(organisation), _l("Referral taken back in partnernet"),
         "referral_taken_back.txt", reference=referral.reference)


def changed(referral: Referral, state: ReferralState) -> None:
    """The partner declined, could not reach the resident, or finished: the referrer hears."""
    referrer = db.session.get(User, referral.created_by_id) if referral.created_by_id else None
    send(recipients.person(referrer), _l("Referral updated in partnernet"),
         "referral_changed.txt", _for_staff(referral.id), state=state)


def cancelled(referral: Referral) -> None:
    """Staff stopped a referral: the partner it was sent to, if any, hears."""
    if referral.organisation_id is None:  # never sent: no partner knows of it
        return
    organisation = db.session.get_one(Organisation, referral.organisation_id)
    send(recipients.organisation(organisation), _l("Referral stopped in partnernet"),
         "referral_cancelled.txt", _for_partner(referral.id))


def overdue(referral: Referral) -> None:
    """Its step's due moment passed: whoever holds it (the partner, or the staff member who owns
    it), its owner and the staff on duty hear; overdue a second time, the team leads too."""
    step = referral.next_step
    owner = db.session.get(User, referral.owner_id) if referral.owner_id else None
    staff = recipients.person(owner) + recipients.staff_on_duty()
    if referral.overdue_count >= 2:
        staff += recipients.team_leads()
    send(staff, _l("Referral overdue in partnernet"), "overdue_staff.txt",
         _for_staff(referral.id), step=step, times=referral.overdue_count)
    if referral.is_with_partner and referral.organisation_id is not None:
        organisation = db.session.get_one(Organisation, referral.organisation_id)
        subject = (_l("A referral is waiting for your answer") if step == DueStep.ANSWER
                   else _l("A referral is waiting for you to finish it"))
        send(recipients.organisation(organisation), subject, "overdue_partner.txt",
             _to_act_on(referral, organisation), step=step)
