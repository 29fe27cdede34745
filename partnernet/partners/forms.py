from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from partnernet.extensions import db
from partnernet.forms import PHONE, CheckboxesField, InvitationForm, StripWhitespaceForm, SubForm
from partnernet.models import Offer, Organisation, OrganisationStatus, SupportPoint
from partnernet.opening_hours import HoursError, format_day, parse_day
from partnernet.settings import site_settings
from partnernet.submit_once import SubmitOnce
from partnernet.vocabulary import (
    MODE_NAMES,
    ORGANISATION_KIND_NAMES,
    REGISTERING_KINDS,
    choices,
)


class OrganisationForm(StripWhitespaceForm):
    """What a coordinator keeps up to date about their organisation."""

    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the name of your organisation")),
                    Length(max=200, message=_l("Use at most %(max)d characters", max=200))],
    )
    description = TextAreaField(
        _l("About your organisation"),
        description=_l("In plain language, for residents. At most 1,000 characters."),
        validators=[DataRequired(_l("Describe your organisation")),
                    Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
        render_kw={"maxlength": 1000, "rows": 6},
    )
    website = URLField(
        _l("Website (optional)"),
        validators=[Optional(), URL(message=_l("Enter a web address like https://www.example.org")),
                    Length(max=300)],
    )
    contact_name = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter the name of the contact person")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mail address of the contact person"),
        validators=[DataRequired(_l("Enter an e-mail address")),
                    Email(_l("Enter an e-mail address like name@example.org")),
                    Length(max=254)],
        render_kw={"spellcheck": "false"},
    )
    email_is_public = BooleanField(
        _l("Residents may see this e-mail address"),
        description=_l("Then it is shown on the pages of your places. Without a tick, only the "
                       "municipality and partnernet use it."),
    )
    phone = TelField(
        _l("Phone number"),
        description=_l("Residents see this number on the pages of your organisation and "
                       "places."),
        validators=[DataRequired(_l("Enter a phone number")),
                    Regexp(PHONE, message=_l("Enter a phone number like 050 123 4567"))],
    )


class RegistrationForm(SubmitOnce, OrganisationForm):
    """An organisation applies; the contact person becomes its coordinator when approved."""

    kind = SelectField(_l("Kind of organisation"),
                       choices=choices(ORGANISATION_KIND_NAMES, REGISTERING_KINDS),
                       default="volunteer_org")
    help_offered = TextAreaField(
        _l("What help do you give?"),
        description=_l("For example: help with DigiD, letters from the municipality, "
                       "allowances. At most 1,000 characters."),
        validators=[DataRequired(_l("Describe the help you give")),
                    Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
    )
    fax = StringField(_l("Leave this field empty"))  # a honeypot: people never see it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.email.description = _l("This person becomes the coordinator of your "
                                    "organisation in partnernet.")

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


HOURS_MESSAGES = {
    "format": _l("Write the hours like 9:00-12:00, 13:00-17:00, or leave empty when closed"),
    "time": _l("Use times from 0:00 to 23:59"),
    "order": _l("The closing time must be after the opening time"),
    "overlap": _l("The periods of one day must not overlap"),
}
WEEKDAY_NAMES = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
                 _l("Saturday"), _l("Sunday"))


def valid_hours(form, field):
    try:
        parse_day(field.data or "")
    except HoursError as problem:
        raise ValidationError(HOURS_MESSAGES[str(problem)]) from None


class ClosureForm(SubForm):
    """One closure: a holiday or a date range (a sub-form, so no CSRF token of its own)."""

    starts_on = DateField(_l("Closed from"), validators=[Optional()])
    ends_on = DateField(_l("Closed until and including"), validators=[Optional()])
    reason = StringField(_l("Reason (optional)"), validators=[Length(max=200)])

    def validate_ends_on(self, field):
        if bool(self.starts_on.data) != bool(field.data):
            raise ValidationError(_l("Fill in both dates, or neither"))
        if field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must not be before the first day"))


