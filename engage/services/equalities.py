"""A consultation's equalities analysis: who responded beside the area's population, and what
each monitoring group raised against everyone else.

The database does the counting (one GROUP BY per figure); Python only puts labels on the
counts, works out shares and ratios, and holds back small numbers. Tags count as officers
decided them where an officer has, and as the machine suggested them everywhere else.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

import surveys
from engage.models import Answer, AnswerTag, Consultation, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.baselines import PREFER_NOT_TO_SAY, Baseline, Figure, Monitoring
from engage.services.exports import Export
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
from engage.services.tagging import MACHINE, OFFICER

FAMILIES = {
    "priority": "priorities",
    "theme": "themes (workstreams)",
    "characteristic": "protected characteristics",
}
UNDER_REPRESENTED_BELOW = 0.8
NOTABLE_RATIO = 1.5
MOST_FINDINGS = 10
OTHER_SUFFIX = "_other"

# How a group is named in a sentence; "{}" is the option's label.
NAME_PATTERNS = {
    "age_band": "respondents aged {lower}",
    "sex": "{lower} respondents",
    "sexual_orientation": "{lower} respondents",
    "ethnic_group": "respondents whose ethnic group is {label}",
    "religion": "respondents whose religion is {label}",
    "first_language": "respondents whose first language is {label}",
}
NAMES = {
    ("disability", "yes"): "disabled respondents",
    ("disability", "no"): "respondents who are not disabled",
    ("trans_history", "yes"): "respondents whose gender is the sex registered at their birth",
    ("trans_history", "no"): "trans respondents (gender not the sex registered at birth)",
    ("sexual_orientation", "other-sexual-orientation"): "respondents of another sexual orientation",
    ("pregnancy_maternity", "yes"): "respondents who are pregnant or gave birth recently",
    (
        "pregnancy_maternity",
        "no",
    ): "respondents neither pregnant nor recently given birth",
    ("religion", "no-religion"): "respondents with no religion",
    ("religion", "any-other-religion"): "respondents of another religion or belief",
    ("first_language", "other"): "respondents with another first language",
}
TAG_NAMES = {
    "vawg": "violence against women and girls",
    "religion_belief": "religion or belief",
    "marriage_civil_partnership": "marriage and civil partnership",
    "pregnancy_maternity": "pregnancy and maternity",
    "homelessness_aggressive_begging": "homelessness and aggressive begging",
    "alcohol_substance_offending": "alcohol and substance-related offending",
    "gangs_youth_violence": "gangs and youth violence",
    "modern_slavery_trafficking": "modern slavery and trafficking",
    "child_to_adult_transition": "the move from children's to adults' services",
}


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
class TagBasis:
    """How many tagged answers the figures take from officers' decisions, and from the machine."""

    officer_answers: int
    machine_answers: int


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


@dataclass(frozen=True)
class Counts:
    """What the database counted for one consultation."""

    groups: dict[tuple[str, str], int]  # (question, value) -> respondents
    group_writers: dict[tuple[str, str], int]  # ... of them who wrote in their own words
    raised: dict[tuple[str, str, str], int]  # (question, value, tag) -> writers who raised it
    tag_totals: dict[str, int]  # tag -> respondents who raised it


def upper_first(text: str) -> str:
    """A name at the start of a sentence: only its first letter changes ("English" stays)."""
    return text[:1].upper() + text[1:]


def tag_name(tag: str) -> str:
    """A tag's label as it reads in a sentence: "harm reduction"."""
    return TAG_NAMES.get(tag, tag.replace("_", " "))


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
    writing = _writing_questions(flow, {q.id for q in asked})
    responses = _submitted(consultation)
    respondents = _count(session, responses)
    writers = _writers(responses, writing)
    raised = _raised(responses, writing, settings.family)
    counts = _counts(session, responses, [q.id for q in asked], writers, raised)
    total_writers = _count(session, writers)
    tags = sorted(counts.tag_totals, key=lambda t: (-counts.tag_totals[t], t))
    questions = [_question(flow, q, baseline, counts, total_writers, tags, settings) for q in asked]
    analysis = Analysis(
        consultation=consultation,
        respondents=respondents,
        writers=total_writers,
        baseline=baseline,
        settings=settings,
        tags=tags,
        basis=_basis(session, responses, writing, settings.family),
        questions=questions,
    )
    analysis.findings.extend(_findings(analysis))
    return analysis


# What the database counts


def _submitted(consultation: Consultation) -> Select:
    return select(Submission.id).where(
        Submission.consultation_id == consultation.id, Submission.status == "submitted"
    )


