from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from partnernet.forms import StripWhitespaceForm
from partnernet.passwords import MAX_LENGTH, password_problem


class LoginForm(StripWhitespaceForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


def acceptable_password(form, field):
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SetPasswordForm(StripWhitespaceForm):
    """Choosing a password from an invitation or a password-reset link."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), acceptable_password],
        description=_l("At least 8 characters. A sentence of a few words is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordResetRequestForm(StripWhitespaceForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class NameForm(StripWhitespaceForm):
    name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))])


class SignInCodeForm(StripWhitespaceForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter the code from your app, or a recovery code.")),
                    Length(max=40, message=_l("Use at most %(max)d characters", max=40))],
        description=_l("The 6 digits your authenticator app shows now, or one of your "
                       "recovery codes."),
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false",
                   "autocapitalize": "off"},
    )


class SetUpCodeForm(StripWhitespaceForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(_l("Enter the 6 digits your app shows.")),
                    Length(max=40, message=_l("Use at most %(max)d characters", max=40))],
        description=_l("6 digits. The app shows a new code every 30 seconds."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
