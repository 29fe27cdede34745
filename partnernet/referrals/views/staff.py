"""Staff refer a resident, send the referral to a fitting offer and follow it until closed."""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from partnernet.access import STAFF, role_required
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.forms import values_of
from partnernet.links import requested_page
from partnernet.models import (
    DueStep,
    Offer,
    Referral,
    ReferralState,
    Role,
    Topic,
)
from partnernet.models.assistance_queries import open_follow_ups
from partnernet.models.referral_queries import can_receive_referrals
from partnernet.models.referrals import CLOSED_STATES, RETURNED_STATES
from partnernet.referrals import bp, matching, service
from partnernet.referrals.forms import (
    CancelForm,
    DueTimesForm,
    ReferralForm,
    SendForm,
    VersionedForm,
)
from partnernet.referrals.views.shared import (
    PAGE_SIZE,
    act,
    listed,
    people_of,
    record_view,
    topic_of,
)
from partnernet.settings import site_settings
from partnernet.submit_once import AlreadySubmitted, claim_submission

FOLLOW_UPS_SHOWN = 5  # the oldest open follow-ups, above the queue; the rest on their own page
OPEN_STATES = [state for state in ReferralState if state not in CLOSED_STATES]


# Staff: create, match and send, follow, cancel.

@bp.route("/staff/referrals")
@role_required(*STAFF)
def staff_queue():
    now = utcnow()
    order = case(
        (Referral.overdue_at(now), 0),
        (Referral.state.in_(RETURNED_STATES), 1),
        (Referral.state == ReferralState.NEW, 2),
        else_=3,
    )
    show = request.args.get("show")
    closed, mine = show == "closed", show == "mine"
    query = select(Referral).options(listed(), selectinload(Referral.organisation),
                                     selectinload(Referral.owner), selectinload(Referral.topic))
    if mine:
        query = query.where(Referral.owner_id == current_user.id)
    if closed:
        query = query.where(Referral.state.in_(CLOSED_STATES)).order_by(
            Referral.closed_at.desc(), Referral.id.desc())
    else:
        query = query.where(Referral.state.in_(OPEN_STATES)).order_by(
            order, Referral.urgency.desc(), Referral.due_at, Referral.id)
    page = db.paginate(query, page=requested_page(), per_page=PAGE_SIZE, error_out=False)
    follow_ups, follow_ups_total = ([], 0) if closed else open_follow_ups(FOLLOW_UPS_SHOWN)
    return render_template("referrals/staff_queue.html", page=page, now=now, closed=closed,
                           mine=mine, follow_ups=follow_ups, follow_ups_total=follow_ups_total)


@bp.route("/staff/referrals/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_referral():
    form = ReferralForm()
    form.set_choices(Topic.choices(str(get_locale())))
    if form.validate_on_submit():
        try:
            claim = claim_submission(form)
        except AlreadySubmitted as earlier:
            flash(_("This form was sent twice; the referral is saved once."))
            return redirect(earlier.result_path or url_for("referrals.staff_queue"))
        referral = service.create_referral(
            values_of(form, service.ResidentRequest, updates_language=_updates_language(form)),
            current_user, claim,
            lambda referral: url_for("referrals.staff_referral", referral_id=referral.id))
        flash(_("The referral is saved. Now choose where to send it."))
        return redirect(url_for("referrals.staff_referral", referral_id=referral.id))
    return render_template("referrals/new.html", form=form,
                           consent_text=consent_text())


def _updates_language(form) -> str | None:
    """The resident's e-mails are in English when that is the language they speak best (of
    the two partnernet writes), else in Dutch; None when they want none."""
    if not form.email_updates.data:
        return None
    return "en" if form.language.data == "en" else "nl"


def consent_text() -> str:
    """The administrator's text in the page's language, else the built-in one."""
    return site_settings().consent_text(str(get_locale())) or _(
        "The resident agrees to be referred to a partner organisation, and that the partner "
        "gets their name, contact details and what they need help with. The partner uses "
        "these only to help them. The municipality keeps them until the referral is closed, "
        "and then for at most the retention period.")


@bp.route("/staff/referrals/<int:referral_id>")
@role_required(*STAFF)
def staff_referral(referral_id):
    return _staff_referral_page(db.get_or_404(Referral, referral_id))


def _staff_referral_page(referral: Referral, cancel_form=None):
    topic_name = topic_of(referral)
    can_send = referral.can_move_to(ReferralState.SENT)
    proposals = matching.propose(referral, topic_name) if can_send else []
    other_offers = matching.all_taking_referrals() if can_send else []
    record_view(referral)
    return render_template(
        "referrals/staff_referral.html", referral=referral, topic_name=topic_name,
        proposals=proposals, other_offers=other_offers, can_send=can_send,
        send_form=SendForm(), cancel_form=cancel_form or CancelForm(version=referral.version),
        pick_up_form=VersionedForm(version=referral.version), failed=cancel_form,
        users=people_of(referral), now=utcnow())


@bp.route("/staff/referrals/<int:referral_id>/pick-up", methods=["POST"])
@role_required(*STAFF)
def pick_up(referral_id):
    """"I take this one": the staff member answers for the request from now on."""
    referral = db.get_or_404(Referral, referral_id)
    form = VersionedForm()
    if form.validate_on_submit() and referral.is_open:
        act(referral, lambda: service.pick_up(referral, current_user, form.version.data),
            _("You are the owner of this request now."))
    return redirect(url_for("referrals.staff_referral", referral_id=referral.id))


@bp.route("/staff/referrals/<int:referral_id>/send", methods=["POST"])
@role_required(*STAFF)
def send(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    form = SendForm()
    if form.validate_on_submit():
        offer = db.session.get(Offer, form.offer.data)
        if offer is None or not can_receive_referrals(offer):
            flash(_("This help cannot take referrals now: it does not take them, or nobody "
                    "there can answer one. Choose another."))
        elif not matching.has_room(offer):
            flash(_("This help has no room left this week. Choose another."))
        else:
            told = act(referral, lambda: service.send_referral(
                referral, offer, current_user, form.version.data),
                _("The referral is sent to %(name)s.", name=offer.organisation.name))
            if told is not None:
                flash(ngettext("%(num)d person there is told by e-mail.",
                               "%(num)d people there are told by e-mail.", told))
    return redirect(url_for("referrals.staff_referral", referral_id=referral.id))


@bp.route("/staff/referrals/<int:referral_id>/cancel", methods=["POST"])
@role_required(*STAFF)
def cancel(referral_id):
    referral = db.get_or_404(Referral, referral_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _staff_referral_page(referral, form), 400
    act(referral, lambda: service.change_state(
        referral, ReferralState.CANCELLED, current_user, form.version.data,
        note=form.note.data), _("The referral is cancelled."))
    return redirect(url_for("referrals.staff_referral", referral_id=referral.id))


@bp.route("/staff/referrals/due-times", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def due_times():
    """How long each step may take before a request is escalated."""
    current = {str(step): service.working_days(step) for step in DueStep}
    form = DueTimesForm(data=None if request.method == "POST" else current)
    if form.validate_on_submit():
        service.set_due_times({step: form[str(step)].data for step in DueStep})
        flash(_("The due times are saved. They count for steps that begin from now."))
        return redirect(url_for("referrals.due_times"))
    return render_template("referrals/due_times.html", form=form)
