"""The period and the filters that the lists of logged help (assistance) and their figures
(reports) share: one form, read from the query string, and the LogFilter it stands for."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from partnernet.clock import first_of_month, last_of_month, local_today
from partnernet.extensions import db
from partnernet.forms import ChoiceField, StripWhitespaceForm
from partnernet.models import Organisation, OrganisationStatus, SupportPoint, Topic, User
from partnernet.models.assistance_queries import LogFilter

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


def coordinator_filter() -> tuple[LogFilterForm, LogFilter | None]:
    organisation_id = current_user.organisation_id
    form = LogFilterForm.from_query(request.args)
    form.set_choices(
        topics=Topic.choices(str(get_locale()), with_retired=True),
        points=db.session.scalars(select(SupportPoint).where(
            SupportPoint.organisation_id == organisation_id).order_by(SupportPoint.name)),
        volunteers=db.session.scalars(select(User).where(
            User.organisation_id == organisation_id).order_by(User.name)))
    return form, _filter_of(form, organisation_id)


def staff_filter() -> tuple[LogFilterForm, LogFilter | None]:
    form = LogFilterForm.from_query(request.args)
    form.set_choices(topics=Topic.choices(str(get_locale()), with_retired=True),
                     organisations=partner_organisations())
    return form, _filter_of(form, form.chosen("organisation"))


def partner_organisations():
    return db.session.scalars(select(Organisation).where(
        Organisation.status != OrganisationStatus.PENDING).order_by(Organisation.name))


def _filter_of(form: LogFilterForm, organisation_id: int | None) -> LogFilter | None:
    if not form.validate():
        return None
    return LogFilter(form.start.data, form.end.data, organisation_id=organisation_id,
                     support_point_id=form.chosen("support_point"), topic=form.chosen("topic"),
                     volunteer_id=form.chosen("volunteer"))


@dataclass(frozen=True)
class QuickPeriod:
    label: str
    start: date
    end: date


def quick_periods() -> list[QuickPeriod]:
    today = local_today()
    last_month = first_of_month(today) - timedelta(days=1)  # its last day
    return [
        QuickPeriod(str(_l("This month")), first_of_month(today), last_of_month(today)),
        QuickPeriod(str(_l("Last month")), first_of_month(last_month), last_month),
        QuickPeriod(str(_l("This year")), date(today.year, 1, 1), date(today.year, 12, 31)),
        QuickPeriod(str(_l("Last year")), date(today.year - 1, 1, 1),
                    date(today.year - 1, 12, 31)),
    ]
