from datetime import date, timedelta

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
from partnernet.clock import first_of_month, last_of_month, local_today
from partnernet.forms import CheckboxesField, ChoiceField, StripWhitespaceForm
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


MAX_PERIOD = timedelta(days=5 * 366)
# Dates the figures can count back and forward from (a period is compared with the one
# before it): far beyond any log, and far from the ends of Python's calendar.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
# What a date picker sends, and what people type where there is none.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class PeriodForm(StripWhitespaceForm):
    """A period to look at, sent with GET so it can be bookmarked; this month by default."""

    class Meta:
        csrf = False

    @classmethod
    def from_query(cls, args):
        """The form of a page's query string; the defaults when it names no period (a bare
        link, or one with only ?lang=)."""
        return cls(formdata=args if {"start", "end"} & set(args) else None)

    start = DateField(_l("From"), default=lambda: first_of_month(local_today()),
                      format=DATE_FORMATS, validators=[DataRequired(
                          _l("Enter the first day, for example 1-3-2026"))])
    end = DateField(_l("To"), default=lambda: last_of_month(local_today()),
                    format=DATE_FORMATS, validators=[DataRequired(
                        _l("Enter the last day, for example 31-3-2026"))])

    def validate_start(self, field):
        _within_calendar(field)

    def validate_end(self, field):
        _within_calendar(field)
        if not (self.start.data and field.data):
            return
        if field.data < self.start.data:
            raise ValidationError(_l("The last day cannot be before the first day"))
        if field.data - self.start.data > MAX_PERIOD:
            raise ValidationError(_l("Choose a period of at most five years"))


def _within_calendar(field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Choose a date between 1-1-2000 and 31-12-2099"))


def _all(label) -> list[SelectChoice]:
    return [SelectChoice(0, label)]


class LogFilterForm(PeriodForm):
    """Which logs to list or export. The choices hold only what the viewer may see, so a
    guessed id of another organisation's place or volunteer is refused."""

    organisation = ChoiceField(_l("Organisation"), coerce=int, default=0)
    support_point = ChoiceField(_l("Place"), coerce=int, default=0)
    topic = ChoiceField(_l("What was it about?"), default="")
    volunteer = ChoiceField(_l("Volunteer"), coerce=int, default=0)

    def set_choices(self, *, topics, points=None, volunteers=None, organisations=None) -> None:
        """Each list of records becomes a filter; a filter without one is left out."""
        self.topic.choices = [SelectChoice("", _l("All topics")),
                              *(SelectChoice(code, name) for code, name in topics)]
        for field, records, label in ((self.support_point, points, _l("All places")),
                                      (self.volunteer, volunteers, _l("All volunteers")),
                                      (self.organisation, organisations,
                                       _l("All organisations"))):
            if records is None:
                del self[field.name]
            else:
                field.choices = _all(label) + [SelectChoice(r.id, r.name) for r in records]

    def chosen(self, name: str):
        """A filter's chosen value; None for "all" and for a filter the form does not have."""
        return self[name].data or None if name in self else None


class MunicipalServiceForm(StripWhitespaceForm):
    """A service of the municipality or the national government on the list volunteers choose
    from."""

    name_nl = StringField(_l("Name in Dutch"), validators=[
        InputRequired(_l("Enter the Dutch name")),
        Length(max=120, message=_l("Use at most %(max)d characters", max=120))])
    name_en = StringField(_l("Name in English"), validators=[
        InputRequired(_l("Enter the English name")),
        Length(max=120, message=_l("Use at most %(max)d characters", max=120))])


class NewMunicipalServiceForm(SubmitOnce, MunicipalServiceForm):
    pass
