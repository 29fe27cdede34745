"""Two-factor sign-in: the code after the password, setting it up (at sign-in when the role
needs it, or from the account page), recovery codes, switching it off."""

from cryptography.fernet import InvalidToken
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partnernet.access import public, role_required
from partnernet.auth import bp, second_factor, service
from partnernet.auth.forms import SetUpCodeForm, SignInCodeForm
from partnernet.auth.sessions import pending_sign_in
from partnernet.auth.views import safe_next_url
from partnernet.clock import utcnow
from partnernet.extensions import limiter
from partnernet.forms import EmptyForm
from partnernet.models import User
from partnernet.models.types import field_cipher

SET_UP_KEY = "second_factor_set_up"
SET_UP_SECONDS = 10 * 60  # a QR code shown longer ago than this is replaced by a new one


def _code_refused(response) -> bool:
    return response.status_code == 200


def _sign_in_expired():
    flash(_("Signing in took too long. Please give your e-mail address and password again."))
    return redirect(url_for("auth.login"))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"], deduct_when=_code_refused)
@public
def enter_code():
    pending = pending_sign_in()
    if pending is None:
        return _sign_in_expired()
    user, next_url = pending
    if not user.has_second_factor:
        return redirect(url_for("auth.set_up_at_sign_in"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        if service.finish_sign_in(user, form.code.data):
            return redirect(safe_next_url(next_url))
        form.code.errors.append(_(
            "This code is not correct, or it has been used already. Wait for the next code in "
            "your app. After %(failures)d failed attempts an account is locked for "
            "%(minutes)d minutes.",
            failures=current_app.config["LOGIN_LOCKOUT_FAILURES"],
            minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]))
    return render_template("auth/enter_code.html", form=form)


def _set_up_secret(user: User) -> tuple[str, bool]:
    """The secret being set up in this browser (kept encrypted in the signed session, so the
    database changes only once a code proves it), and whether it is new because the one
    before it had expired."""
    started = session.get(SET_UP_KEY)
    now = utcnow().timestamp()
    if not isinstance(started, dict):
        started = {}
    ours = started.get("user") == user.id
    try:
        if ours and now - float(started["at"]) <= SET_UP_SECONDS:
            return field_cipher().decrypt(started["secret"].encode("ascii")).decode(), False
    except (KeyError, TypeError, ValueError, InvalidToken):
        ours = False
    secret = second_factor.new_secret()
    session[SET_UP_KEY] = {"user": user.id, "at": now,
                           "secret": field_cipher().encrypt(secret.encode("ascii")).decode()}
    return secret, ours


def _set_up_page(user: User, signing_in: bool):
    form = SetUpCodeForm()
    secret, expired = _set_up_secret(user)
    if expired and form.is_submitted():
        form.code.errors = [_("Setting up took longer than 10 minutes, so the QR code has "
                              "been replaced. Scan the new code and try again.")]
    elif form.validate_on_submit():
        codes = service.set_up_second_factor(user, secret, form.code.data, signing_in)
        if codes is not None:
            session.pop(SET_UP_KEY, None)
            return render_template("auth/recovery_codes.html", codes=codes, new=True,
                                   next_url=safe_next_url(None))
        form.code.errors.append(_("This code is not correct. Check that the app shows "
                                  "partnernet, and type the 6 digits it shows now."))
    return render_template(
        "auth/set_up_second_factor.html", form=form, signing_in=signing_in,
        qr=second_factor.enrolment_qr(secret, user.email, "partnernet"),
        secret=second_factor.grouped(secret))


@bp.route("/login/set-up", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], deduct_when=_code_refused)
@public
def set_up_at_sign_in():
    pending = pending_sign_in()
    if pending is None:
        return _sign_in_expired()
    user = pending[0]
    if user.has_second_factor:
        return redirect(url_for("auth.enter_code"))
    return _set_up_page(user, signing_in=True)


@bp.route("/account/two-factor")
@role_required()
def second_factor_settings():
    user = current_user._get_current_object()
    unused = sum(1 for code in user.recovery_codes if code.used_at is None)
    return render_template("auth/second_factor.html", user=user, unused=unused,
                           form=EmptyForm())


@bp.route("/account/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], deduct_when=_code_refused)
@role_required()
def set_up_second_factor():
    user = current_user._get_current_object()
    if user.has_second_factor:
        return redirect(url_for("auth.second_factor_settings"))
    return _set_up_page(user, signing_in=False)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@role_required()
def renew_recovery_codes():
    user = current_user._get_current_object()
    if not EmptyForm().validate_on_submit() or not user.has_second_factor:
        return redirect(url_for("auth.second_factor_settings"))
    return render_template("auth/recovery_codes.html", new=False,
                           codes=service.new_recovery_codes(user),
                           next_url=url_for("auth.second_factor_settings"))


@bp.route("/account/two-factor/off", methods=["POST"])
@role_required()
def switch_off_second_factor():
    user = current_user._get_current_object()
    if EmptyForm().validate_on_submit() and user.has_second_factor:
        try:
            service.switch_off_second_factor(user)
            flash(_("Two-step verification is off. You sign in with your password only."))
        except service.SecondFactorRefused:
            flash(_("Your role needs two-step verification, so it stays on."))
    return redirect(url_for("auth.second_factor_settings"))
