"""Base forms every blueprint builds on."""

import re
from dataclasses import fields
from functools import lru_cache

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import SUBMIT_METHODS, _Auto
from markupsafe import Markup
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    Length,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, Select

PHONE = r"^\+?[0-9 ()-]{10,20}$"
# A line break in a one-line field could end up in an e-mail header, and PostgreSQL refuses
# NUL: both are refused with a message, as are the other control characters.
NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f]")
NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tabs and line breaks are fine


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def plain_text(form, field):
    """Stops the field's other checks: they may ask the database, which refuses NUL."""
    multi_line = isinstance(field, TextAreaField)
    pattern = NOT_IN_TEXT if multi_line else NOT_ON_ONE_LINE
    if isinstance(field.data, str) and pattern.search(field.data):
        raise StopValidation(
            _l("This text holds characters we cannot save. Type it again without them")
            if multi_line else _l("Write this on one line, without special characters"))


class TextRules:
    """Meta for every form of ours: leading and trailing spaces are never part of what
    someone meant to type, and text fields hold plain text only."""

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, (FieldList, FormField)):
            return unbound_field.bind(form=form, **options)  # their own fields follow the rules
        rules = {"filters": [_strip, *unbound_field.kwargs.get("filters", ())]}
        if issubclass(unbound_field.field_class, StringField):
            rules["validators"] = [plain_text, *unbound_field.kwargs.get("validators", ())]
        return unbound_field.bind(form=form, **rules, **options)


class SubForm(Form):
    """A form inside a form (FieldList/FormField): no CSRF token of its own."""

    Meta = TextRules


class StripWhitespaceForm(FlaskForm):
    class Meta(TextRules):
        def wrap_formdata(self, form, formdata):
            """Only the submitted form fields: an uploaded file or a JSON body sent to a form
            without file fields is ignored, never read as text."""
            if formdata is _Auto:
                return request.form if request.method in SUBMIT_METHODS else None
            return formdata


class EmptyForm(StripWhitespaceForm):
    """For POST-only buttons (sign out, approve, delete): CSRF covers them."""


class KeptOptionsSelect(Select):
    """A select whose options are rendered once per worker: the search form's four selects
    hold some sixty options, and writing each one's attributes cost a search more than its
    results' SQL."""

    @classmethod
    def render_option(cls, choice: Choice, **kwargs) -> Markup:
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        return _option(choice.value, str(choice.label or choice.value), choice.selected)


@lru_cache(maxsize=4096)
def _option(value, label: str, selected: bool) -> Markup:
    return Select.render_option(Choice(value=value, label=label, selected=selected, render_kw={}))


class ChoiceField(SelectField):
    """A select whose value may come from a shared or outdated link: a clear message when the
    value is not one of the options."""

    widget = KeptOptionsSelect()

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Choose one of the options in the list"))


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes; only the offered choices are accepted (ids from another
    organisation never pass)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        allowed = {str(choice.value) for choice in self.choices}
        if any(str(value) not in allowed for value in self.data or ()):
            raise ValidationError(_l("Choose from the options shown"))


class SwitchForm(StripWhitespaceForm):
    """An on/off button (show or hide, give or take access) that names the state it wants, so
    a double click changes it once."""

    switch_to = HiddenField(validators=[AnyOf(["on", "off"])])

    @property
    def on(self) -> bool:
        return self.switch_to.data == "on"


def values_of(form, values_class, **derived):
    """A validated form as the plain values a service takes: the fields named like the
    dataclass's fields, and `derived` values the form computes (a service never sees a
    form)."""
    typed = {field.name: form[field.name].data for field in fields(values_class)
             if field.name in form and field.name not in derived}
    return values_class(**typed, **derived)


def form_problems(form) -> list[tuple[str, str]]:
    """(field id, first error) for every invalid field, inside lists of sub-forms too, in the
    order of the page: what the error summary links to."""
    return list(_problems(form))


def _problems(fields):
    for field in fields:
        if isinstance(field, (FieldList, FormField)):
            yield from _problems(field)
        elif field.errors and field.name != "csrf_token":
            yield field.id, field.errors[0]


class InvitationForm(StripWhitespaceForm):
    """Someone to invite by e-mail: who they are, and where the invitation goes. Each kind of
    invitation says in `name`'s message whose name is missing."""

    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter the name")),
        Length(max=200, message=_l("Use at most %(max)d characters", max=200))])
    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Enter an e-mail address")),
        Email(_l("Enter an e-mail address like name@example.org")),
        Length(max=254, message=_l("Use at most %(max)d characters", max=254))],
        render_kw={"spellcheck": "false", "autocomplete": "off"})


class NamesForm(StripWhitespaceForm):
    """A name in Dutch and in English, for the lists staff keep (topics, municipal services)."""

    name_nl = StringField(_l("Name in Dutch"), validators=[
        DataRequired(_l("Enter the Dutch name")),
        Length(max=120, message=_l("Use at most %(max)d characters", max=120))])
    name_en = StringField(_l("Name in English"), validators=[
        DataRequired(_l("Enter the English name")),
        Length(max=120, message=_l("Use at most %(max)d characters", max=120))])
