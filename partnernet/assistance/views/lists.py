"""Logs of help as lists and CSV exports: a coordinator sees the own organisation's logs with
the volunteers' names; staff see every organisation's, without names."""

from flask import Response, render_template, stream_with_context, url_for
from flask_babel import get_locale

from partnernet.access import STAFF, role_required
from partnernet.assistance import bp
from partnernet.assistance.export import csv_chunks
from partnernet.extensions import db
from partnernet.links import query_args, requested_page
from partnernet.log_filters import LogFilterForm, coordinator_filter, staff_filter
from partnernet.models import Role
from partnernet.models.assistance_queries import LogFilter, logs_query
from partnernet.privacy.audit import record_access

PAGE_SIZE = 50


@bp.route("/partner/assistance")
@role_required(Role.COORDINATOR)
def organisation_logs():
    form, log_filter = coordinator_filter()
    return _logs_page(form, log_filter, staff_view=False)


@bp.route("/partner/assistance/export.csv")
@role_required(Role.COORDINATOR)
def export_organisation_logs():
    form, log_filter = coordinator_filter()
    if log_filter is None:
        return _logs_page(form, None, staff_view=False)
    return _csv_response(log_filter, with_volunteers=True)


@bp.route("/staff/assistance")
@role_required(*STAFF)
def all_logs():
    form, log_filter = staff_filter()
    return _logs_page(form, log_filter, staff_view=True)


@bp.route("/staff/assistance/export.csv")
@role_required(*STAFF)
def export_all_logs():
    form, log_filter = staff_filter()
    if log_filter is None:
        return _logs_page(form, None, staff_view=True)
    return _csv_response(log_filter, with_volunteers=False)


def _logs_page(form: LogFilterForm, log_filter: LogFilter | None, staff_view: bool):
    page = None
    if log_filter is not None:
        page = db.paginate(logs_query(log_filter), page=requested_page(), per_page=PAGE_SIZE,
                            error_out=False)
    export = "assistance.export_all_logs" if staff_view else "assistance.export_organisation_logs"
    return render_template("assistance/logs.html", form=form, page=page, staff_view=staff_view,
                           export_url=url_for(export, **query_args()))


def _csv_response(log_filter: LogFilter, with_volunteers: bool) -> Response:
    record_access("assistance_export", object_type="organisation",
                  object_id=log_filter.organisation_id)
    locale = str(get_locale())
    filename = f"partnernet-{log_filter.start.isoformat()}-{log_filter.end.isoformat()}.csv"
    return Response(
        stream_with_context(csv_chunks(log_filter, locale, with_volunteers)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
