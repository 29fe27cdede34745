from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import EmailField, SelectField, StringField, TelField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from partnernet.extensions import db
from partnernet.forms import StripWhitespaceForm
from partnernet.models import Organisation, OrganisationStatus

KIND_CHOICES = [
    SelectChoice("library", _l("Library")),
    SelectChoice("wij_team", _l("WIJ neighbourhood team")),
    SelectChoice("volunteer_org", _l("Volunteer organisation")),
    SelectChoice("welfare", _l("Welfare organisation")),
    SelectChoice("other", _l("Other")),
]
PHONE = r"^\+?[0-9 ()-]{10,20}$"


class RegistrationForm(StripWhitespaceForm):
    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the name of your organisation")),
                    Length(max=200, message=_l("Use at most %(max)d characters", max=200))],
    )
    kind = SelectField(_l("Kind of organisation"), choices=KIND_CHOICES, default="volunteer_org")
    description = TextAreaField(
        _l("About your organisation"),
        description=_l("In plain language, for residents. At most 1,000 characters."),
        validators=[DataRequired(_l("Describe your organisation")),
                    Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
    )
    help_offered = TextAreaField(
        _l("What help do you give?"),
        description=_l("For example: help with DigiD, letters from the municipality, "
                       "allowances. At most 1,000 characters."),
        validators=[DataRequired(_l("Describe the help you give")),
                    Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
    )
    website = URLField(
        _l("Website (optional)"),
        validators=[Optional(), URL(message=_l("Enter a web address like https://www.example.org")),
                    Length(max=300)],
    )
    contact_name = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter the name of the contact person")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail address of the contact person"),
        description=_l("This person becomes the coordinator of your organisation in "
                       "partnernet."),
        validators=[DataRequired(_l("Enter an e-mail address")),
                    Email(_l("Enter an e-mail address like name@example.org")),
                    Length(max=254)],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    phone = TelField(
        _l("Phone number"),
        validators=[DataRequired(_l("Enter a phone number")),
                    Regexp(PHONE, message=_l("Enter a phone number like 050 123 4567"))],
        render_kw={"autocomplete": "tel"},
    )
    fax = StringField(_l("Leave this field empty"))  # a honeypot: people never see it

    def validate_name(self, field):
        taken = db.session.scalar(select(Organisation.id).where(
            func.lower(Organisation.name) == field.data.lower(),
            Organisation.status.in_([OrganisationStatus.PENDING, OrganisationStatus.APPROVED]),
        ))
        if taken:
            raise ValidationError(_l("An organisation with this name is already registered"))


class RejectionForm(StripWhitespaceForm):
    reason = TextAreaField(
        _l("Reason for rejecting"),
        description=_l("The applicant receives this text by e-mail."),
        validators=[DataRequired(_l("Give the reason for rejecting")),
                    Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
    )
