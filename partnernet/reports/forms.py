"""Choosing the quarter of the public figures: a list of the quarters that have ended, and the
same address typed by hand (?quarter=2026-Q3) checked with a clear message."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, ValidationError

from partnernet.clock import local_today
from partnernet.forms import StripWhitespaceForm
from partnernet.reports.periods import (
    FIRST_YEAR,
    NamedPeriod,
    PeriodError,
    latest_ended_quarter,
    parse_period,
)


def ended_quarters() -> list[NamedPeriod]:
    """From the latest that has ended back to the first of FIRST_YEAR."""
    quarter, quarters = latest_ended_quarter(local_today()), []
    while quarter.start.year >= FIRST_YEAR:
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


class QuarterForm(StripWhitespaceForm):
    class Meta:
        csrf = False

    quarter = SelectField(_l("Quarter"), validate_choice=False)

    def __init__(self, args):
        super().__init__(formdata=args if "quarter" in args else None)
        self.quarter.choices = [(quarter.key, quarter.name) for quarter in ended_quarters()]
        if not self.quarter.data:
            self.quarter.data = self.quarter.choices[0][0]
        self.period: NamedPeriod | None = None

    def validate_quarter(self, field):
        try:
            self.period = parse_period(field.data or "", local_today(), quarters_only=True,
                                       ended_only=True)
        except PeriodError as problem:
            raise ValidationError(str(problem)) from None


class ReportPeriodForm(StripWhitespaceForm):
    """The council report's period: a quarter, a month or a year, typed as in the address."""

    class Meta:
        csrf = False

    period = StringField(_l("Period"), description=_l(
        "A quarter (2026-Q3), a month (2026-09) or a year (2026)."))

    def __init__(self, args):
        super().__init__(formdata=args if "period" in args else None)
        if not self.period.data:
            self.period.data = latest_ended_quarter(local_today()).key
        self.named: NamedPeriod | None = None

    def validate_period(self, field):
        try:
            self.named = parse_period(field.data or "", local_today())
        except PeriodError as problem:
            raise ValidationError(str(problem)) from None
