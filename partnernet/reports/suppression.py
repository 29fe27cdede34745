"""Small numbers shown outside the organisation could point at one resident or volunteer
("the one person from 9747 who was helped with a parking permit"). A count from 1 to 4 is
shown as "fewer than 5". When only one count of a breakdown is hidden, the next smallest is
hidden too, so the hidden one cannot be worked out from the total."""

from dataclasses import replace

from partnernet.reports.summaries import Count, Summary, map_rows

THRESHOLD = 5


def is_small(count: Count) -> bool:
    return 0 < count.acts < THRESHOLD


def suppress(rows: list[Count]) -> list[Count]:
    hidden = {index for index, row in enumerate(rows) if is_small(row)}
    if len(hidden) == 1:
        shown = [(row.acts, index) for index, row in enumerate(rows)
                 if index not in hidden and row.acts > 0]
        if shown:
            hidden.add(min(shown)[1])
    return [replace(row, suppressed=True) if index in hidden else row
            for index, row in enumerate(rows)]


def suppress_summary(summary: Summary) -> Summary:
    total = replace(summary.total, suppressed=True) if is_small(summary.total) else summary.total
    return replace(map_rows(summary, suppress), total=total)
