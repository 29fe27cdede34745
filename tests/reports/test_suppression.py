"""Hidden counts cannot be worked out: an onlooker who reads a table as shown, with its total,
tries every way the hidden counts could add up to the total; each hidden count must still have
more than one possible value. The onlooker here is written apart from the suppression code."""

from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

from partnernet.reports.suppression import THRESHOLD, suppress


@dataclass(frozen=True)
class Row:
    value: int
    suppressed: bool = False


def as_read(rows: list[Row], total: int) -> list[set[int]]:
    """What a reader knows of each row from the text on the page: a 0 is always shown;
    "fewer than 5" is 1 to 4; "not shown" is 5 or more, and hidden counts are the smallest,
    so no more than the smallest count shown."""
    smallest_shown = min((row.value for row in rows if not row.suppressed and row.value),
                         default=total)
    return [{row.value} if not row.suppressed
            else set(range(1, THRESHOLD)) if row.value < THRESHOLD
            else set(range(THRESHOLD, smallest_shown + 1)) for row in rows]


def possible_values(options: list[set[int]], total: int) -> list[set[int]]:
    """For each row, the values it can take while all rows together make the total."""
    def sums(sets: list[set[int]]) -> set[int]:
        reachable = {0}
        for values in sets:
            reachable = {s + v for s in reachable for v in values if s + v <= total}
        return reachable

    return [{value for value in values
             if total - value in sums(options[:index] + options[index + 1:])}
            for index, values in enumerate(options)]


counts = st.lists(st.one_of(st.integers(0, THRESHOLD + 1), st.integers(0, 60)), max_size=8)


@settings(max_examples=600, deadline=None)
@given(counts)
@example([1, 1, 10])  # two hidden that can only be 1 and 1
@example([4, 4, 4])  # all hidden, and still each must be 4
@example([4, 5, 5, 20])  # the hidden 5 cannot be above the other 5
@example([8, 3, 0])
@example([1, 1, 1, 1, 1])
def test_no_hidden_count_can_be_worked_out_from_the_total(values):
    rows = [Row(value) for value in values]
    total = sum(values)
    shown = suppress(rows)
    if shown is None:  # withheld: even with every row hidden a count would give itself away
        everything_hidden = [Row(value, suppressed=value > 0) for value in values]
        readings = possible_values(as_read(everything_hidden, total), total)
        assert any(len(values) == 1 for values, row in zip(readings, everything_hidden,
                                                             strict=True) if row.value)
        return
    assert [row.value for row in shown] == values
    assert all(row.suppressed for row in shown if 0 < row.value < THRESHOLD)
    assert not any(row.suppressed for row in shown if row.value == 0)
    if total < THRESHOLD:  # the total itself is hidden: nothing to work from
        return
    readings = possible_values(as_read(shown, total), total)
    for row, possible in zip(shown, readings, strict=True):
        assert row.value in possible
        if row.suppressed:
            assert len(possible) > 1, (values, [r.suppressed for r in shown])


@given(counts)
def test_without_a_total_only_small_counts_are_hidden(values):
    shown = suppress([Row(value) for value in values], total_shown=False)
    assert [row.suppressed for row in shown] == [0 < value < THRESHOLD for value in values]
