"""Writing an e-mail: one per recipient, its subject and body in the recipient's language,
with a link that opens the page in that language too. The caller commits the queued messages
with the change that causes them."""

from collections.abc import Iterable

from flask import render_template
from flask_babel import force_locale

from partnernet.notify.links import absolute_url
from partnernet.notify.outbox import queue_email
from partnernet.notify.recipients import Recipient


class Link:
    """A page of partnernet, for the e-mail to link to."""

    def __init__(self, endpoint: str, **values):
        self.endpoint, self.values = endpoint, values

    def for_language(self, language: str) -> str:
        return absolute_url(self.endpoint, **self.values, lang=language)


def send(to: Iterable[Recipient], subject, template: str, link: Link | None = None,
         **context) -> None:
    """Queue `template` (under templates/email/) to each recipient; `subject` is a lazy
    string, translated for each."""
    once: dict[str, Recipient] = {}
    for recipient in to:  # someone on two lists gets one e-mail
        once.setdefault(recipient.email, recipient)
    for recipient in once.values():
        queue_email(recipient.email, *write(recipient.language, subject, template, link,
                                            **context))


def write(language: str, subject, template: str, link: Link | None = None,
          **context) -> tuple[str, str]:
    """The subject and body in `language`."""
    with force_locale(language):
        url = link.for_language(language) if link is not None else None
        return str(subject), render_template(f"email/{template}", link=url, **context)
