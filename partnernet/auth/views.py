from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from partnernet.access import public, role_required
from partnernet.auth import bp, service
from partnernet.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    NameForm,
    PasswordResetRequestForm,
    SetPasswordForm,
)
from partnernet.extensions import limiter
from partnernet.forms import EmptyForm
from partnernet.tokens import INVITATION, PASSWORD_RESET, user_for_token


def login_failed_message() -> str:
    return _(
        "The e-mail address or password is not correct. After %(failures)d failed attempts "
        "an account is locked for %(minutes)d minutes.",
        failures=current_app.config["LOGIN_LOCKOUT_FAILURES"],
        minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"],
    )


def safe_next_url(target: str | None) -> str:
    """Only a path on this site: never send someone to another host after login."""
    if (target and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and not urlsplit(target).netloc):
        return target
    return url_for("main.dashboard")


def _login_failed(response) -> bool:
    return response.status_code == 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"], deduct_when=_login_failed)
@public
def login():
    if current_user.is_authenticated:
        if request.method == "GET":
            return redirect(url_for("main.dashboard"))
        # Whoever posts the form signs in as themselves, never on in an account that was
        # already signed in on this browser (a planted cookie): that session ends first.
        service.sign_out()
    form = LoginForm()
    if form.validate_on_submit():
        step = service.sign_in(form.email.data, form.password.data, str(get_locale()),
                               request.args.get("next"))
        if step is not None:
            return go_on_signing_in(step, request.args.get("next"))
        form.form_errors.append(login_failed_message())
    return render_template("auth/login.html", form=form)


def go_on_signing_in(step: service.SignInStep, next_url: str | None):
    """After a right password: where the user is going, or the second factor first."""
    if step is service.SignInStep.CODE:
        return redirect(url_for("auth.enter_code"))
    if step is service.SignInStep.SET_UP:
        return redirect(url_for("auth.set_up_at_sign_in"))
    return redirect(safe_next_url(next_url))


@bp.route("/logout", methods=["POST"])
@role_required()
def logout():
    if EmptyForm().validate_on_submit():
        service.sign_out(current_user._get_current_object())
    response = redirect(url_for("auth.signed_out"))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.route("/signed-out")
@public
def signed_out():
    return render_template("auth/signed_out.html")


@bp.route("/account/password", methods=["GET", "POST"])
@role_required()
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Your current password is not correct."))
        else:
            service.change_password(current_user._get_current_object(),
                                    form.new_password.data, str(get_locale()))
            flash(_("Your password has been changed. Other devices have been signed out."))
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/name", methods=["GET", "POST"])
@role_required()
def change_name():
    user = current_user._get_current_object()
    form = NameForm(obj=user)
    if form.validate_on_submit():
        service.rename(user, form.name.data)
        flash(_("Your name is saved."))
        return redirect(url_for("main.dashboard"))
    return render_template("auth/change_name.html", form=form)


def _set_password_page(user, form, template: str, event: str):
    if form.validate_on_submit():
        step = service.set_password_from_link(user, form.new_password.data, event,
                                              str(get_locale()))
        if step is service.SignInStep.DONE:
            flash(_("Your password has been saved. You are now signed in."))
        else:
            flash(_("Your password has been saved."))
        return go_on_signing_in(step, None)
    return render_template(template, form=form, user=user)


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    user = user_for_token(token, INVITATION)
    if user is None:
        return render_template("auth/link_expired.html", invitation=True), 404
    return _set_password_page(user, SetPasswordForm(), "auth/accept_invitation.html",
                              "invitation_accepted")


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def request_password_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data, str(get_locale()))
        flash(_("If this address belongs to an account, we have sent an e-mail with a link. "
                "The link works for 2 hours."))
        return redirect(url_for("auth.login"))
    return render_template("auth/request_password_reset.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    user = user_for_token(token, PASSWORD_RESET)
    if user is None:
        return render_template("auth/link_expired.html", invitation=False), 404
    return _set_password_page(user, SetPasswordForm(), "auth/reset_password.html",
                              "password_reset")
