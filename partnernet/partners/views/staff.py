"""Staff's view of all partners: every organisation's listings, and those that may be outdated."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from partnernet.access import STAFF, role_required
from partnernet.clock import local_today
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm
from partnernet.models import Offer, Organisation, SupportPoint
from partnernet.models.organisations import OUTDATED_AFTER
from partnernet.models.referral_queries import offers_nobody_can_act_on
from partnernet.partners import bp, service
from partnernet.partners.forms import CoordinatorInvitationForm
from partnernet.partners.overview import overview_page
from partnernet.partners.stale import stale_listings
from partnernet.submit_once import AlreadySubmitted, claim_submission


@bp.route("/staff/organisations")
@role_required(*STAFF)
def staff_organisations():
    def count(model):
        return (select(func.count()).where(model.organisation_id == Organisation.id)
                .correlate(Organisation).scalar_subquery())

    rows = db.session.execute(
        select(Organisation, count(SupportPoint), count(Offer))
        .order_by(func.lower(Organisation.name))
    ).all()
    return render_template("partners/staff_organisations.html", rows=rows,
                           unreachable=offers_nobody_can_act_on())


@bp.route("/staff/organisations/<int:organisation_id>")
@role_required(*STAFF)
def staff_organisation(organisation_id):
    return overview_page(db.get_or_404(Organisation, organisation_id),
                         CoordinatorInvitationForm())


@bp.route("/staff/organisations/<int:organisation_id>/coordinators", methods=["POST"])
@limiter.limit("30 per hour")
@role_required(*STAFF)
def invite_coordinator(organisation_id):
    """Give an organisation a coordinator: somebody who can answer its referrals."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = CoordinatorInvitationForm()
    page_url = url_for("partners.staff_organisation", organisation_id=organisation.id)
    if not form.validate_on_submit():
        return overview_page(organisation, form), 400
    try:
        claim_submission(form).result_path = page_url
    except AlreadySubmitted:
        flash(_("This form was sent twice; the invitation is sent once."))
        return redirect(page_url)
    service.invite_coordinator(organisation, form.name.data, form.email.data,
                               organisation.language)
    flash(_("%(name)s is invited by e-mail as coordinator. The link works for 7 days.",
            name=form.name.data))
    return redirect(page_url)


@bp.route("/staff/stale")
@role_required(*STAFF)
def stale():
    today = local_today()
    return render_template("partners/stale.html", points=stale_listings(SupportPoint, today),
                           offers=stale_listings(Offer, today),
                           days=OUTDATED_AFTER.days)


@bp.route("/staff/organisations/<int:organisation_id>/address-check", methods=["POST"])
@limiter.limit("30 per hour")
@role_required(*STAFF)
def request_address_check(organisation_id):
    """Ask the organisation to confirm its address, so referrals can go there with a link."""
    organisation = db.get_or_404(Organisation, organisation_id)
    if EmptyForm().validate_on_submit():
        if service.request_address_check(organisation):
            flash(_("We asked %(name)s by e-mail to confirm its address.",
                    name=organisation.name))
        else:
            flash(_("This organisation has no e-mail address. Invite a coordinator instead."))
    return redirect(url_for("partners.staff_organisation", organisation_id=organisation.id)
                    + "#coordinators")
