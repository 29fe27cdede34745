"""Every write of the accounts feature: signing in and out, the second factor, passwords and
password resets, names, creating and deactivating accounts. Each function commits once, with
its audit event and the e-mail it causes."""

from enum import StrEnum

from sqlalchemy import select

from partnernet.auth import second_factor
from partnernet.auth.login import authenticate, check_second_factor, signed_in
from partnernet.auth.sessions import (
    begin_pending_sign_in,
    end_session,
    forget_pending_sign_in,
    start_session,
)
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.models import AuditResult, RecoveryCode, Role, User
from partnernet.models.people import normalise_email
from partnernet.notify import accounts as emails
from partnernet.passwords import password_problem
from partnernet.privacy.audit import record_event
from partnernet.submit_once import change_once


class AccountExists(Exception):
    """An account with this e-mail address exists already."""


class PasswordRefused(ValueError):
    """The password does not meet the policy; the message says why, for the user."""


class SignInStep(StrEnum):
    """What comes after a right password."""

    DONE = "done"  # signed in
    CODE = "code"  # give a code from the authenticator app, or a recovery code
    SET_UP = "set_up"  # the role needs a second factor, and the account has none yet


class SecondFactorRefused(Exception):
    """The account's role needs its second factor: it cannot be switched off."""


def _after_password(user: User, next_url: str | None) -> SignInStep:
    if user.has_second_factor or user.needs_second_factor:
        begin_pending_sign_in(user, next_url)
        return SignInStep.CODE if user.has_second_factor else SignInStep.SET_UP
    signed_in(user)
    start_session(user)
    return SignInStep.DONE


def sign_in(email: str, password: str, language: str,
            next_url: str | None = None) -> SignInStep | None:
    """The next step when the password is right (signed in, or a second factor to give), or
    None; the attempt is audited either way (and a failure counts towards the lockout). The
    language they sign in with is the one their e-mails are written in from now on."""
    user = authenticate(email, password)
    step = None
    if user is None:
        forget_pending_sign_in()  # a wrong password ends any sign-in half done here
    else:
        user.language = language
        step = _after_password(user, next_url)
    db.session.commit()
    return step


def finish_sign_in(user: User, code: str) -> bool:
    """Signed in when the code is right (see login.check_second_factor); False otherwise."""
    accepted = check_second_factor(user, code)
    if accepted:
        signed_in(user)
        start_session(user)
    db.session.commit()
    return accepted


def set_up_second_factor(user: User, secret: str, code: str, signing_in: bool) -> list[str] | None:
    """Turn on two-factor sign-in with this secret once a code from the app proves it was
    stored there; returns the ten new recovery codes (shown once, kept only as hashes), or
    None for a wrong code. `signing_in`: this finishes a sign-in that waited for it."""
    now = utcnow()
    step = second_factor.matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, now, step
    codes = _replace_recovery_codes(user)
    record_event("second_factor_set_up", object_type="user", object_id=user.id, actor=user)
    if signing_in:
        signed_in(user)
        start_session(user)
    db.session.commit()
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh recovery codes; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    record_event("recovery_codes_renew", object_type="user", object_id=user.id)
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    codes = second_factor.new_recovery_codes()
    user.recovery_codes = [RecoveryCode(code_hash=second_factor.hash_recovery_code(code))
                           for code in codes]
    return codes


def switch_off_second_factor(user: User) -> None:
    """The user's own choice, for roles that do not need it (raises SecondFactorRefused)."""
    if user.needs_second_factor:
        raise SecondFactorRefused
    user.forget_second_factor()
    record_event("second_factor_off", object_type="user", object_id=user.id)
    db.session.commit()


def sign_out(user: User | None = None) -> None:
    """End this browser's session; `user` when they asked for it (audited)."""
    if user is not None:
        record_event("logout", object_type="user", object_id=user.id)
    end_session()
    db.session.commit()


def change_password(user: User, password: str, language: str) -> None:
    """The signed-in user's new password signs them out everywhere else; here they stay
    signed in, with a new session (and, like signing in, it sets their e-mails' language)."""
    user.set_password(password)
    user.language = language
    user.end_all_sessions()
    start_session(user)
    record_event("password_change", object_type="user", object_id=user.id)
    db.session.commit()


def set_password_from_link(user: User, password: str, event: str,
                           language: str) -> SignInStep:
    """A password chosen from an invitation or a reset link: every other session ends, and
    signing in here goes on as after a right password (a link in a mailbox is no second
    factor)."""
    user.set_password(password)
    user.language = language
    user.end_all_sessions()
    record_event(event, object_type="user", object_id=user.id)
    step = _after_password(user, None)
    db.session.commit()
    return step


def rename(user: User, name: str) -> None:
    user.name = name
    record_event("user_update", object_type="user", object_id=user.id)
    db.session.commit()


def request_password_reset(email: str, language: str) -> None:
    """Queue a reset link when the address belongs to an active account; say nothing else.
    An unknown address costs the same work (a token, the mail's text, one audit row), so the
    time of the answer does not tell whether the account exists. The mail itself goes out
    from the outbox, never in the request. `language`: the page's, for an unknown address."""
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address))
    recipient = user if user is not None and user.active else User(
        id=0, email=address, name="", active=False)
    known = recipient is user
    emails.password_reset(recipient, recipient.language if known else language, known)
    record_event("password_reset_request", object_type="user",
                 object_id=recipient.id if known else None,
                 result=AuditResult.SUCCESS if known else AuditResult.FAILURE)
    db.session.commit()


def create_account(email: str, name: str, role: Role, password: str) -> User:
    """An account whose password its creator chose (an administrator at the command line).
    Raises PasswordRefused or AccountExists, changing nothing."""
    problem = password_problem(password)
    if problem:
        raise PasswordRefused(str(problem))
    address = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == address)):
        raise AccountExists
    user = User(email=address, name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user_create", object_type="user", object_id=user.id)
    db.session.commit()
    return user


def deactivate(user: User) -> None:
    """The account can no longer sign in, and every session of it ends at once."""
    if change_once(User.active, user.id, False):
        user.end_all_sessions()
        record_event("user_deactivate", object_type="user", object_id=user.id)
    db.session.commit()
