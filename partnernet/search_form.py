"""The resident's search: on the start page (main) and above the results (directory)."""

import secrets
import time
from collections.abc import Sequence

from flask import render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import BooleanField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from partnernet import page_cache
from partnernet.forms import ChoiceField, StripWhitespaceForm
from partnernet.models import Topic
from partnernet.vocabulary import MODE_NAMES, language_choices

MAX_WHERE_LENGTH = 200
MAX_KEPT_FORMS = 500  # per worker, each choice of filters in each language: about 2.5 MB
# Written where the place typed goes in a kept form; random, so no text typed can hold it.
WHERE_SLOT = f"pn-where-{secrets.token_hex(8)}"
MODE_CHOICES = [SelectChoice("", _l("Any way")),
                *(SelectChoice(mode, name) for mode, name in MODE_NAMES.items())]


class SearchForm(StripWhitespaceForm):
    """The resident's search. Sent with GET, so a search can be bookmarked and shared."""

    class Meta:
        csrf = False

    where = StringField(
        _l("Where do you need help?"),
        description=_l("A postcode, address, village or neighbourhood. For example: 9711 AB, "
                       "Paddepoel or Haren."),
        validators=[
            DataRequired(_l("Enter a postcode, address, village or neighbourhood")),
            Length(max=MAX_WHERE_LENGTH,
                   message=_l("Use at most %(max)d characters", max=MAX_WHERE_LENGTH)),
        ],
        render_kw={"autocomplete": "postal-code", "spellcheck": "false"},
    )
    topic = ChoiceField(_l("What do you need help with?"), choices=[], default="")
    language = ChoiceField(_l("In which language?"), choices=[], default="")
    mode = ChoiceField(_l("How do you want to be helped?"), choices=MODE_CHOICES, default="")
    wheelchair = BooleanField(_l("Wheelchair accessible"))
    open_now = BooleanField(_l("Open now"))
    free = BooleanField(_l("Free of charge"))

    FILTERS = ("language", "mode", "wheelchair", "open_now", "free")

    @property
    def filters_chosen(self) -> int:
        """How many of the filters beyond place and topic are set."""
        return sum(1 for name in self.FILTERS if self[name].data)

    def set_choices(self, topics: Sequence[tuple[str, str]],
                    languages: Sequence[tuple[str, str]]):
        self.topic.choices = [SelectChoice("", _l("All kinds of help")),
                              *(SelectChoice(value, label) for value, label in topics)]
        self.language.choices = [SelectChoice("", _l("Any language")),
                                 *(SelectChoice(value, label) for value, label in languages)]


def search_form(formdata=None) -> SearchForm:
    """The form with its choices in the user's language; `formdata` is the query string."""
    form = SearchForm(formdata=formdata)
    locale = str(get_locale())
    topics = page_cache.same_on_every_page(("topic choices", locale),
                                           lambda: Topic.choices(locale))
    form.set_choices(topics, language_choices())
    return form


def kept_search_form(form: SearchForm, search_endpoint: str, with_filters: bool) -> Markup:
    """The form as directory/_search_form.html renders it, rendered once per worker for each
    choice of filters and language, with the place typed written in each time (escaped, as
    WTForms writes it): its fields cost a search about 1 ms, an eighth of a repeated one. A
    form with a message beside a field is the search's own, and rendered for it alone. Kept as
    the topics it offers are (`page_cache`)."""
    def render() -> str:
        return render_template("directory/_search_form.html", form=form,
                               search_endpoint=search_endpoint, with_filters=with_filters)

    if form.errors:
        return Markup(render())
    generation = (page_cache.version(), int(time.monotonic() // page_cache.KEEP_SECONDS))
    forms = page_cache.kept("search_forms", generation, MAX_KEPT_FORMS)
    key = (str(get_locale()), search_endpoint, with_filters,
           *(form[name].data for name in ("topic", *SearchForm.FILTERS)))
    html = forms.get(key)
    if html is None:
        typed, form.where.data = form.where.data, WHERE_SLOT
        try:
            html = render()
        finally:
            form.where.data = typed
        if html.count(WHERE_SLOT) != 1:  # written elsewhere too: not for keeping
            return Markup(render())
        forms.keep(key, html)
    return Markup(html.replace(WHERE_SLOT, str(escape(form.where._value()))))
