from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from partnernet.forms import ChoiceField, StripWhitespaceForm
from partnernet.vocabulary import MODE_NAMES

MAX_WHERE_LENGTH = 200
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
    topic = ChoiceField(_l("With what?"), choices=[], default="")
    language = ChoiceField(_l("In which language?"), choices=[], default="")
    mode = ChoiceField(_l("How do you want to be helped?"), choices=MODE_CHOICES, default="")
    wheelchair = BooleanField(_l("Wheelchair accessible"))
    open_now = BooleanField(_l("Open now"))
    free = BooleanField(_l("Free of charge"))

    def set_choices(self, topics: list[tuple[str, str]], languages: list[tuple[str, str]]):
        self.topic.choices = [SelectChoice("", _l("All kinds of help")),
                              *(SelectChoice(value, label) for value, label in topics)]
        self.language.choices = [SelectChoice("", _l("Any language")),
                                 *(SelectChoice(value, label) for value, label in languages)]


class ReportForm(StripWhitespaceForm):
    """Anyone may say that public information is outdated. No personal data is asked for."""

    message = TextAreaField(
        _l("What is wrong?"),
        description=_l("For example: the opening hours have changed, or the phone number does "
                       "not work. Please do not write your name or contact details."),
        validators=[
            InputRequired(_l("Describe what is wrong")),
            Length(min=5, max=1000, message=_l("Use between 5 and 1,000 characters")),
        ],
    )
    website = StringField(_l("Leave this field empty"))  # a honeypot: people never see it
