"""Base forms every blueprint builds on."""

from flask_wtf import FlaskForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class StripWhitespaceForm(FlaskForm):
    """Leading and trailing spaces are never part of what someone meant to type."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [_strip, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)


class EmptyForm(FlaskForm):
    """For POST-only buttons (sign out, approve, delete): CSRF covers them."""
