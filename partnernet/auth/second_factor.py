"""Two-factor sign-in (TOTP, RFC 6238) and recovery codes: the arithmetic, no database.

A code is accepted in its own 30-second step and one step either side (a phone's clock may be
a little off), and only for a step later than the last one used, so a code works once.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

STEP_SECONDS = 30
WINDOW_STEPS = 1
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to confuse: no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def time_step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def code_for(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def matching_step(secret: str, code: str, moment: datetime) -> int | None:
    """The time step this code belongs to, within the window around `moment`, or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    now = time_step(moment)
    for step in range(now - WINDOW_STEPS, now + WINDOW_STEPS + 1):
        if hmac.compare_digest(code_for(secret, step), code):
            return step
    return None


def enrolment_qr(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// link as a QR code, an SVG data URI drawn here (no outside service)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)
    import segno  # only to set up a second factor; kept off the app's start

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def new_recovery_codes() -> list[str]:
    return ["-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
                     for _ in range(2)) for _ in range(RECOVERY_CODE_COUNT)]


def hash_recovery_code(code: str) -> str:
    """Codes carry 50 random bits, so a plain SHA-256 keeps them as safe as a slow hash would;
    case, spaces and dashes do not matter when typing one."""
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
