"""One record's values as a file gives them (a CSV row, a JSON object), checked one field at
a time: what is wrong goes into the bundle's problems, naming the row and the field, and the
value is left out."""

import re
import uuid
from datetime import date, time

from flask_babel import lazy_gettext as _l

from partnernet.api.imports.records import Bundle, Source
from partnernet.spreadsheets import FORMULA_STARTS

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?$")


class Cells:
    def __init__(self, bundle: Bundle, source: Source, values: dict):
        self.bundle, self.source, self.values = bundle, source, values

    def problem(self, field: str, reason) -> None:
        self.bundle.problem(self.source, field, reason)

    def text(self, field: str, *, required: bool = False, longest: int = 10_000) -> str:
        """The field's text, trimmed; "" when absent or wrong (and then a problem)."""
        value = self.values.get(field)
        if value is None or value == "":
            if required:
                self.problem(field, _l("This field is required."))
            return ""
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            else:
                self.problem(field, _l("Expected a text."))
                return ""
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]  # kept as text by a spreadsheet export (ours too)
        elif value.startswith("="):
            self.problem(field, _l("This is a spreadsheet formula, not a value. Put the value "
                                   "itself in the cell."))
            return ""
        value = value.strip()
        if "\x00" in value:
            self.problem(field, _l("This text holds a character that cannot be stored."))
            return ""
        if len(value) > longest:
            self.problem(field, _l("At most %(count)s characters.", count=longest))
            return ""
        if required and not value:
            self.problem(field, _l("This field is required."))
        return value

    def optional(self, field: str, longest: int = 10_000) -> str | None:
        return self.text(field, longest=longest) or None

    def uuid(self, field: str, *, required: bool = False) -> str | None:
        """The field's UUID in its usual form, or None."""
        value = self.text(field, required=required, longest=100)
        if not value:
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            self.problem(field, _l("Not a UUID (such as %(example)s).",
                                   example="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"))
            return None

    def number(self, field: str, lowest: float, highest: float) -> float | None:
        value = self.values.get(field)
        if value is None or value == "":
            return None
        try:
            found = float(str(value).strip().replace(",", ".")) if not isinstance(
                value, bool) else None
        except ValueError:
            found = None
        if found is None or not lowest <= found <= highest:
            self.problem(field, _l("A number from %(lowest)s to %(highest)s.", lowest=lowest,
                                   highest=highest))
            return None
        return found

    def yes_no(self, field: str) -> bool | None:
        value = self.values.get(field)
        if isinstance(value, bool):
            return value
        text = self.text(field, longest=10).lower()
        if not text:
            return None
        if text in ("ja", "yes", "j", "y", "1", "true", "waar"):
            return True
        if text in ("nee", "no", "n", "0", "false", "onwaar"):
            return False
        self.problem(field, _l("Fill in yes or no (ja or nee), or leave it empty."))
        return None

    def day(self, field: str) -> date | None:
        text = self.text(field, longest=40)
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.problem(field, _l("A date such as 2026-12-31."))
            return None

    def clock(self, field: str) -> time | None:
        text = self.text(field, longest=20)
        match = CLOCK.match(text)
        if not match:
            self.problem(field, _l("A time such as 09:30."))
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def postcode(self, field: str) -> str | None:
        text = self.text(field, longest=20)
        if not text:
            return None
        if not POSTCODE.match(text):
            self.problem(field, _l("A Dutch postcode such as 9712 KN."))
            return None
        compact = text.replace(" ", "").upper()
        return f"{compact[:4]} {compact[4:]}"
