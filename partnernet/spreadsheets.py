"""CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads the accents), the
reader's list separator, and no cell a spreadsheet would run as a formula."""

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def delimiter(locale: str) -> str:
    """Excel splits on the list separator of the computer's region: ';' in the Netherlands."""
    return "," if locale == "en" else ";"


def safe_cell(value):
    """A text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvText:
    """Turns batches of rows into text, one chunk per batch, for a streamed download."""

    def __init__(self, locale: str):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=delimiter(locale),
                                  lineterminator="\r\n")

    def rows(self, rows: Iterable[Iterable]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows([safe_cell(value) for value in row] for row in rows)
        return self._buffer.getvalue()
