"""An organisation without a coordinator who can sign in answers a referral through the signed
link sent to its confirmed address (the address is the anchor, as in a verification mail).
The link belongs to one sending of the referral to that organisation: sent elsewhere or again,
it stops working; each step can be taken once, as on the signed-in page."""

from flask import abort, redirect, render_template, url_for

from partnernet.access import public
from partnernet.extensions import db, limiter
from partnernet.models import Referral
from partnernet.notify.referrals import sending_mark
from partnernet.referrals import bp
from partnernet.referrals.views.shared import partner_page, step_form, take_step
from partnernet.tokens import ANSWER, read_signed


def _referral_for(token: str) -> Referral:
    """The referral the link was made for, while it belongs to that sending; else 404."""
    payload = read_signed(ANSWER, token) or {}
    referral_id = payload.get("r")
    referral = db.session.get(Referral, referral_id) if isinstance(referral_id, int) else None
    if (referral is None or referral.organisation_id != payload.get("o")
            or sending_mark(referral) != payload.get("s")):
        abort(404)
    return referral


def _page(token: str, referral: Referral, failed_step: str | None = None, failed=None):
    if not referral.is_with_partner:  # answered, given back or closed: nothing more to do
        return render_template("referrals/answered.html", referral=referral)

    def step_url(step: str) -> str:
        return url_for("referrals.answer_step", token=token, step=step)

    return partner_page(referral, step_url, failed_step, failed, by_link=True)


@bp.route("/answer/<token>")
@limiter.limit("60 per hour")
@public
def answer(token):
    return _page(token, _referral_for(token))


@bp.route("/answer/<token>/<any(accept, decline, unreachable, complete, 'contact-attempt'):step>",
          methods=["POST"])
@limiter.limit("30 per hour")
@public
def answer_step(token, step):
    referral = _referral_for(token)
    form = step_form(step)
    if not form.validate_on_submit():
        return _page(token, referral, step, form), 400
    take_step(referral, step, form, None)
    return redirect(url_for("referrals.answer", token=token))
