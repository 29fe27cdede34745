"""Bar charts drawn on the server as SVG: no script, nothing from another host, and readable
at 360 pixels (each bar sits under its label, widths in percent). The table beside each chart
holds the same figures for screen readers and for copying."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

LONGEST_BAR = 82  # percent of the width; the value is written after the bar
ROW_HEIGHT = 46


class ChartRow(Protocol):
    """A labelled count: acts of help, referrals, searches."""

    @property
    def label(self) -> str: ...

    @property
    def value(self) -> int: ...

    @property
    def suppressed(self) -> bool: ...


@dataclass(frozen=True)
class Bar:
    row: ChartRow
    width: float  # percent
    y: int


def bars(rows: Sequence[ChartRow]) -> list[Bar]:
    """A bar per row, the longest for the largest count; a hidden (suppressed) count has no
    bar, only its text."""
    largest = max((row.value for row in rows if not row.suppressed), default=0) or 1
    return [Bar(row, 0 if row.suppressed else round(LONGEST_BAR * row.value / largest, 2),
                index * ROW_HEIGHT)
            for index, row in enumerate(rows)]


def chart_height(rows: Sequence[ChartRow]) -> int:
    return len(rows) * ROW_HEIGHT
