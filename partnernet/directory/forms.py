from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from partnernet.forms import StripWhitespaceForm


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
