from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from partnernet.forms import ChoiceField, InvitationForm, NamesForm, StripWhitespaceForm
from partnernet.log_filters import PeriodForm
from partnernet.models import Role
from partnernet.submit_once import SubmitOnce
from partnernet.vocabulary import MUNICIPAL_ROLE_NAMES, PARTNER_ROLE_NAMES, ROLE_NAMES, choices

PHONE_OR_SHORT = r"^\+?[0-9][0-9 ()-]{3,19}$"  # short numbers (14 0xx) too
USER_STATUS_NAMES = {"active": _l("Can sign in"), "invited": _l("Invited"),
                     "locked": _l("Locked"), "inactive": _l("Deactivated")}


class StaffInvitationForm(SubmitOnce, InvitationForm):
    """An administrator invites someone of the municipality; they choose their own password."""

    role = RadioField(_l("Role"), choices=choices(MUNICIPAL_ROLE_NAMES),
                      default=Role.STAFF,
                      validators=[DataRequired(_l("Choose a role"))])


class RoleForm(StripWhitespaceForm):
    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role"))])

    def for_user(self, user) -> "RoleForm":
        names = MUNICIPAL_ROLE_NAMES if user.role in MUNICIPAL_ROLE_NAMES else PARTNER_ROLE_NAMES
        self.role.choices = choices(names)
        if not self.is_submitted():
            self.role.data = user.role
        return self


class UserFilterForm(StripWhitespaceForm):
    """The list's filters, read from the query string."""

    class Meta:
        csrf = False

    role = SelectField(_l("Role"), default="", choices=[
        SelectChoice("", _l("Every role")), *choices(ROLE_NAMES)])
    status = SelectField(_l("Status"), default="", choices=[
        SelectChoice("", _l("Every status")), *choices(USER_STATUS_NAMES)])


ACCESSIBILITY_STATUS_NAMES = {
    "full": _l("Fully compliant: every WCAG 2.1 AA criterion is met"),
    "partial": _l("Partially compliant: some criteria are not met yet (listed in the statement)"),
    "none": _l("Not compliant, or not audited yet"),
}


class SettingsForm(StripWhitespaceForm):
    municipality_name = StringField(_l("Name of the municipality"), validators=[
        DataRequired(_l("Enter the municipality's name")), Length(max=100)],
        description=_l("As in “the municipality of …”, for example Groningen."))
    municipality_phone = StringField(_l("Phone number for residents"), validators=[
        DataRequired(_l("Enter a phone number")),
        Regexp(PHONE_OR_SHORT, message=_l("Enter a phone number, like 14 050 or 050 367 1111"))])
    municipality_contact_url = URLField(_l("Contact page of the municipality"), validators=[
        DataRequired(_l("Enter the address of the contact page")),
        URL(require_tld=True, message=_l("Enter an address that starts with https://")),
        Length(max=300)])
    security_contact = StringField(_l("Contact for security reports"), validators=[
        DataRequired(_l("Enter where to report a security problem")),
        Regexp(r"^(mailto:[^\s@]+@[^\s@]+|https://\S+)$",
               message=_l("Enter mailto:address@example.org or an https:// address")),
        Length(max=300)],
        description=_l("Shown in /.well-known/security.txt."))
    retention_months = IntegerField(_l("Keep closed requests (months)"), validators=[
        InputRequired(_l("Enter a number of months")),
        NumberRange(1, 120, _l("Enter a number from 1 to 120"))],
        description=_l("After this, the resident's details in a closed request are wiped; "
                       "the figures stay."))
    audit_retention_months = IntegerField(_l("Keep the audit trail (months)"), validators=[
        InputRequired(_l("Enter a number of months")),
        NumberRange(6, 120, _l("Enter a number from 6 to 120"))])
    consent_version = StringField(_l("Version of the consent text"), validators=[
        DataRequired(_l("Enter a version")), Length(max=40)],
        description=_l("Stored with every referral. Change it whenever the text changes."))
    consent_text_nl = TextAreaField(_l("Consent text in Dutch (empty: the standard text)"),
                                    validators=[Length(max=2000)])
    consent_text_en = TextAreaField(_l("Consent text in English (empty: the standard text)"),
                                    validators=[Length(max=2000)])
    accessibility_status = RadioField(_l("Result of the last accessibility audit"),
                                      choices=choices(ACCESSIBILITY_STATUS_NAMES),
                                      validators=[DataRequired(_l("Choose a result"))])
    accessibility_checked_on = DateField(_l("Date of the last audit (optional)"),
                                         validators=[Optional()])


class AuditFilterForm(PeriodForm):
    """Which audit rows to show or export; every choice is a value the trail holds."""

    person = ChoiceField(_l("Person"), coerce=int, default=0)
    organisation = ChoiceField(_l("Organisation"), coerce=int, default=0)
    action = ChoiceField(_l("Action"), default="")
    object_type = ChoiceField(_l("Kind of record"), default="")
    object_id = StringField(_l("Record number"), validators=[
        Optional(), Length(max=64, message=_l("Use at most %(max)d characters", max=64))])

    @classmethod
    def from_query(cls, args):
        return cls(formdata=args if set(args) - {"lang", "page"} else None)

    def set_choices(self, people: dict, organisations: dict, actions: list,
                    object_types: list) -> None:
        self.person.choices = [SelectChoice(0, _l("Everyone")),
                               *(SelectChoice(id_, name) for id_, name in people.items())]
        self.organisation.choices = [
            SelectChoice(0, _l("All organisations")),
            *(SelectChoice(id_, name) for id_, name in organisations.items())]
        self.action.choices = [SelectChoice("", _l("All actions")),
                               *(SelectChoice(action, action) for action in actions)]
        self.object_type.choices = [SelectChoice("", _l("All kinds")),
                                    *(SelectChoice(kind, kind) for kind in object_types)]


class SuspendForm(StripWhitespaceForm):
    reason = TextAreaField(_l("Why is the organisation suspended?"), validators=[
        DataRequired(_l("Say why the organisation is suspended")),
        Length(max=1000, message=_l("Use at most %(max)d characters", max=1000))],
        description=_l("Kept with the organisation, for staff and administrators."))
    confirm = BooleanField(_l("Send its open referrals back to staff"))

    def validate_confirm(self, field) -> None:
        """Asked only when referrals would go back: nothing happens unseen."""
        if self.open_referrals and not field.data:
            raise ValidationError(ngettext(
                "It holds %(num)d open referral. Tick the box to send it back to staff.",
                "It holds %(num)d open referrals. Tick the box to send them back to staff.",
                self.open_referrals))

    open_referrals = 0


class TopicForm(NamesForm):
    """A topic's name in both languages."""


class NewTopicForm(SubmitOnce, TopicForm):
    """Adding a topic: a double click adds it once."""
