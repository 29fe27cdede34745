
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from partnernet.assistance.personal_data import personal_data_problem
from partnernet.clock import local_today
from partnernet.forms import CheckboxesField, ChoiceField, NamesForm, StripWhitespaceForm
from partnernet.submit_once import SubmitOnce
from partnernet.vocabulary import CHANNEL_NAMES, LOG_OUTCOME_NAMES, OBSTACLE_NAMES, choices

QUICK_MINUTES = (15, 30, 45, 60)



class AssistanceLogForm(StripWhitespaceForm):
    given_on = DateField(_l("Date"), default=local_today, validators=[
        InputRequired(_l("Enter the date"))])
    support_point = ChoiceField(_l("Place"), coerce=int, validators=[
        InputRequired(_l("Choose the place"))])
    topics = CheckboxesField(_l("What was it about?"), validators=[
        DataRequired(_l("Choose at least one topic"))])
    minutes = RadioField(_l("How long?"), default="30", choices=[
        *(SelectChoice(str(m), _l("%(minutes)d minutes", minutes=m)) for m in QUICK_MINUTES),
        SelectChoice("other", _l("Other"))])
    other_minutes = IntegerField(_l("Other: number of minutes"), validators=[
        Optional(), NumberRange(1, 480, _l("Enter a number of minutes from 1 to 480"))])
    channel = RadioField(_l("How?"), default="walk_in", choices=choices(CHANNEL_NAMES))
    outcome = RadioField(_l("How did it end?"), default="solved",
                         choices=choices(LOG_OUTCOME_NAMES))
    municipal_service = ChoiceField(_l("Which service of the government was it about? "
                                       "(optional)"), coerce=int, default=0)
    obstacles = CheckboxesField(_l("What got in the way? (optional)"),
                                choices=choices(OBSTACLE_NAMES))
    postcode_area = StringField(_l("Postcode area of the resident (4 digits, optional)"),
                                validators=[Optional(), Regexp(r"^\d{4}$", message=_l(
                                    "Enter 4 digits, like 9711"))],
                                render_kw={"inputmode": "numeric", "autocomplete": "off"})
    referral = ChoiceField(_l("Linked referral (optional)"), coerce=int, default=0)
    note = TextAreaField(_l("Note (optional)"),
                         description=_l("Never write names, phone numbers, e-mail addresses "
                                        "or citizen service numbers here."),
                         validators=[Length(max=500, message=_l(
                             "Use at most %(max)d characters", max=500))])

    def set_choices(self, points, topics, services, referrals) -> None:
        self.support_point.choices = [SelectChoice(p.id, p.name) for p in points]
        self.topics.choices = [SelectChoice(code, name) for code, name in topics]
        self.municipal_service.choices = [SelectChoice(0, _l("Not about a service")),
                                          *(SelectChoice(s_id, name) for s_id, name in services)]
        self.referral.choices = [SelectChoice(0, _l("None")),
                                 *(SelectChoice(r.id, r.reference) for r in referrals)]

    @property
    def minutes_given(self) -> int | None:
        if self.minutes.data == "other":
            return self.other_minutes.data
        return int(self.minutes.data) if self.minutes.data else None

    def validate_given_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.minutes.data == "other" and self.other_minutes.data is None:
            # checked here: Optional() stops the field's own validators when it is empty
            self.other_minutes.errors = [*self.other_minutes.errors,
                                         _l("Enter the number of minutes")]
            return False
        return valid

    def validate_note(self, field):
        problem = personal_data_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
        if self.outcome.data == "municipal_follow_up" and not field.data:
            raise ValidationError(_l("Say what the municipality must do: staff read this note"))


class NewAssistanceLogForm(SubmitOnce, AssistanceLogForm):
    pass


class MunicipalServiceForm(NamesForm):
    """A service of the municipality or the national government on the list volunteers choose
    from."""


class NewMunicipalServiceForm(SubmitOnce, MunicipalServiceForm):
    pass
