"""Help a volunteer logged as "the municipality must follow up" waits in the staff's queue until
a staff member picks it up: the municipality stays responsible for it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import update

from partnernet.access import STAFF, role_required
from partnernet.assistance import bp
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.forms import EmptyForm
from partnernet.links import requested_page
from partnernet.models import AssistanceLog, AssistanceOutcome
from partnernet.models.assistance_queries import open_follow_ups_query
from partnernet.privacy.audit import record_event

PAGE_SIZE = 50
BACK_TO = {"queue": "referrals.staff_queue", "list": "assistance.follow_ups"}


@bp.route("/staff/follow-ups")
@role_required(*STAFF)
def follow_ups():
    page = db.paginate(open_follow_ups_query(), page=requested_page(), per_page=PAGE_SIZE,
                       error_out=False)
    return render_template("assistance/follow_ups.html", page=page)


@bp.route("/staff/follow-ups/<int:log_id>/handled", methods=["POST"])
@role_required(*STAFF)
def follow_up_handled(log_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    picked_up = db.session.execute(
        update(AssistanceLog)
        .where(AssistanceLog.id == log_id,
               AssistanceLog.outcome == AssistanceOutcome.MUNICIPAL_FOLLOW_UP,
               AssistanceLog.follow_up_handled_at.is_(None))
        .values(follow_up_handled_at=utcnow(), follow_up_handled_by_id=current_user.id)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if picked_up:
        record_event("follow_up_handled", object_type="assistance_log", object_id=log_id)
        db.session.commit()
        flash(_("Marked as picked up. It has left the list."))
    elif getattr(db.session.get(AssistanceLog, log_id), "outcome",
                 None) != AssistanceOutcome.MUNICIPAL_FOLLOW_UP:
        abort(404)
    else:
        flash(_("A colleague had already picked this up."))
    return redirect(url_for(BACK_TO.get(request.args.get("back"), "assistance.follow_ups")))
