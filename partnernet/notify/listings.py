"""The e-mails about what residents see: information that may be outdated, and reports that
something is wrong."""

from flask_babel import lazy_gettext as _l

from partnernet.models import Organisation
from partnernet.notify import recipients
from partnernet.notify.emails import Link, send


def confirm_reminder(organisation: Organisation, names: list[str]) -> None:
    """Ask the organisation to confirm or change the listings `names`."""
    send(recipients.organisation(organisation),
         _l("Is your information in partnernet still right?"), "stale_reminder.txt",
         Link("partners.overview"), organisation=organisation, names=names)


def information_report(organisation: Organisation, subject_name: str, message: str) -> None:
    """"Something wrong here?": the organisation and the municipality's staff hear of it."""
    send(recipients.organisation(organisation) + recipients.staff(),
         _l("partnernet: report about %(name)s", name=subject_name), "information_report.txt",
         organisation=organisation, subject_name=subject_name, message=message)
