"""The e-mails about an organisation's registration, to the organisation and to staff."""

from flask_babel import lazy_gettext as _l

from partnernet.models import ListingClaim, Organisation
from partnernet.notify import recipients
from partnernet.notify.emails import Link, send
from partnernet.notify.recipients import Recipient

YOUR_REGISTRATION = _l("Your registration with partnernet")


def received(organisation: Organisation) -> None:
    send(recipients.organisation(organisation), YOUR_REGISTRATION, "registration_received.txt",
         organisation=organisation)
    send(recipients.staff(), _l("New registration in partnernet"), "registration_to_staff.txt",
         Link("partners.registrations"), organisation=organisation)


def approved(organisation: Organisation, invited: bool) -> None:
    """`invited`: its contact gets an invitation to a new account in a separate e-mail."""
    send(recipients.organisation(organisation), _l("Your organisation is in partnernet"),
         "registration_approved.txt", organisation=organisation, invited=invited)


def rejected(organisation: Organisation) -> None:
    send(recipients.organisation(organisation), YOUR_REGISTRATION, "registration_rejected.txt",
         organisation=organisation)


def address_check(organisation: Organisation, token: str) -> None:
    """Sent to the organisation's own address, never to a person's."""
    send([Recipient(organisation.email, organisation.language)] if organisation.email else [],
         _l("Can the municipality send you referrals at this address?"), "address_check.txt",
         Link("partners.confirm_address", token=token), organisation=organisation)


def claim_received(claim: ListingClaim, organisation: Organisation) -> None:
    send([Recipient(claim.email, claim.language)], _l("Your request to manage a listing"),
         "claim_received.txt", organisation=organisation, name=claim.name)
    send(recipients.staff(), _l("Someone asks to manage a listing in partnernet"),
         "claim_to_staff.txt", Link("partners.registrations"), organisation=organisation)


def claim_rejected(claim: ListingClaim, organisation: Organisation) -> None:
    send([Recipient(claim.email, claim.language)], _l("Your request to manage a listing"),
         "claim_rejected.txt", organisation=organisation, name=claim.name)
