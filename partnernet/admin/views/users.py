"""Accounts: every user, inviting someone of the municipality, and what an administrator may
change about an account (role, access, lockout, two-step verification)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from partnernet.access import role_required
from partnernet.admin import bp, service
from partnernet.admin.forms import RoleForm, StaffInvitationForm, UserFilterForm
from partnernet.clock import utcnow
from partnernet.extensions import db, limiter
from partnernet.forms import EmptyForm
from partnernet.links import requested_page
from partnernet.models import Role, User
from partnernet.submit_once import AlreadySubmitted, claim_submission
from partnernet.vocabulary import ROLE_NAMES

ADMIN = Role.ADMIN
USERS_PER_PAGE = 50


def _users_query(form: UserFilterForm):
    query = select(User).order_by(func.lower(User.name), User.id)
    if form.role.data in ROLE_NAMES:
        query = query.where(User.role == form.role.data)
    now = utcnow()
    status = {"active": User.can_sign_in, "invited": User.password_hash.is_(None),
              "locked": User.locked_until > now, "inactive": User.active.is_(False)}
    if form.status.data in status:
        query = query.where(status[form.status.data])
    return query


@bp.route("/")
@role_required(ADMIN)
def index():
    return render_template("admin/index.html")


@bp.route("/users")
@role_required(ADMIN)
def users():
    form = UserFilterForm(formdata=request.args)
    form.validate()
    page = db.paginate(_users_query(form), page=requested_page(), per_page=USERS_PER_PAGE,
                       error_out=False)
    return render_template("admin/users.html", form=form, page=page, now=utcnow(),
                           role_names=ROLE_NAMES)


@bp.route("/users/invite", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@role_required(ADMIN)
def invite():
    form = StaffInvitationForm()
    if form.validate_on_submit():
        try:
            claim_submission(form).result_path = url_for("admin.users")
        except AlreadySubmitted as earlier:
            flash(_("This form was sent twice; the invitation is sent once."))
            return redirect(earlier.result_path or url_for("admin.users"))
        try:
            user = service.invite(form.name.data, form.email.data, Role(form.role.data),
                                  str(get_locale()))
        except service.Refused as refused:
            db.session.rollback()
            form.email.errors.append(str(refused))
        else:
            flash(_("%(name)s is invited by e-mail. The link works for 7 days.",
                    name=user.name))
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/invite.html", form=form)


def _user_page(user: User, role_form: RoleForm | None = None, status: int = 200):
    return render_template("admin/user.html", user=user, now=utcnow(),
                           role_form=role_form or RoleForm().for_user(user),
                           form=EmptyForm(), role_names=ROLE_NAMES), status


@bp.route("/users/<int:user_id>")
@role_required(ADMIN)
def user(user_id):
    return _user_page(db.get_or_404(User, user_id))


def _act(user: User, change, done: str):
    """Run one change of the account; the refusal's message or `done` comes back as a
    notice on the account's page."""
    try:
        change()
    except service.Refused as refused:
        db.session.rollback()
        flash(str(refused))
    else:
        flash(done)
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(ADMIN)
def change_role(user_id):
    user = db.get_or_404(User, user_id)
    form = RoleForm().for_user(user)
    if not form.validate_on_submit():
        return _user_page(user, form, 400)
    return _act(user, lambda: service.change_role(user, Role(form.role.data), current_user),
                _("The role is saved."))


@bp.route("/users/<int:user_id>/access", methods=["POST"])
@role_required(ADMIN)
def set_access(user_id):
    user = db.get_or_404(User, user_id)
    switch_to = request.form.get("switch_to")
    if not EmptyForm().validate_on_submit() or switch_to not in {"on", "off"}:
        return redirect(url_for("admin.user", user_id=user.id))
    active = switch_to == "on"
    return _act(user, lambda: service.set_active(user, active, current_user),
                _("The account can sign in again.") if active else
                _("The account is deactivated, and signed out everywhere."))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@role_required(ADMIN)
def unlock(user_id):
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.user", user_id=user.id))
    return _act(user, lambda: service.unlock(user), _("The account is unlocked."))


@bp.route("/users/<int:user_id>/second-factor", methods=["POST"])
@role_required(ADMIN)
def reset_second_factor(user_id):
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.user", user_id=user.id))
    return _act(user, lambda: service.reset_second_factor(user),
                _("Two-step verification is reset; it is set up again at the next sign-in."))