class SupportPointForm(StripWhitespaceForm):
    name = StringField(_l("Name of the place"), validators=[
        DataRequired(_l("Enter the name of the place")), Length(max=200)])
    street = StringField(_l("Street"), validators=[
        DataRequired(_l("Enter the street")), Length(max=200)])
    house_number = StringField(_l("House number"), validators=[
        DataRequired(_l("Enter the house number")), Length(max=20)])
    postcode = StringField(_l("Postcode"), validators=[
        DataRequired(_l("Enter the postcode")),
        Regexp(r"^[1-9]\d{3}\s?[A-Za-z]{2}$", message=_l("Enter a postcode like 9711 AB"))])
    city = StringField(_l("Place"), default=lambda: site_settings().municipality_name, validators=[
        DataRequired(_l("Enter the place")), Length(max=100)])
    latitude = DecimalField(_l("Latitude (optional)"), places=6, validators=[
        Optional(), NumberRange(50.5, 53.8, _l("A latitude in the Netherlands is between 50.5 "
                                               "and 53.8"))])
    longitude = DecimalField(_l("Longitude (optional)"), places=6, validators=[
        Optional(), NumberRange(3.2, 7.3, _l("A longitude in the Netherlands is between 3.2 "
                                             "and 7.3"))])
    wheelchair = SelectField(_l("Wheelchair access"), default="", choices=[
        SelectChoice("", _l("Not known")), SelectChoice("yes", _l("Yes, wheelchair accessible")),
        SelectChoice("no", _l("No, not wheelchair accessible"))])
    accessibility_note = TextAreaField(_l("Accessibility (optional)"), validators=[
        Length(max=500, message=_l("Use at most %(max)d characters", max=500))],
        description=_l("For example: a lift, a quiet room, a hearing loop."))
    has_digital_government_desk = BooleanField(_l("This place is an Informatiepunt Digitale "
                                                  "Overheid"))
    phone = TelField(_l("Phone number (optional)"), validators=[
        Optional(), Regexp(PHONE, message=_l("Enter a phone number like 050 123 4567"))])
    email = EmailField(_l("E-mail address (optional)"), validators=[
        Optional(), Email(_l("Enter an e-mail address like name@example.org")), Length(max=254)])
    hours = FieldList(StringField(validators=[Length(max=100), valid_hours]),
                      min_entries=7, max_entries=7)
    closures = FieldList(FormField(ClosureForm), min_entries=3, max_entries=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, entry in zip(WEEKDAY_NAMES, self.hours, strict=True):
            entry.label.text = name

    # Optional() stops at an empty field, so each filled-in one checks its partner.
    def validate_latitude(self, field):
        if _is_empty(self.longitude):
            raise ValidationError(_l("Fill in both latitude and longitude, or neither"))

    def validate_longitude(self, field):
        if _is_empty(self.latitude):
            raise ValidationError(_l("Fill in both latitude and longitude, or neither"))


def _is_empty(field) -> bool:
    return not (field.raw_data and str(field.raw_data[0]).strip())


WHEELCHAIR_CHOICE = {True: "yes", False: "no", None: ""}
TEXT_FIELDS = ("name", "street", "house_number", "city", "accessibility_note", "phone", "email")


def point_form_data(point: SupportPoint) -> dict:
    """What the point form shows of a saved support point."""
    by_day = [[p for p in point.opening_periods if p.weekday == day] for day in range(7)]
    return {
        **{name: getattr(point, name) for name in TEXT_FIELDS},
        "postcode": point.postcode,
        "has_digital_government_desk": point.has_digital_government_desk,
        "latitude": Decimal(str(round(point.latitude, 6))),
        "longitude": Decimal(str(round(point.longitude, 6))),
        "wheelchair": WHEELCHAIR_CHOICE[point.wheelchair_accessible],
        "hours": [format_day(periods) for periods in by_day],
        "closures": [{"starts_on": c.starts_on, "ends_on": c.ends_on, "reason": c.reason}
                     for c in point.closures] + [{}] * 3,
    }





class OfferForm(StripWhitespaceForm):
    title = StringField(_l("What help do you give? (title)"), validators=[
        DataRequired(_l("Enter a title")),
        Length(max=120, message=_l("Use at most %(max)d characters", max=120))],
        description=_l("Short and clear, for example: Help with DigiD."))
    description = TextAreaField(_l("Description"), validators=[
        DataRequired(_l("Describe the help")),
        Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
        description=_l("In plain language: what you do together, and what the resident "
                       "brings. At most 1,000 characters."), render_kw={"rows": 5})
    audience = StringField(_l("For whom (optional)"), validators=[
        Length(max=300, message=_l("Use at most %(max)d characters", max=300))])
    topics = CheckboxesField(_l("Topics"), validators=[
        DataRequired(_l("Choose at least one topic"))])
    languages = CheckboxesField(_l("Languages"), validators=[
        DataRequired(_l("Choose at least one language"))], default=["nl"])
    modes = CheckboxesField(_l("How residents get this help"), validators=[
        DataRequired(_l("Choose at least one way"))])
    support_points = CheckboxesField(_l("Where"), coerce=int,
                                     description=_l("Leave empty for help that is not given "
                                                    "at a fixed place."))
    free_of_charge = BooleanField(_l("Free of charge"), default=True)
    cost_note = StringField(_l("Cost (when not free)"), validators=[Length(max=300)])
    accepts_referrals = BooleanField(_l("The municipality may refer residents to this help"))
    weekly_referral_capacity = IntegerField(
        _l("How many referrals a week can you take? (optional)"),
        validators=[Optional(), NumberRange(0, 1000, _l("Use a number from 0 to 1,000"))])

    def set_choices(self, topics, languages, points) -> None:
        self.topics.choices = [SelectChoice(code, name) for code, name in topics]
        self.languages.choices = [SelectChoice(code, name) for code, name in languages]
        self.modes.choices = choices(MODE_NAMES)
        self.support_points.choices = [SelectChoice(point.id, point.name) for point in points]

    def validate_cost_note(self, field):
        if not self.free_of_charge.data and not field.data:
            raise ValidationError(_l("Say what the help costs"))





class VolunteerInvitationForm(SubmitOnce, InvitationForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter the volunteer's name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))])


class CoordinatorInvitationForm(VolunteerInvitationForm):
    """Staff invite a coordinator to an organisation that has none who can sign in."""

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter the coordinator's name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))])


class ClaimForm(SubmitOnce, StripWhitespaceForm):
    """Someone from an organisation that is listed asks to manage its listing."""

    name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))],
        render_kw={"autocomplete": "name"})
    email = EmailField(_l("Your e-mail address at the organisation"), validators=[
        DataRequired(_l("Enter an e-mail address")),
        Email(_l("Enter an e-mail address like name@example.org")),
        Length(max=254, message=_l("Use at most %(max)d characters", max=254))],
        render_kw={"autocomplete": "email", "spellcheck": "false"})
    message = TextAreaField(_l("What is your role there? (optional)"), validators=[
        Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
        description=_l("It helps the municipality check that you belong to the organisation."))
    fax = StringField(_l("Leave this field empty"))  # a honeypot: people never see it


def offer_form_data(offer: Offer) -> dict:
    """What the offer form shows of a saved offer."""
    return {
        "title": offer.title, "description": offer.description, "audience": offer.audience,
        "cost_note": offer.cost_note,
        "topics": [topic.code for topic in offer.topics],
        "languages": offer.language_codes,
        "modes": offer.modes,
        "support_points": [point.id for point in offer.support_points],
        "free_of_charge": offer.free_of_charge,
        "accepts_referrals": offer.accepts_referrals,
        "weekly_referral_capacity": offer.weekly_referral_capacity,
    }


class NewSupportPointForm(SubmitOnce, SupportPointForm):
    pass


class NewOfferForm(SubmitOnce, OfferForm):
    pass
