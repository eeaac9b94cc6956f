"""A consultation's equalities analysis: who responded beside the area's population, and what
each monitoring group raised against everyone else.

The database does the counting (`counts`); this module puts labels on the counts,
works out shares and representation ratios, and holds back small numbers. What the groups
raised is worked out in `themes`, and the export in `export`.
"""

from dataclasses import dataclass, field

import surveys
from engage.models import Consultation
from engage.services import DatabaseSession
from engage.services.equalities.baselines import PREFER_NOT_TO_SAY, Baseline, Figure, Monitoring
from engage.services.equalities.counts import (
    Counts,
    QuestionCounts,
    TagBasis,
    count_groups,
    tag_basis,
    writing_questions,
)
from engage.services.equalities.names import group_name
from engage.services.equalities.themes import Finding, GroupThemes, findings, question_themes
from engage.services.forms import flow_for
from engage.services.suppression import (
    FEWER,
    THRESHOLD,
    WITHHELD,
    Row,
    Table,
    is_small,
    suppress_table,
)

FAMILIES = {
    "priority": "priorities",
    "theme": "themes (workstreams)",
    "characteristic": "protected characteristics",
}
UNDER_REPRESENTED_BELOW = 0.8
NOTABLE_RATIO = 1.5


@dataclass(frozen=True)
class Settings:
    """What an officer chose to look at, and the thresholds the partnership set."""

    family: str = "priority"
    under_represented_below: float = UNDER_REPRESENTED_BELOW
    notable_ratio: float = NOTABLE_RATIO


@dataclass(frozen=True)
class Comparison:
    """A group's share of the responses beside its share of the area's people."""

    label: str
    name: str
    count: int | None
    count_text: str
    share: float | None
    figure: Figure
    ratio: float | None
    under_represented: bool


@dataclass(frozen=True)
class QuestionResult:
    """One monitoring question: who answered it, beside the population, and what they raised."""

    id: str
    label: str
    table: Table
    leaves_out_unstated: bool  # shares leave out "Prefer not to say"
    comparisons: list[Comparison]
    themes: list[GroupThemes]
    too_few: list[str]  # groups too few of whom (or of everyone else) wrote to compare

    @property
    def heard_less(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.under_represented]


@dataclass(frozen=True)
class Analysis:
    """Everything the equalities page, its printable report and its export show."""

    consultation: Consultation
    respondents: int
    writers: int
    baseline: Baseline
    settings: Settings
    tags: list[str]
    basis: TagBasis
    questions: list[QuestionResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def heard_less(self) -> list[Comparison]:
        return [c for q in self.questions for c in q.heard_less]


def analyse(
    session: DatabaseSession,
    consultation: Consultation,
    baseline: Baseline,
    monitoring: Monitoring,
    settings: Settings,
) -> Analysis:
    """The equalities analysis of a consultation's submitted responses."""
    flow = flow_for(consultation.form)
    asked = [q for q in flow.definition.questions if q.id in monitoring]
    writing = writing_questions(flow, {q.id for q in asked})
    counts = count_groups(session, consultation, [q.id for q in asked], writing, settings.family)
    tags = sorted(counts.tag_totals, key=lambda t: (-counts.tag_totals[t], t))
    questions = [_question(flow, q, baseline, counts, tags, settings) for q in asked]
    groups = [group for question in questions for group in question.themes]
    return Analysis(
        consultation=consultation,
        respondents=counts.respondents,
        writers=counts.writers,
        baseline=baseline,
        settings=settings,
        tags=tags,
        basis=tag_basis(session, consultation, writing, settings.family),
        questions=questions,
        findings=findings(groups, settings.notable_ratio),
    )


def _question(
    flow: surveys.Flow,
    question: surveys.Question,
    baseline: Baseline,
    counts: Counts,
    tags: list[str],
    settings: Settings,
) -> QuestionResult:
    options = {o.value: flow.text(o.label) or o.value for o in question.options}
    found = {v: counts.groups.get((question.id, v), 0) for v in options}
    answered = sum(found.values())
    plain = suppress_table([(options[v], n) for v, n in found.items()], answered)
    shown = {v: row for v, row in zip(found, plain.rows, strict=True)}
    unstated = shown.get(PREFER_NOT_TO_SAY)
    # Leaving "Prefer not to say" out of the shares would give its count away if it is hidden.
    unstated_count = unstated.count or 0 if unstated is not None else 0
    leave_out = unstated_count > 0
    denominator = answered - unstated_count
    shares_shown = plain.total is not None and denominator > 0
    rows = [
        Row(
            row.label,
            row.count,
            row.count / denominator
            if shares_shown and row.count is not None and value != PREFER_NOT_TO_SAY
            else None,
            withheld=row.withheld,
        )
        for value, row in shown.items()
    ]
    hidden = {v for v, row in shown.items() if row.count is None}
    context = QuestionCounts(
        question.id, options, found, hidden, plain.total is not None, denominator
    )
    comparisons = [
        _comparison(context, figure, settings)
        for figure in baseline.for_question(question.id)
        if figure.share is not None and figure.values
    ]
    themes, too_few = question_themes(context, baseline, counts, tags)
    return QuestionResult(
        id=question.id,
        label=flow.text(question.label) or question.id,
        table=Table(rows, plain.total, plain.suppressed),
        leaves_out_unstated=leave_out and shares_shown,
        comparisons=comparisons,
        themes=themes,
        too_few=too_few,
    )


def _comparison(context: QuestionCounts, figure: Figure, settings: Settings) -> Comparison:
    total = sum(context.found.get(v, 0) for v in figure.values)
    count = context.shown_sum(figure.values)
    population = figure.share or 0.0
    share = (
        count / context.denominator
        if count is not None and context.total_shown and context.denominator
        else None
    )
    ratio = share / population if share is not None and population else None
    if is_small(total) and context.denominator and population:
        # Flag a held-back count only if even the largest it could be is under-represented.
        largest = (THRESHOLD - 1) / context.denominator / population
        under = largest < settings.under_represented_below
    else:
        under = ratio is not None and ratio < settings.under_represented_below
    return Comparison(
        label=figure.label,
        name=group_name(context.question, figure.values, figure.label, context.options),
        count=count,
        count_text=FEWER if is_small(total) else (WITHHELD if count is None else f"{count:,}"),
        share=share,
        figure=figure,
        ratio=ratio,
        under_represented=under,
    )
