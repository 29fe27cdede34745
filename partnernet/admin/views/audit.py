"""The audit trail, read by administrators: filtered, paged, and exported as CSV (an export
is itself a row in the trail)."""

from flask import Response, render_template, request, stream_with_context
from flask_babel import get_locale

from partnernet.access import role_required
from partnernet.admin import bp
from partnernet.admin.audit_trail import (
    AuditFilter,
    audit_query,
    csv_chunks,
    known_values,
    names_of,
)
from partnernet.admin.forms import AuditFilterForm
from partnernet.extensions import db
from partnernet.links import requested_page
from partnernet.models import AuditEvent, Organisation, Role, User
from partnernet.privacy.audit import record_access

ROWS_PER_PAGE = 50


def _filter_form(people: dict, organisations: dict) -> tuple[AuditFilterForm,
                                                            AuditFilter | None]:
    form = AuditFilterForm.from_query(request.args)
    form.set_choices(people, organisations, known_values(AuditEvent.action),
                     known_values(AuditEvent.object_type))
    if not form.validate():
        return form, None
    return form, AuditFilter(
        start=form.start.data, end=form.end.data, actor_id=form.person.data or None,
        organisation_id=form.organisation.data or None, action=form.action.data or None,
        object_type=form.object_type.data or None, object_id=form.object_id.data or None)


def _page(form, page, people, organisations):
    return render_template("admin/audit.html", form=form, page=page, people=people,
                           organisations=organisations), 200 if page is not None else 400


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit():
    people, organisations = names_of(User), names_of(Organisation)
    form, audit_filter = _filter_form(people, organisations)
    page = None if audit_filter is None else db.paginate(
        audit_query(audit_filter).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
        page=requested_page(), per_page=ROWS_PER_PAGE, error_out=False)
    return _page(form, page, people, organisations)


@bp.route("/audit.csv")
@role_required(Role.ADMIN)
def audit_export():
    people, organisations = names_of(User), names_of(Organisation)
    form, audit_filter = _filter_form(people, organisations)
    if audit_filter is None:
        return _page(form, None, people, organisations)
    record_access("audit_export", object_type="access_log", object_id=None)
    response = Response(stream_with_context(csv_chunks(audit_filter, str(get_locale()))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="audit-{audit_filter.start}-{audit_filter.end}.csv"')
    return response
