"""Base forms every blueprint builds on."""

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class StripWhitespaceForm(FlaskForm):
    """Leading and trailing spaces are never part of what someone meant to type."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                return unbound_field.bind(form=form, **options)  # their fields strip
            filters = [_strip, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)


class EmptyForm(FlaskForm):
    """For POST-only buttons (sign out, approve, delete): CSRF covers them."""


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
