"""Small numbers shown outside the organisation could point at one resident or volunteer
("the one person from 9747 who was helped with a parking permit"). A count from 1 to 4 is
shown as "fewer than 5".

That alone is not enough where the total is shown: with one hidden count, or with hidden counts
that can only add up one way (two hidden counts and 2 left over from the total), the hidden
counts follow from the shown ones. So the smallest shown counts are hidden too, one by one,
until none can be worked out. A count hidden that way reads "not shown" (it is 5 or more, and
saying "fewer than 5" would not be true). A 0 is always shown.

What a reader knows of a hidden count is thus: from 1 to 4, or from 5 to the smallest count
still shown (hidden counts were the smallest). The check below gives the reader exactly that,
and the total; the rows must stand in an order that does not depend on the counts (the public
figures keep a fixed order; staff pages, inside the municipality, show the largest first).
Where even hiding every count would not help, the breakdown is withheld as a whole."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from partnernet.reports.summaries import Count, Summary

THRESHOLD = 5


class Countable(Protocol):
    @property
    def value(self) -> int: ...

    @property
    def suppressed(self) -> bool: ...


Row = TypeVar("Row", bound=Countable)


def is_small(count: Countable) -> bool:
    return 0 < count.value < THRESHOLD


@dataclass(frozen=True)
class Bounds:
    """What a reader of the page knows of a count: it lies from `low` to `high`."""

    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high


def reader_bounds(rows: Sequence[Countable], total: int) -> list[Bounds]:
    """What a reader knows of each row as shown, before using the total."""
    ceiling = min((row.value for row in rows if not row.suppressed and row.value), default=total)
    return [Bounds(row.value, row.value) if not row.suppressed
            else Bounds(1, THRESHOLD - 1) if row.value < THRESHOLD
            else Bounds(THRESHOLD, ceiling) for row in rows]


def derived_bounds(shown: Sequence[Bounds], total: int) -> list[Bounds]:
    """What the total adds: each count lies between what is left when the others are as
    large as they can be and what is left when they are as small as they can be."""
    lowest, highest = sum(b.low for b in shown), sum(b.high for b in shown)
    return [Bounds(max(b.low, total - (highest - b.high)), min(b.high, total - (lowest - b.low)))
            for b in shown]


def suppress(rows: Sequence[Row], *, total_shown: bool = True) -> list[Row] | None:
    """The rows with small counts hidden and, where the total is shown, as many more as keep
    every hidden count from being worked out. None: the breakdown cannot be shown at all."""
    total = sum(row.value for row in rows)
    hidden = [is_small(row) for row in rows]
    if not total_shown or total < THRESHOLD:
        return _hide(rows, hidden)
    while _exposed(rows, hidden, total):
        extra = _next_to_hide(rows, hidden)
        if extra is None:
            return None
        hidden[extra] = True
    return _hide(rows, hidden)


def _hide(rows: Sequence[Row], hidden: list[bool]) -> list[Row]:
    return [replace(row, suppressed=True) if hide else row  # type: ignore[type-var]
            for row, hide in zip(rows, hidden, strict=True)]


def _exposed(rows: Sequence[Row], hidden: list[bool], total: int) -> bool:
    derived = derived_bounds(reader_bounds(_hide(rows, hidden), total), total)
    return any(bounds.exact for bounds, hide in zip(derived, hidden, strict=True) if hide)


def _next_to_hide(rows: Sequence[Row], hidden: list[bool]) -> int | None:
    """The smallest shown count above 0."""
    candidates = [(row.value, index) for index, row in enumerate(rows)
                  if not hidden[index] and row.value]
    return min(candidates)[1] if candidates else None


def suppress_summary(summary: Summary) -> Summary:
    total_hidden = is_small(summary.total)
    total = replace(summary.total, suppressed=True) if total_hidden else summary.total
    breakdowns = []
    for breakdown in summary.breakdowns:
        rows: list[Count] | None = suppress(breakdown.rows, total_shown=not total_hidden)
        breakdowns.append(replace(breakdown, rows=rows or [], withheld=rows is None))
    return replace(summary, total=total, breakdowns=breakdowns)
