"""Small numbers suppressed wherever an analysis is shown, exported or published.

Any count from 1 to 4 shows as "fewer than 5". Where the counts of a table add up to its total
(each respondent in one row), a total shown beside exactly one suppressed count would give
that count away by subtraction, so the total is suppressed too; and with it every share,
since a share and a count shown together give the total back.
"""

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"


@dataclass(frozen=True)
class Row:
    """One row of a table as it may be shown: None where a figure is suppressed."""

    label: str
    count: int | None
    share: float | None  # of the table's total, 0 to 1

    @property
    def count_text(self) -> str:
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
    hidden = [label for label, n in counts if is_small(n)]
    total_hidden = is_small(total) or (additive and len(hidden) == 1)
    rows = [
        Row(
            label,
            None if label in hidden else n,
            None if label in hidden or total_hidden else _share(n, total),
        )
        for label, n in counts
    ]
    return Table(rows, None if total_hidden else total, bool(hidden) or total_hidden)


def _share(count: int, total: int) -> float | None:
    return count / total if total else None
