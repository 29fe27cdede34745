"""Writing the audit trail. Callers pass ids, never names or contact details."""

from flask import has_request_context, request
from flask_login import current_user

from partnernet.extensions import db
from partnernet.models import AuditEvent, AuditResult


def record_event(
    action: str,
    *,
    object_type: str | None = None,
    object_id: object = None,
    result: AuditResult = AuditResult.SUCCESS,
    actor=None,
) -> AuditEvent:
    """Add an audit event to the session; it is committed with the change it describes."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        result=result,
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", None),
        organisation_id=getattr(actor, "organisation_id", None),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def record_access(action: str, *, object_type: str, object_id: object) -> None:
    """Personal data was shown or exported: the audit row is written at once, on its own, so
    it stands even when the page or export fails afterwards."""
    record_event(action, object_type=object_type, object_id=object_id)
    db.session.commit()
