from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import HiddenInput

from partnernet.forms import PHONE, StripWhitespaceForm
from partnernet.submit_once import SubmitOnce
from partnernet.vocabulary import (
    CONTACT_PREFERENCE_NAMES,
    DECLINE_REASON_NAMES,
    DUE_STEP_NAMES,
    FEEDBACK_ANSWER_NAMES,
    REFERRAL_OUTCOME_NAMES,
    URGENCY_NAMES,
    choices,
    language_choices,
)

POSTCODE = r"^[1-9]\d{3}\s?[A-Za-z]{2}$"
NOTE = Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))
DUE_TIME_RANGE = NumberRange(1, 60, _l("Use a number of working days from 1 to 60"))
DUE_TIME = [InputRequired(_l("Enter a number of working days")), DUE_TIME_RANGE]


class ReferralForm(SubmitOnce, StripWhitespaceForm):
    resident_name = StringField(_l("Name of the resident"), validators=[
        DataRequired(_l("Enter the resident's name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))],
        render_kw={"autocomplete": "off"})
    resident_phone = TelField(_l("Phone number"), validators=[
        Optional(), Regexp(PHONE, message=_l("Enter a phone number like 050 123 4567"))],
        render_kw={"autocomplete": "off"})
    resident_email = EmailField(_l("E-mail address"), validators=[
        Optional(), Email(_l("Enter an e-mail address like name@example.org")),
        Length(max=254)], render_kw={"autocomplete": "off", "spellcheck": "false"})
    preferred_contact = RadioField(_l("How would the resident like to be contacted?"),
                                   choices=choices(CONTACT_PREFERENCE_NAMES), default="either")
    contact_time = StringField(_l("When is the best time to contact? (optional)"),
                               description=_l("For example: weekday mornings"),
                               validators=[Length(max=200)])
    language = SelectField(_l("Language the resident speaks best"), default="nl")
    postcode = StringField(_l("Postcode of the resident"), validators=[
        DataRequired(_l("Enter the postcode")),
        Regexp(POSTCODE, message=_l("Enter a postcode like 9711 AB"))],
        render_kw={"autocomplete": "off"})
    topic = SelectField(_l("Help with"), validators=[
        InputRequired(_l("Choose what the resident needs help with"))])
    need_description = TextAreaField(
        _l("What does the resident need?"),
        description=_l("A few sentences. Only what the partner needs to know. At most 1,000 "
                       "characters."),
        validators=[DataRequired(_l("Describe what the resident needs")), NOTE])
    urgency = RadioField(_l("How urgent is it?"), choices=choices(URGENCY_NAMES), default="normal")
    consent = BooleanField(validators=[DataRequired(
        _l("The resident must agree before you can refer them"))])
    email_updates = BooleanField(
        _l("The resident wants an e-mail when the referral moves on"),
        description=_l("When it is sent to a partner, taken on, and closed. Only their first "
                       "name is in it."))

    def set_choices(self, topics) -> None:
        self.topic.choices = [SelectChoice("", _l("Choose")),
                              *(SelectChoice(code, name) for code, name in topics)]
        self.language.choices = [SelectChoice(code, name) for code, name in language_choices()]

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) & reachable(self) & updates_reachable(self)


def updates_reachable(form) -> bool:
    """E-mail updates need an e-mail address."""
    if not form.email_updates.data or form.resident_email.data:
        return True
    form.resident_email.errors = [*form.resident_email.errors,
                                  _l("Enter an e-mail address for the updates")]
    return False


def reachable(form) -> bool:
    """A phone number or an e-mail address, or both. Checked for the whole form: Optional()
    stops a field's own validators when it is empty."""
    if form.resident_phone.data or form.resident_email.data:
        return True
    form.resident_phone.errors = [*form.resident_phone.errors,
                                  _l("Enter a phone number or an e-mail address")]
    return False


class VersionedForm(StripWhitespaceForm):
    """An action on a referral, carrying the version the person saw: if someone else changed
    the referral in the meantime, the action is refused and the current state shown."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class SendForm(VersionedForm):
    offer = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class NoteForm(VersionedForm):
    note = TextAreaField(_l("Note (optional)"), validators=[NOTE])


class CancelForm(VersionedForm):
    note = TextAreaField(_l("Why is the referral cancelled?"), validators=[
        DataRequired(_l("Say why the referral is cancelled")), NOTE])


class DeclineForm(VersionedForm):
    reason = RadioField(_l("Why can you not help?"),
                        choices=choices(DECLINE_REASON_NAMES),
                        validators=[InputRequired(_l("Choose a reason"))])
    note = TextAreaField(_l("Explain (optional)"), validators=[NOTE])
    alternative = StringField(_l("Who could help instead? (optional)"),
                              description=_l("An organisation or place that fits better."),
                              validators=[Length(max=300)])


class CompleteForm(VersionedForm):
    outcome = RadioField(_l("How did it go?"),
                         choices=choices(REFERRAL_OUTCOME_NAMES),
                         validators=[InputRequired(_l("Choose how it went"))])
    note = TextAreaField(_l("Note (optional)"), validators=[NOTE])


class AssignForm(VersionedForm):
    volunteer = SelectField(_l("Who handles this referral?"), coerce=int)

    def set_choices(self, volunteers) -> None:
        self.volunteer.choices = [SelectChoice(0, _l("Nobody in particular")),
                                  *(SelectChoice(v.id, v.name) for v in volunteers)]


class HelpRequestForm(SubmitOnce, StripWhitespaceForm):
    """A resident asks to be contacted: few fields, plain words."""

    resident_name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))],
        render_kw={"autocomplete": "name"})
    resident_phone = TelField(_l("Your phone number"), validators=[
        Optional(), Regexp(PHONE, message=_l("Enter a phone number like 050 123 4567"))],
        render_kw={"autocomplete": "tel"})
    resident_email = EmailField(_l("Your e-mail address"), validators=[
        Optional(), Email(_l("Enter an e-mail address like name@example.org")),
        Length(max=254)], render_kw={"autocomplete": "email", "spellcheck": "false"})
    preferred_contact = RadioField(_l("How may we contact you?"),
                                   choices=choices(CONTACT_PREFERENCE_NAMES), default="either")
    language = SelectField(_l("Which language do you speak best?"), default="nl")
    postcode = StringField(_l("Your postcode"), validators=[
        DataRequired(_l("Enter your postcode")),
        Regexp(POSTCODE, message=_l("Enter a postcode like 9711 AB"))],
        render_kw={"autocomplete": "postal-code"})
    topic = SelectField(_l("What is it about? (optional)"))
    need_description = TextAreaField(
        _l("What do you need help with?"),
        description=_l("A few sentences are enough. At most 1,000 characters."),
        validators=[DataRequired(_l("Tell us what you need help with")), NOTE])
    consent = BooleanField(validators=[DataRequired(
        _l("Tick the box, so we may use your details to help you"))])
    email_updates = BooleanField(_l("Send me an e-mail when my question moves on"),
                                 description=_l("When we send it to an organisation, when "
                                                "they take it on, and when it is done."))
    fax = StringField(_l("Leave this field empty"))  # a honeypot: people never see it

    def set_choices(self, topics) -> None:
        self.topic.choices = [SelectChoice("", _l("I do not know")),
                              *(SelectChoice(code, name) for code, name in topics)]
        self.language.choices = [SelectChoice(code, name) for code, name in language_choices()]

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) & reachable(self) & updates_reachable(self)


class StatusForm(StripWhitespaceForm):
    reference = StringField(_l("Your reference code"), validators=[
        DataRequired(_l("Enter your reference code")), Length(max=16)],
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    postcode = StringField(_l("Your postcode"), validators=[
        DataRequired(_l("Enter your postcode")),
        Regexp(POSTCODE, message=_l("Enter a postcode like 9711 AB"))],
        render_kw={"autocomplete": "postal-code"})


class DueTimesForm(StripWhitespaceForm):
    """How many working days each step of a referral may take (an administrator's setting)."""

    pick_up = IntegerField(DUE_STEP_NAMES["pick_up"], validators=DUE_TIME)
    send = IntegerField(DUE_STEP_NAMES["send"], validators=DUE_TIME)
    answer = IntegerField(DUE_STEP_NAMES["answer"], validators=DUE_TIME)
    complete = IntegerField(DUE_STEP_NAMES["complete"], validators=DUE_TIME)
    send_elsewhere = IntegerField(DUE_STEP_NAMES["send_elsewhere"], validators=DUE_TIME)


class FeedbackForm(StripWhitespaceForm):
    """"Did you get the help you needed?", once the request is closed."""

    answer = RadioField(_l("Did you get the help you needed?"),
                        choices=choices(FEEDBACK_ANSWER_NAMES),
                        validators=[InputRequired(_l("Choose an answer"))])
    comment = TextAreaField(_l("Anything you want to tell us? (optional)"),
                            description=_l("Please do not write your name or address."),
                            validators=[NOTE])


class ResidentSearchForm(StripWhitespaceForm):
    """Staff look a resident up (sent by POST, so no e-mail address or number is in a URL)."""

    term = StringField(_l("Reference code, e-mail address or phone number"), validators=[
        DataRequired(_l("Enter a reference code, an e-mail address or a phone number")),
        Length(max=254, message=_l("Use at most %(max)d characters", max=254))],
        render_kw={"autocomplete": "off", "spellcheck": "false"})


class ResidentDetailsForm(StripWhitespaceForm):
    """Correcting a resident's details: the fields of a referral, and their rules."""

    resident_name = ReferralForm.resident_name
    resident_phone = ReferralForm.resident_phone
    resident_email = ReferralForm.resident_email
    postcode = ReferralForm.postcode
    contact_time = ReferralForm.contact_time
    need_description = ReferralForm.need_description

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) & reachable(self)


class EraseForm(StripWhitespaceForm):
    confirm = BooleanField(_l("I checked that this is the resident who asked, and that none of "
                              "their requests is still needed"),
                           validators=[DataRequired(_l("Tick the box to confirm"))])
