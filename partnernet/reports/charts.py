"""Bar charts drawn on the server as SVG: no script, nothing from another host, and readable
at 360 pixels (each bar sits under its label, widths in percent). The table beside each chart
holds the same figures for screen readers and for copying."""

from dataclasses import dataclass

from partnernet.reports.summaries import Count

LONGEST_BAR = 82  # percent of the width; the value is written after the bar
ROW_HEIGHT = 46


@dataclass(frozen=True)
class Bar:
    row: Count
    width: float  # percent
    y: int


def bars(rows: list[Count]) -> list[Bar]:
    """A bar per row, the longest for the largest count; a hidden (suppressed) count has no
    bar, only its text."""
    largest = max((row.acts for row in rows if not row.suppressed), default=0) or 1
    return [Bar(row, 0 if row.suppressed else round(LONGEST_BAR * row.acts / largest, 2),
                index * ROW_HEIGHT)
            for index, row in enumerate(rows)]


def chart_height(rows: list[Count]) -> int:
    return len(rows) * ROW_HEIGHT