def _count(session: DatabaseSession, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _writing_questions(flow: surveys.Flow, monitoring: set[str]) -> list[str]:
    """Free-text questions about the consultation, not the monitoring ones' "Other" boxes."""
    return [
        q.id
        for q in flow.definition.questions
        if q.type is surveys.QuestionType.FREE_TEXT
        and q.id.removesuffix(OTHER_SUFFIX) not in monitoring
    ]


def _writers(responses: Select, writing: list[str]) -> Select:
    """The responses with something written in their own words."""
    return (
        select(Answer.submission_id)
        .where(
            Answer.submission_id.in_(responses),
            Answer.question_id.in_(writing),
            Answer.value.is_not(None),
            Answer.value != "",
        )
        .distinct()
    )


def _raised(responses: Select, writing: list[str], family: str) -> Select:
    """(response, tag) for every tag a response's answers carry, as officers decided it if
    they have, else as the machine suggested it."""
    decision = aliased(AnswerTag)
    decided = exists().where(
        decision.answer_id == AnswerTag.answer_id,
        decision.label == AnswerTag.label,
        decision.source == OFFICER,
    )
    return (
        select(Answer.submission_id.label("submission_id"), AnswerTag.label.label("tag"))
        .join(AnswerTag, AnswerTag.answer_id == Answer.id)
        .where(
            Answer.submission_id.in_(responses),
            Answer.question_id.in_(writing),
            AnswerTag.family == family,
            or_(
                and_(AnswerTag.source == OFFICER, AnswerTag.applies),
                and_(AnswerTag.source == MACHINE, ~decided),
            ),
        )
        .distinct()
    )


def _counts(
    session: DatabaseSession,
    responses: Select,
    questions: list[str],
    writers: Select,
    raised_query: Select,
) -> Counts:
    chosen = (
        select(
            Answer.submission_id.label("submission_id"),
            Answer.question_id.label("question"),
            Answer.value.label("value"),
        )
        .where(
            Answer.submission_id.in_(responses),
            Answer.question_id.in_(questions),
            Answer.value.is_not(None),
        )
        .subquery()
    )
    raised = raised_query.subquery()
    by_group = (chosen.c.question, chosen.c.value)
    groups = session.execute(select(*by_group, func.count()).group_by(*by_group))
    group_writers = session.execute(
        select(*by_group, func.count())
        .where(chosen.c.submission_id.in_(writers))
        .group_by(*by_group)
    )
    by_tag = (*by_group, raised.c.tag)
    raised_by_group = session.execute(
        select(*by_tag, func.count())
        .join(raised, raised.c.submission_id == chosen.c.submission_id)
        .group_by(*by_tag)
    )
    tag_totals = session.execute(select(raised.c.tag, func.count()).group_by(raised.c.tag))
    return Counts(
        groups={(q, v): n for q, v, n in groups},
        group_writers={(q, v): n for q, v, n in group_writers},
        raised={(q, v, t): n for q, v, t, n in raised_by_group},
        tag_totals={t: n for t, n in tag_totals},
    )


def _basis(
    session: DatabaseSession, responses: Select, writing: list[str], family: str
) -> TagBasis:
    """How many tagged answers have an officer's decision, and how many only the machine's."""
    decided = func.max(case((AnswerTag.source == OFFICER, 1), else_=0))
    per_answer = (
        select(AnswerTag.answer_id, decided.label("decided"))
        .join(Answer, Answer.id == AnswerTag.answer_id)
        .where(
            Answer.submission_id.in_(responses),
            Answer.question_id.in_(writing),
            AnswerTag.family == family,
        )
        .group_by(AnswerTag.answer_id)
        .subquery()
    )
    rows: dict[int, int] = dict(
        session.execute(
            select(per_answer.c.decided, func.count()).group_by(per_answer.c.decided)
        ).all()
    )
    return TagBasis(officer_answers=rows.get(1, 0), machine_answers=rows.get(0, 0))


# Shares, ratios and what is withheld


def _question(
    flow: surveys.Flow,
    question: surveys.Question,
    baseline: Baseline,
    counts: Counts,
    total_writers: int,
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
    context = _Context(question.id, options, found, hidden, plain.total is not None, denominator)
    comparisons = [
        _comparison(context, figure, settings)
        for figure in baseline.for_question(question.id)
        if figure.share is not None and figure.values
    ]
    groups, too_few = _theme_groups(context, baseline, counts, total_writers)
    held = _held_back(question.id, groups, counts)
    themes = [
        _group_themes(question.id, name, values, counts, total_writers, tags, held)
        for name, values in groups
    ]
    return QuestionResult(
        id=question.id,
        label=flow.text(question.label) or question.id,
        table=Table(rows, plain.total, plain.suppressed),
        leaves_out_unstated=leave_out and shares_shown,
        comparisons=comparisons,
        themes=themes,
        too_few=too_few,
    )


@dataclass(frozen=True)
class _Context:
    """One question's counts, as the comparisons and the groups need them."""

    question: str
    options: dict[str, str]
    found: dict[str, int]
    hidden: set[str]  # options whose counts are not shown
    total_shown: bool
    denominator: int

    def shown_sum(self, values: tuple[str, ...]) -> int | None:
        """A group's count, or None when showing it would give away a held-back count."""
        total = sum(self.found.get(v, 0) for v in values)
        inside = self.hidden & set(values)
        # A sum of held-back counts is safe only when the table's total gives it away anyway.
        if is_small(total) or (inside and not (self.total_shown and inside == self.hidden)):
            return None
        return total


def _comparison(context: _Context, figure: Figure, settings: Settings) -> Comparison:
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


def _theme_groups(
    context: _Context, baseline: Baseline, counts: Counts, total_writers: int
) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    """The groups whose themes can be compared: each option that names a group with enough
    writers (and enough outside it), then the baseline's groups of options; and the others."""
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
    groups: list[tuple[str, tuple[str, ...]]] = [(_name(context, (v,)), (v,)) for v in shown]
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


def _name(context: _Context, values: tuple[str, ...], label: str = "") -> str:
    return group_name(context.question, values, label, context.options)


def _held_back(
    question: str, groups: list[tuple[str, tuple[str, ...]]], counts: Counts
) -> set[tuple[str, str]]:
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
    total_writers: int,
    tags: list[str],
    held: set[tuple[str, str]],
) -> GroupThemes:
    writers = sum(counts.group_writers.get((question, v), 0) for v in values)
    others = total_writers - writers
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


def _findings(analysis: Analysis) -> Iterator[Finding]:
    """The groups that raised a tag notably more or less often than everyone else, the
    largest differences first."""
    notable = analysis.settings.notable_ratio
    found = [
        Finding(group.name, cell.tag, cell.share, cell.others_share, cell.ratio)
        for question in analysis.questions
        for group in question.themes
        for cell in group.cells
        if cell.ratio is not None
        and cell.share is not None
        and cell.others_share is not None
        and (cell.ratio >= notable or cell.ratio <= 1 / notable)
    ]
    found.sort(key=lambda f: -max(f.ratio, 1 / f.ratio) if f.ratio else -float("inf"))
    yield from found[:MOST_FINDINGS]


def group_name(question: str, values: tuple[str, ...], label: str, options: dict[str, str]) -> str:
    """A group as a sentence names it: "disabled respondents"."""
    if len(values) == 1:
        value = values[0]
        if (question, value) in NAMES:
            return NAMES[question, value]
        text = options.get(value, label)
        pattern = NAME_PATTERNS.get(question, "respondents who answered ‘{label}’")
        return pattern.format(label=text, lower=text[0].lower() + text[1:])
    return f"respondents in the group ‘{label}’"


# The export


EXPORT_COLUMNS = (
    "Part",
    "Question",
    "Group",
    "Tag",
    "Count",
    "Share (%)",
    "Compared with (%)",
    "Ratio",
    "Note",
    "Source",
)


def export(analysis: Analysis, made: datetime) -> Export:
    """The analysis as one table, with a header that says what it is and how it was made."""
    consultation = analysis.consultation
    basis = analysis.basis
    return Export(
        title="Equalities analysis",
        generated_at=made,
        columns=EXPORT_COLUMNS,
        rows=list(_export_rows(analysis)),
        details=[
            ("Consultation", consultation.title),
            ("Responses", f"{analysis.respondents:,}"),
            ("Population baseline", analysis.baseline.description),
            ("Tags", FAMILIES[analysis.settings.family]),
            (
                "Tags counted",
                f"Officers' decisions on {basis.officer_answers:,} answers; "
                f"the machine's suggestions on {basis.machine_answers:,}",
            ),
            (
                "Under-represented",
                f"Ratio below {analysis.settings.under_represented_below:g}",
            ),
            ("Filters", f"Tag family: {analysis.settings.family}"),
        ],
        suppressed=True,
    )


def _percent(share: float | None) -> float | str:
    return round(share * 100, 1) if share is not None else ""


def _export_rows(analysis: Analysis) -> Iterator[list[str | int | float | None]]:
    for question in analysis.questions:
        for row in question.table.rows:
            yield [
                "Who responded", question.label, row.label, "", row.count_text,
                _percent(row.share), "", "", "", "",
            ]  # fmt: skip
        for c in question.comparisons:
            yield [
                "Beside the population", question.label, c.label, "", c.count_text,
                _percent(c.share), _percent(c.figure.share),
                round(c.ratio, 2) if c.ratio is not None else "",
                "We heard less" if c.under_represented else "", c.figure.source,
            ]  # fmt: skip
        for group in question.themes:
            for cell in group.cells:
                yield [
                    "What they raised", question.label, group.name, tag_name(cell.tag),
                    cell.raised_text if cell.raised is None else cell.raised,
                    _percent(cell.share), _percent(cell.others_share),
                    round(cell.ratio, 2) if cell.ratio is not None else "",
                    f"Of the {group.writers_text} who wrote in their own words", "",
                ]  # fmt: skip


def record_export(
    session: DatabaseSession, actor: User, analysis: Analysis, file_format: str
) -> None:
    """Write the export of an analysis to the audit log: its format and tag family only."""
    audit.record(
        session,
        actor,
        audit.EQUALITIES_EXPORTED,
        "consultation",
        analysis.consultation.id,
        detail=f"{file_format}, {analysis.settings.family}",
    )
