"""Small numbers suppressed wherever an analysis is shown, exported or published.

Any count from 1 to 4 shows as "fewer than 5". Where the counts of a table add up to its total
(each respondent in one row), a lone suppressed count could be worked out by subtracting the
others from the total. Hiding the total would not stop that, because the same total is shown
elsewhere (the responses, another table over the same people), so the smallest other count is
withheld with it instead: the total no longer gives either away, and it stays. A total from 1
to 4 is itself suppressed, and with it every share, which would give it back.
"""

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Row:
    """One row of a table as it may be shown: None where a figure is suppressed."""

    label: str
    count: int | None
    share: float | None  # of the table's total, 0 to 1
    withheld: bool = False  # 5 or more, held back because it would give a small count away

    @property
    def count_text(self) -> str:
        if self.withheld:
            return WITHHELD
        return FEWER if self.count is None else f"{self.count:,}"

    @property
    def share_text(self) -> str:
        return "" if self.share is None else f"{self.share:.0%}"


@dataclass(frozen=True)
class Table:
    """Counts ready to show, with their total, after suppression (if it was asked for)."""

    rows: list[Row]
    total: int | None
    suppressed: bool  # whether any figure was held back

    @property
    def total_text(self) -> str:
        return FEWER if self.total is None else f"{self.total:,}"


def is_small(count: int) -> bool:
    """A count that would risk identifying someone."""
    return 0 < count < THRESHOLD


def shown_count(count: int, suppress: bool = True) -> int | None:
    """The count, or None when it must be suppressed."""
    return None if suppress and is_small(count) else count


def count_text(count: int, suppress: bool = True) -> str:
    """A count as shown: "fewer than 5" when suppressed."""
    shown = shown_count(count, suppress)
    return FEWER if shown is None else f"{shown:,}"


def suppress_table(
    counts: Sequence[tuple[str, int]],
    total: int,
    additive: bool = True,
    suppress: bool = True,
) -> Table:
    """Counts and their total as they may be shown.

    `additive` says the counts add up to the total (a single choice, a channel, a ward), so a
    lone suppressed count could be recovered from the total; a multiple choice is not.
    """
    if not suppress:
        return Table([Row(label, n, _share(n, total)) for label, n in counts], total, False)
    hidden = {index for index, (_, n) in enumerate(counts) if is_small(n)}
    shown = [(n, label, index) for index, (label, n) in enumerate(counts) if index not in hidden]
    withheld = None
    if additive and len(hidden) == 1 and any(n for n, _, _ in shown):
        withheld = min((n, label, index) for n, label, index in shown if n)[2]
    total_hidden = is_small(total)
    rows = [
        Row(
            label,
            None if index in hidden or index == withheld else n,
            None if index in hidden or index == withheld or total_hidden else _share(n, total),
            withheld=index == withheld,
        )
        for index, (label, n) in enumerate(counts)
    ]
    return Table(rows, None if total_hidden else total, bool(hidden) or total_hidden)


def _share(count: int, total: int) -> float | None:
    return count / total if total else None
