"""What each monitoring group raised in their own words beside everyone else, with small
numbers held back, and the notable differences among them."""

from collections.abc import Iterable
from dataclasses import dataclass

from engage.services.equalities.baselines import PREFER_NOT_TO_SAY, Baseline
from engage.services.equalities.counts import Counts, QuestionCounts
from engage.services.equalities.names import group_name, tag_name, upper_first
from engage.services.suppression import FEWER, THRESHOLD, WITHHELD, is_small

MOST_FINDINGS = 10

Group = tuple[str, tuple[str, ...]]  # a group's name, and the options it is made of


@dataclass(frozen=True)
class ThemeCell:
    """How often a group raised a tag, beside everyone else; None where withheld."""

    tag: str
    raised: int | None
    share: float | None
    others_share: float | None
    ratio: float | None
    raised_text: str


@dataclass(frozen=True)
class GroupThemes:
    """What one monitoring group raised in their own words."""

    name: str
    writers: int
    cells: list[ThemeCell]

    @property
    def writers_text(self) -> str:
        return FEWER if is_small(self.writers) else f"{self.writers:,}"

    @property
    def heading(self) -> str:
        return upper_first(self.name)


@dataclass(frozen=True)
class Finding:
    """A group that raised a tag notably more or less often than everyone else."""

    group: str
    tag: str
    share: float
    others_share: float
    ratio: float

    @property
    def text(self) -> str:
        group = upper_first(self.group)
        how = (
            f"{self.ratio:.1f} times as often as everyone else"
            if self.ratio >= 1
            else "less often than everyone else"
        )
        return (
            f"{group} raised {tag_name(self.tag)} {how} "
            f"({self.share:.0%} of them, against {self.others_share:.0%})"
        )


def question_themes(
    context: QuestionCounts,
    baseline: Baseline,
    counts: Counts,
    tags: list[str],
) -> tuple[list[GroupThemes], list[str]]:
    """What each group of one question raised, and the groups too few of whom (or of everyone
    else) wrote to compare."""
    groups, too_few = _theme_groups(context, baseline, counts)
    held = _held_back(context.question, groups, counts)
    themes = [
        _group_themes(context.question, name, values, counts, tags, held) for name, values in groups
    ]
    return themes, too_few


def _theme_groups(
    context: QuestionCounts, baseline: Baseline, counts: Counts
) -> tuple[list[Group], list[str]]:
    """The groups whose themes can be compared: each option that names a group with enough
    writers (and enough outside it), then the baseline's groups of options; and the others."""
    total_writers = counts.writers
    writers = {
        v: counts.group_writers.get((context.question, v), 0)
        for v in context.options
        if v != PREFER_NOT_TO_SAY
    }
    shown = [v for v, n in writers.items() if n >= THRESHOLD and total_writers - n >= THRESHOLD]
    small = [v for v, n in writers.items() if is_small(n)]
    if len(small) == 1 and shown and total_writers == sum(writers[v] for v in shown + small):
        # The writers shown would give the lone small group's away: drop the next smallest too.
        shown.remove(min(shown, key=writers.__getitem__))
    groups: list[Group] = [(_name(context, (v,)), (v,)) for v in shown]
    for figure in baseline.for_question(context.question):
        together = sum(writers.get(v, 0) for v in figure.values)
        # Only groups made of shown options (or empty ones): else a difference gives one away.
        if (
            len(figure.values) > 1
            and THRESHOLD <= together <= total_writers - THRESHOLD
            and context.shown_sum(figure.values) is not None
            and all(v in shown or writers.get(v, 0) == 0 for v in figure.values)
        ):
            groups.append((_name(context, figure.values, figure.label), figure.values))
    too_few = [_name(context, (v,)) for v in writers if v not in shown and context.found[v]]
    return groups, too_few


def _name(context: QuestionCounts, values: tuple[str, ...], label: str = "") -> str:
    return group_name(context.question, values, label, context.options)


def _held_back(question: str, groups: list[Group], counts: Counts) -> set[tuple[str, str]]:
    """(tag, option) pairs to hold back: every small count, and where one small count could
    be worked out from the tag's total and the rest, the next smallest beside it."""
    options = {v for _, values in groups if len(values) == 1 for v in values}
    held: set[tuple[str, str]] = set()
    for tag, total in counts.tag_totals.items():
        raised = {v: counts.raised.get((question, v, tag), 0) for v in options}
        small = {v for v, n in raised.items() if is_small(n) or is_small(total - n)}
        if len(small) == 1 and sum(raised.values()) == total:
            rest = sorted((n, v) for v, n in raised.items() if v not in small and n > 0)
            small.update(v for _, v in rest[:1])
        held.update((tag, v) for v in small)
    return held


def _group_themes(
    question: str,
    name: str,
    values: tuple[str, ...],
    counts: Counts,
    tags: list[str],
    held: set[tuple[str, str]],
) -> GroupThemes:
    writers = sum(counts.group_writers.get((question, v), 0) for v in values)
    others = counts.writers - writers
    cells = []
    for tag in tags:
        raised = sum(counts.raised.get((question, v, tag), 0) for v in values)
        raised_by_others = counts.tag_totals[tag] - raised
        if any((tag, v) in held for v in values) or is_small(raised_by_others):
            # Either count, with the tag's total, would give a small one away.
            text = FEWER if is_small(raised) else WITHHELD
            cells.append(ThemeCell(tag, None, None, None, None, text))
            continue
        share, others_share = raised / writers, raised_by_others / others
        ratio = share / others_share if others_share else None
        cells.append(ThemeCell(tag, raised, share, others_share, ratio, f"{raised:,}"))
    return GroupThemes(name, writers, cells)


def findings(groups: Iterable[GroupThemes], notable: float) -> list[Finding]:
    """The groups that raised a tag notably more or less often than everyone else, the
    largest differences first."""
    found = [
        Finding(group.name, cell.tag, cell.share, cell.others_share, cell.ratio)
        for group in groups
        for cell in group.cells
        if cell.ratio is not None
        and cell.share is not None
        and cell.others_share is not None
        and (cell.ratio >= notable or cell.ratio <= 1 / notable)
    ]
    found.sort(key=lambda f: -max(f.ratio, 1 / f.ratio) if f.ratio else -float("inf"))
    return found[:MOST_FINDINGS]
