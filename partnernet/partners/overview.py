"""The overview of one organisation's listings, for its partners and for staff."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from partnernet.access import EDITORS
from partnernet.extensions import db
from partnernet.models import InformationReport, Organisation


def overview_page(organisation: Organisation):
    reports = db.session.scalars(select(InformationReport).where(
        InformationReport.organisation_id == organisation.id,
        InformationReport.handled_at.is_(None)).order_by(InformationReport.created_at)).all()
    return render_template("partners/overview.html", organisation=organisation,
                           reports=reports, can_edit=current_user.role in EDITORS)
