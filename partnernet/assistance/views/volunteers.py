from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partnernet.access import LOGGERS, role_required
from partnernet.assistance import bp, service
from partnernet.assistance.forms import AssistanceLogForm, NewAssistanceLogForm
from partnernet.extensions import db
from partnernet.forms import values_of
from partnernet.links import requested_page
from partnernet.models import AssistanceLog
from partnernet.submit_once import AlreadySubmitted, claim_submission

KEEP_KEY = "log_again"  # "save and log another" keeps the place and the date, in the session
PAGE_SIZE = 50


@bp.route("/log/new", methods=["GET", "POST"])
@role_required(*LOGGERS)
def new_log():
    kept = session.pop(KEEP_KEY, None) if request.method == "GET" else None
    form = NewAssistanceLogForm() if request.method == "POST" else NewAssistanceLogForm(
        data=_defaults(kept))
    service.set_form_choices(form, current_user)
    if form.validate_on_submit():
        try:
            claim = claim_submission(form)
        except AlreadySubmitted as earlier:
            flash(_("This form was sent twice; the help is logged once."))
            return redirect(earlier.result_path or url_for("assistance.own_logs"))
        again = "again" in request.form
        claim.result_path = url_for("assistance.new_log" if again else "assistance.own_logs")
        log = service.log_help(current_user, help_given(form))
        flash(_("The help is logged. Thank you."))
        if again:
            session[KEEP_KEY] = {"point": log.support_point_id,
                                 "date": log.given_on.isoformat()}
        return redirect(claim.result_path)
    return render_template("assistance/log.html", form=form, log=None)


def help_given(form) -> service.HelpGiven:
    return values_of(form, service.HelpGiven, minutes=form.minutes_given)


def _defaults(kept: dict | None) -> dict:
    if kept:
        return {"support_point": kept["point"], "given_on": date.fromisoformat(kept["date"])}
    last = service.last_point_id(current_user)
    return {"support_point": last} if last else {}


@bp.route("/log")
@role_required(*LOGGERS)
def own_logs():
    page = db.paginate(
        select(AssistanceLog).where(AssistanceLog.volunteer_id == current_user.id)
        .options(selectinload(AssistanceLog.topics), selectinload(AssistanceLog.support_point))
        .order_by(AssistanceLog.given_on.desc(), AssistanceLog.id.desc()),
        page=requested_page(), per_page=PAGE_SIZE, error_out=False)
    return render_template("assistance/own_logs.html", page=page)


@bp.route("/log/<int:log_id>/edit", methods=["GET", "POST"])
@role_required(*LOGGERS)
def edit_log(log_id):
    log = db.session.get(AssistanceLog, log_id)
    if log is None or log.volunteer_id != current_user.id:
        abort(404)
    if not log.is_editable():
        flash(_("This log is older than 14 days and can no longer be changed."))
        return redirect(url_for("assistance.own_logs"))
    form = AssistanceLogForm() if request.method == "POST" else AssistanceLogForm(
        data=service.form_data(log))
    service.set_form_choices(form, current_user)
    if form.validate_on_submit():
        service.change_log(log, help_given(form))
        flash(_("The log is changed."))
        return redirect(url_for("assistance.own_logs"))
    return render_template("assistance/log.html", form=form, log=log)
