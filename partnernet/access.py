"""Access checks for views and the role groups they name. Every route carries exactly one check
(a test enforces it)."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from partnernet.extensions import db, login_manager
from partnernet.models import Role

STAFF = (Role.STAFF, Role.ADMIN)  # the municipality's people
PARTNERS = (Role.COORDINATOR, Role.VOLUNTEER)  # a partner organisation's people
EDITORS = (Role.COORDINATOR, Role.STAFF, Role.ADMIN)  # who may change a partner's listings
LOGGERS = (Role.VOLUNTEER, Role.COORDINATOR)  # who log the help they give


def _mark(view: Callable, rule: tuple) -> Callable:
    # functools.wraps copies __dict__, so stacking two checks leaves two rules: the meta-test
    # catches that as well as a route with none.
    setattr(view, "access_rules", (*getattr(view, "access_rules", ()), rule))  # noqa: B010
    return view


def public(view: Callable) -> Callable:
    """Open to everyone, residents without an account included."""
    return _mark(view, ("public",))


def role_required(*roles: str) -> Callable:
    """Signed-in users with one of these roles (any role when none is named)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return _mark(checked, ("roles", roles))

    return decorator


def get_owned_or_404(model, id_: int):
    """A record of the signed-in partner's own organisation; 404 for any other, so ids leak
    nothing. Staff and admins see every organisation's records."""
    record = db.get_or_404(model, id_)
    if current_user.role in STAFF:
        return record
    if record.organisation_id != current_user.organisation_id:
        abort(404)
    return record
