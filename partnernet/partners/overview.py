"""The overview of one organisation's listings, for its partners and for staff."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from partnernet.access import EDITORS, STAFF
from partnernet.extensions import db
from partnernet.models import InformationReport, Organisation, Role, User


def overview_page(organisation: Organisation, invite_form=None):
    """Staff also see the organisation's coordinators, and may invite one (`invite_form`)."""
    reports = db.session.scalars(select(InformationReport).where(
        InformationReport.organisation_id == organisation.id,
        InformationReport.handled_at.is_(None)).order_by(InformationReport.created_at)).all()
    coordinators = db.session.scalars(select(User).where(
        User.organisation_id == organisation.id, User.role == Role.COORDINATOR)
        .order_by(User.name)).all() if current_user.role in STAFF else []
    return render_template("partners/overview.html", organisation=organisation,
                           reports=reports, can_edit=current_user.role in EDITORS,
                           coordinators=coordinators, invite_form=invite_form)
