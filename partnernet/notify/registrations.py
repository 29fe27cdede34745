"""The e-mails about an organisation's registration, to the organisation and to staff."""

from flask_babel import lazy_gettext as _l

from partnernet.models import Organisation
from partnernet.notify import recipients
from partnernet.notify.emails import Link, send

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
