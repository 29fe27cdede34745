"""Residents ask for help themselves (/help) and look up their request (/status). Public,
rate-limited, and showing nothing of a request but its state and, once a partner accepted it,
that partner's name and contact."""

import hmac

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.access import public
from partnernet.extensions import db, limiter
from partnernet.forms import values_of
from partnernet.models import DueStep, Referral, ReferralState, Topic
from partnernet.privacy.audit import record_access
from partnernet.referrals import bp, service
from partnernet.referrals.forms import FeedbackForm, HelpRequestForm, StatusForm
from partnernet.submit_once import AlreadySubmitted, claim_submission
from partnernet.tokens import make_feedback_token, referral_id_for_feedback

THANKS_KEY = "help_reference"  # the code, shown once on the thank-you page, never in a URL


@bp.route("/help", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def help_request():
    form = HelpRequestForm()
    form.set_choices(Topic.choices(str(get_locale())))
    thanks = url_for("referrals.help_thanks")
    if form.earlier_submission():
        return redirect(thanks)
    if form.validate_on_submit():
        if form.fax.data:  # bots fill in every field; they get a thank-you without a code
            return redirect(thanks)
        try:
            claim = claim_submission(form)
        except AlreadySubmitted:
            return redirect(thanks)
        referral = service.create_referral(
            values_of(form, service.ResidentRequest, updates_language=str(get_locale())
                      if form.email_updates.data else None),
            None, claim, lambda _referral: thanks)
        session[THANKS_KEY] = referral.reference
        return redirect(thanks)
    return render_template("referrals/help.html", form=form)


@bp.route("/help/thanks")
@public
def help_thanks():
    return render_template("referrals/help_thanks.html", reference=session.pop(THANKS_KEY, None),
                           working_days=service.working_days(DueStep.PICK_UP))


def _not_found_is_a_guess(response) -> bool:
    return response.status_code == 404


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], deduct_when=_not_found_is_a_guess)
@public
def status():
    form = StatusForm()
    if not form.validate_on_submit():
        return render_template("referrals/status.html", form=form, referral=None)
    referral = _request_for(form.reference.data, form.postcode.data)
    if referral is None:
        flash(_("We found no request with this code and postcode. Check both and try again."))
        return render_template("referrals/status.html", form=form, referral=None), 404
    record_access("referral_status_view", object_type="referral", object_id=referral.id)
    return _status_page(referral)


def _status_page(referral: Referral, feedback_form=None):
    """What the resident may know: the state, its dates, who contacts them and by when, and,
    once it is closed, the one question about the help."""
    accepted = referral.state in (ReferralState.ACCEPTED, ReferralState.COMPLETED)
    asks_feedback = not referral.is_open and referral.feedback_given_at is None
    return render_template(
        "referrals/status.html", form=StatusForm(formdata=None), referral=referral,
        partner=referral.organisation if accepted else None,
        sent_to=referral.organisation if referral.state == ReferralState.SENT else None,
        feedback_form=(feedback_form or FeedbackForm()) if asks_feedback else None,
        feedback_token=make_feedback_token(referral.id) if asks_feedback else None)


@bp.route("/status/feedback/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def feedback(token):
    """"Did you get the help you needed?": from the closing e-mail or the status page."""
    referral_id = referral_id_for_feedback(token)
    referral = db.session.get(Referral, referral_id) if referral_id else None
    if referral is None or referral.is_open:
        abort(404)
    form = FeedbackForm()
    if referral.feedback_given_at is None and form.validate_on_submit():
        try:
            service.give_feedback(referral, form.answer.data, form.comment.data)
        except service.FeedbackGiven:
            pass
        return redirect(url_for("referrals.feedback_thanks"))
    if referral.feedback_given_at is not None:
        return redirect(url_for("referrals.feedback_thanks"))
    record_access("referral_feedback_view", object_type="referral", object_id=referral.id)
    return render_template("referrals/feedback.html", form=form, token=token,
                           reference=referral.reference), 400 if form.errors else 200


@bp.route("/status/feedback/thanks")
@public
def feedback_thanks():
    return render_template("referrals/feedback_thanks.html")


def _request_for(reference: str, postcode: str) -> Referral | None:
    referral = db.session.scalar(select(Referral).where(
        Referral.reference == reference.strip().upper().replace(" ", "")))
    if referral is None or referral.resident_postcode is None:
        return None
    typed = postcode.upper().replace(" ", "")
    if not hmac.compare_digest(typed, referral.resident_postcode.replace(" ", "")):
        return None
    return referral
