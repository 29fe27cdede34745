"""Staff's view of all partners: every organisation's listings, and those that may be outdated."""

from flask import render_template
from sqlalchemy import func, select

from partnernet.access import STAFF, role_required
from partnernet.clock import local_today
from partnernet.extensions import db
from partnernet.models import Offer, Organisation, SupportPoint
from partnernet.models.organisations import OUTDATED_AFTER
from partnernet.partners import bp
from partnernet.partners.overview import overview_page
from partnernet.partners.stale import stale_listings


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
    return render_template("partners/staff_organisations.html", rows=rows)


@bp.route("/staff/organisations/<int:organisation_id>")
@role_required(*STAFF)
def staff_organisation(organisation_id):
    return overview_page(db.get_or_404(Organisation, organisation_id))


@bp.route("/staff/stale")
@role_required(*STAFF)
def stale():
    today = local_today()
    return render_template("partners/stale.html", points=stale_listings(SupportPoint, today),
                           offers=stale_listings(Offer, today),
                           days=OUTDATED_AFTER.days)
