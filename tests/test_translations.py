"""Every user-visible string is translated into Dutch (English is the source language)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("partnernet/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def used_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def singular(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def plural_forms(string) -> tuple:
    return string if isinstance(string, tuple) else (string,)


def test_every_message_has_a_dutch_translation():
    with open(ROOT / "partnernet/translations/nl/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {singular(message.id) for message in catalog
                  if message.id and message.string and all(plural_forms(message.string))}
    missing = sorted(used_messages() - translated)
    assert missing == [], "run `make extract-messages` and translate these in messages.po"


def test_a_page_and_an_email_in_one_request_each_keep_their_language(app):
    """Texts are looked up once per request and language: an e-mail rendered in the
    resident's language in the middle of an English page stays Dutch, and the page English."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ _('Today') }} · {{ ngettext('%(num)d account', '%(num)d accounts', 2) }}"
    with app.test_request_context("/?lang=en", headers={"Accept-Language": "en"}):
        assert render_template_string(template) == "Today · 2 accounts"
        with force_locale("nl"):
            assert render_template_string(template) == "Vandaag · 2 accounts"
        assert render_template_string(template) == "Today · 2 accounts"
