"""Help a volunteer logged as "the municipality must follow up" waits in the staff's queue until
a staff member picks it up: the municipality stays responsible for it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partnernet.access import STAFF, role_required
from partnernet.assistance import bp, service
from partnernet.extensions import db
from partnernet.forms import EmptyForm
from partnernet.links import requested_page
from partnernet.models import AssistanceLog, AssistanceOutcome
from partnernet.models.assistance_queries import open_follow_ups_query

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
    if service.pick_up_follow_up(log_id, current_user):
        flash(_("Marked as picked up. It has left the list."))
    elif getattr(db.session.get(AssistanceLog, log_id), "outcome",
                 None) != AssistanceOutcome.MUNICIPAL_FOLLOW_UP:
        abort(404)
    else:
        flash(_("A colleague had already picked this up."))
    return redirect(url_for(BACK_TO.get(request.args.get("back", ""), "assistance.follow_ups")))
