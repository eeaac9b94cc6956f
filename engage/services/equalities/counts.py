"""What the database counts for a consultation's equalities analysis, and one question's
counts as the figures use them.

Every count is a GROUP BY in the database; Python only puts the rows into dictionaries. Tags
count as officers decided them where an officer has, and as the machine suggested them
everywhere else.
"""

from dataclasses import dataclass

from sqlalchemy import (
    CTE,
    ColumnElement,
    TextClause,
    and_,
    case,
    exists,
    func,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import aliased

import surveys
from engage.domain import SubmissionStatus
from engage.models import SHORT_VALUE, Answer, AnswerTag, Consultation, Submission
from engage.services import DatabaseSession
from engage.services.insight.tagging import MACHINE, OFFICER
from engage.services.suppression import is_small

OTHER_SUFFIX = "_other"


@dataclass(frozen=True)
class Counts:
    """What the database counted for one consultation."""

    respondents: int  # submitted responses
    writers: int  # ... of them with something written in their own words
    groups: dict[tuple[str, str], int]  # (question, value) -> respondents
    group_writers: dict[tuple[str, str], int]  # ... of them who wrote in their own words
    raised: dict[tuple[str, str, str], int]  # (question, value, tag) -> writers who raised it
    tag_totals: dict[str, int]  # tag -> respondents who raised it


@dataclass(frozen=True)
class TagBasis:
    """How many tagged answers the figures take from officers' decisions, and from the machine."""

    officer_answers: int
    machine_answers: int


@dataclass(frozen=True)
class QuestionCounts:
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


def writing_questions(flow: surveys.Flow, monitoring: set[str]) -> list[str]:
    """Free-text questions about the consultation, not the monitoring ones' "Other" boxes."""
    return [
        q.id
        for q in flow.definition.questions
        if q.type is surveys.QuestionType.FREE_TEXT
        and q.id.removesuffix(OTHER_SUFFIX) not in monitoring
    ]


def count_groups(
    session: DatabaseSession,
    consultation: Consultation,
    questions: list[str],
    writing: list[str],
    family: str,
) -> Counts:
    """The respondents, the writers, and each monitoring group's respondents, writers and tags."""
    everyone, groups, group_writers = _groups(session, consultation, questions, writing)
    tag_totals, raised = _tags(session, consultation, questions, writing, family)
    return Counts(
        respondents=everyone[0],
        writers=everyone[1],
        groups=groups,
        group_writers=group_writers,
        raised=raised,
        tag_totals=tag_totals,
    )


def _groups(
    session: DatabaseSession, consultation: Consultation, questions: list[str], writing: list[str]
) -> tuple[tuple[int, int], dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """(respondents, writers), and by (question, value) the respondents and the writers: one
    statement, whose first row (question NULL) is everyone."""
    responses = _responses(consultation, writing)
    everyone = select(null(), null(), func.count(), func.sum(responses.c.wrote))
    by_group = (
        select(Answer.question_id, Answer.value, func.count(), func.sum(responses.c.wrote))
        .join(responses, _of_response(responses.c.id))
        .where(*_chosen(questions))
        .group_by(Answer.question_id, Answer.value)
    )
    respondents, writers = 0, 0
    groups: dict[tuple[str, str], int] = {}
    group_writers: dict[tuple[str, str], int] = {}
    question: str | None
    value: str
    n: int
    wrote: int | None
    for question, value, n, wrote in session.execute(union_all(everyone, by_group)):
        if question is None:
            respondents, writers = n, wrote or 0
        else:
            groups[question, value] = n
            group_writers[question, value] = wrote or 0
    return (respondents, writers), groups, group_writers


def _tags(
    session: DatabaseSession,
    consultation: Consultation,
    questions: list[str],
    writing: list[str],
    family: str,
) -> tuple[dict[str, int], dict[tuple[str, str, str], int]]:
    """Respondents who raised each tag, in all and by (question, value, tag): one statement,
    whose rows with no question are the totals."""
    raised = _raised(consultation, writing, family)
    totals = select(null(), null(), raised.c.tag, func.count()).group_by(raised.c.tag)
    by_group = (
        select(Answer.question_id, Answer.value, raised.c.tag, func.count())
        .join(raised, _of_response(raised.c.submission_id))
        .where(*_chosen(questions))
        .group_by(Answer.question_id, Answer.value, raised.c.tag)
    )
    tag_totals: dict[str, int] = {}
    by_tag: dict[tuple[str, str, str], int] = {}
    for question, value, tag, n in session.execute(union_all(totals, by_group)):
        if question is None:
            tag_totals[tag] = n
        else:
            by_tag[question, value, tag] = n
    return tag_totals, by_tag


def _chosen(questions: list[str]) -> tuple[ColumnElement[bool] | TextClause, ...]:
    """The monitoring answers, read from the index of short values alone (options are short)."""
    return (Answer.question_id.in_(questions), Answer.value.is_not(None), text(SHORT_VALUE))


def _of_response(submission_id: ColumnElement[int]) -> ColumnElement[bool]:
    # "+ 0" keeps SQLite from looking each response's answers up in the table: it reads the
    # monitoring answers from their index and looks each one's response up instead.
    return submission_id == Answer.submission_id + 0


def tag_basis(
    session: DatabaseSession, consultation: Consultation, writing: list[str], family: str
) -> TagBasis:
    """How many tagged answers have an officer's decision, and how many only the machine's."""
    decided = func.max(case((AnswerTag.source == OFFICER, 1), else_=0))
    per_answer = (
        select(AnswerTag.answer_id, decided.label("decided"))
        .join(Answer, Answer.id == AnswerTag.answer_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(
            _submitted(consultation),
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


def _submitted(consultation: Consultation) -> ColumnElement[bool]:
    """The condition on `Submission` that picks a consultation's submitted responses."""
    return and_(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.SUBMITTED,
    )


def _responses(consultation: Consultation, writing: list[str]) -> CTE:
    """Each submitted response, and 1 if it has something written in its own words, else 0."""
    written = aliased(Answer)
    wrote = exists().where(
        written.submission_id == Submission.id,
        written.question_id.in_(writing),
        written.value.is_not(None),
        written.value != "",
    )
    return (
        select(Submission.id.label("id"), case((wrote, 1), else_=0).label("wrote"))
        .where(_submitted(consultation))
        .cte("responses")
    )


def _raised(consultation: Consultation, writing: list[str], family: str) -> CTE:
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
        .join(Submission, Submission.id == Answer.submission_id)
        .where(
            _submitted(consultation),
            Answer.question_id.in_(writing),
            AnswerTag.family == family,
            or_(
                and_(AnswerTag.source == OFFICER, AnswerTag.applies),
                and_(AnswerTag.source == MACHINE, ~decided),
            ),
        )
        .distinct()
        .cte("raised")
    )
