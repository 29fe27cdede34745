"""Plain builder functions: create_x(**overrides) saves and returns a valid x."""

import itertools
from datetime import UTC, datetime, time
from functools import cache

from partnernet.auth.second_factor import hash_recovery_code
from partnernet.clock import local_today
from partnernet.extensions import db
from partnernet.models import (
    SECOND_FACTOR_ROLES,
    AssistanceLog,
    Offer,
    OfferLanguage,
    OpeningPeriod,
    Organisation,
    OrganisationStatus,
    OutboxMessage,
    RecoveryCode,
    Referral,
    ReferralSource,
    Role,
    SupportPoint,
    Topic,
    User,
)
from partnernet.passwords import hash_password

DEFAULT_PASSWORD = "correct horse battery staple"
# Staff and admins sign in with a second factor: the test accounts have theirs set up.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RECOVERY_CODES = [f"test{n}-codes" for n in range(10)]
CENTRE = (53.2188, 6.5702)  # the Forum, in postcode area 9712
_sequence = itertools.count(1)


def _save(record):
    db.session.add(record)
    db.session.commit()
    return record


def create_topic(**overrides) -> Topic:
    n = next(_sequence)
    values = {"code": f"topic_{n}", "name_nl": f"Onderwerp {n}", "name_en": f"Topic {n}"}
    return _save(Topic(**{**values, **overrides}))


def create_organisation(**overrides) -> Organisation:
    values = {
        "name": f"Organisatie {next(_sequence)}",
        "kind": "volunteer_org",
        "status": OrganisationStatus.APPROVED,
        "description": "Wij helpen met brieven.",
    }
    return _save(Organisation(**{**values, **overrides}))


def create_support_point(**overrides) -> SupportPoint:
    if "organisation" not in overrides:
        overrides["organisation"] = create_organisation()
    values = {
        "name": f"Hulppunt {next(_sequence)}",
        "street": "Nieuwe Markt",
        "house_number": "1",
        "postcode": "9712 KN",
        "latitude": 53.2188,
        "longitude": 6.5702,
        "opening_periods": [
            OpeningPeriod(weekday=day, opens=time(9), closes=time(17)) for day in range(5)
        ],
    }
    return _save(SupportPoint(**{**values, **overrides}))


def create_offer(**overrides) -> Offer:
    if "organisation" not in overrides:
        overrides["organisation"] = create_organisation()
    values = {
        "title": f"Hulp bij formulieren {next(_sequence)}",
        "description": "We helpen met formulieren.",
        "walk_in": True,
        "languages": [OfferLanguage(code="nl")],
    }
    return _save(Offer(**{**values, **overrides}))


def create_offered_point(lat_lon=CENTRE, name="Hulppunt", offer=None, **point_fields):
    """A support point with one offer given there, both of the same organisation."""
    organisation = point_fields.pop("organisation", None) or create_organisation()
    point = create_support_point(organisation=organisation, name=name, latitude=lat_lon[0],
                                 longitude=lat_lon[1], **point_fields)
    create_offer(organisation=organisation, support_points=[point], **(offer or {}))
    return point


def create_user(role: str = Role.COORDINATOR, password: str = DEFAULT_PASSWORD,
                second_factor: bool | None = None, **overrides):
    """`second_factor`: with TOTP_SECRET and RECOVERY_CODES set up; by default when the role
    needs one."""
    if role in (Role.VOLUNTEER, Role.COORDINATOR) and "organisation" not in overrides:
        overrides["organisation"] = create_organisation()
    values = {"email": f"user{next(_sequence)}@example.org", "name": "Test Gebruiker"}
    user = User(role=role, **{**values, **overrides})
    if second_factor is None:
        second_factor = role in SECOND_FACTOR_ROLES
    if second_factor:
        user.totp_secret, user.totp_enabled_at = TOTP_SECRET, datetime.now(UTC)
        user.recovery_codes = [RecoveryCode(code_hash=hash_recovery_code(code))
                               for code in RECOVERY_CODES]
    if password == DEFAULT_PASSWORD:
        user.password_hash = _default_password_hash()  # argon2 is slow on purpose
    else:
        user.set_password(password)
    return _save(user)


@cache
def _default_password_hash() -> str:
    return hash_password(DEFAULT_PASSWORD)


def create_referral(**overrides) -> Referral:
    n = next(_sequence)
    values = {
        "reference": f"PN-TEST-{n:04d}",
        "source": ReferralSource.STAFF,
        "resident_name": "Jannie Testbewoner",
        "resident_phone": "06-12345678",
        "need_description": "Hulp bij een brief over toeslagen.",
        "consent_given_at": datetime.now(UTC),
        "consent_text_version": "2026-01",
    }
    referral = Referral(**{**values, **overrides})
    referral.count_working_days()  # of the steps and closing given, as record() does
    return _save(referral)


def create_assistance_log(**overrides) -> AssistanceLog:
    if "support_point" not in overrides:
        overrides["support_point"] = create_support_point()
    point = overrides["support_point"]
    values = {
        "organisation_id": point.organisation_id,
        "given_on": local_today(),  # Groningen's day, as the app counts it
        "minutes": 30,
        "channel": "walk_in",
        "outcome": "solved",
    }
    overrides["support_point_id"] = overrides.pop("support_point").id
    return _save(AssistanceLog(**{**values, **overrides}))


def create_outbox_message(**overrides) -> OutboxMessage:
    values = {
        "recipient": "coordinator@example.org",
        "subject": f"Bericht {next(_sequence)}",
        "body": "Er staat een nieuwe verwijzing voor u klaar.",
    }
    return _save(OutboxMessage(**{**values, **overrides}))
