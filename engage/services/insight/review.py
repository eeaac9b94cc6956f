"""Officers reviewing the machine's tags: the answers to read, decisions, and agreement.

An officer's review of an answer is a decision on every label, kept beside the machine's
suggestions (which stay): who decided, when, and whether each label applies. How often the
machine agrees with those decisions, label by label, tells the partnership how far to trust
its suggestions where nobody has reviewed.
"""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import case, delete, exists, func, select
from sqlalchemy.orm import aliased

from engage import clock
from engage.label_names import FAMILIES, family_of, labels_of
from engage.models import Answer, AnswerTag, Consultation, Form, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.insight.tagging import MACHINE, OFFICER, free_text_questions
from engage.services.insight.themes import AnswerFilters, answers_matching

PER_PAGE = 20

# Each answer with its response's reference and the version of the form the response answered.
ANSWERS_WITH_VERSIONS = (
    select(Answer, Submission.reference, Form.version)
    .join(Submission, Answer.submission_id == Submission.id)
    .join(Form, Submission.form_id == Form.id)
)


@dataclass(frozen=True)
class ShownAnswer:
    """A free-text answer as an officer reads it, evidence marked."""

    id: int
    reference: str
    version: int  # of the form the response answered
    question_id: str
    segments: list[tuple[str, bool]]  # (text, is evidence)
    suggested: list[str]
    decided: dict[str, bool]  # label: applies; empty until reviewed


@dataclass(frozen=True)
class AnswerPage:
    answers: list[ShownAnswer]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class LabelAgreement:
    label: str
    family: str
    agreed: int  # suggested, and officers said it applies
    wrongly_suggested: int
    missed: int

    @property
    def precision(self) -> float | None:
        suggested = self.agreed + self.wrongly_suggested
        return self.agreed / suggested if suggested else None

    @property
    def recall(self) -> float | None:
        applies = self.agreed + self.missed
        return self.agreed / applies if applies else None


@dataclass(frozen=True)
class Agreement:
    reviewed: int
    answers: int
    labels: list[LabelAgreement]

    @property
    def share_reviewed(self) -> float:
        return self.reviewed / self.answers if self.answers else 0.0


def answer_page(
    session: DatabaseSession,
    consultation: Consultation,
    filters: AnswerFilters,
    page: int = 1,
) -> AnswerPage:
    """One page of the answers that pass the filters, newest first."""
    matching = answers_matching(consultation, filters)
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    rows = session.execute(
        ANSWERS_WITH_VERSIONS.where(Answer.id.in_(matching))
        .order_by(Answer.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    tags = _tags_of(session, [answer.id for answer, _, _ in rows])
    shown = [
        _shown(answer, str(reference), version, tags.get(answer.id, []), filters)
        for answer, reference, version in rows
    ]
    return AnswerPage(shown, page, pages, total)


def find_answer(
    session: DatabaseSession, consultation: Consultation, answer_id: int
) -> ShownAnswer | None:
    """One submitted free-text answer of the consultation, for review."""
    matching = answers_matching(consultation, AnswerFilters())
    row = session.execute(
        ANSWERS_WITH_VERSIONS.where(Answer.id == answer_id, Answer.id.in_(matching))
    ).first()
    if row is None:
        return None
    answer, reference, version = row
    tags = _tags_of(session, [answer.id]).get(answer.id, [])
    return _shown(answer, str(reference), version, tags, AnswerFilters())


def decide(session: DatabaseSession, answer_id: int, applying: set[str], officer: User) -> None:
    """Record an officer's decision on every label for one answer, replacing any earlier one."""
    session.execute(
        delete(AnswerTag).where(AnswerTag.answer_id == answer_id, AnswerTag.source == OFFICER)
    )
    now = clock.now()
    for family in FAMILIES:
        for label in labels_of(family):
            session.add(
                AnswerTag(
                    answer_id=answer_id,
                    family=family,
                    label=label,
                    source=OFFICER,
                    applies=label in applying,
                    user_id=officer.id,
                    created_at=now,
                )
            )
    detail = f"{len(applying)} labels apply"
    audit.record(session, officer, audit.TAG_DECIDED, "answer", answer_id, detail)
    session.flush()


def agreement(session: DatabaseSession, consultation: Consultation) -> Agreement:
    """How many answers officers reviewed, and per label how the machine fared against them."""
    answers = answers_matching(consultation, AnswerFilters())
    total = session.scalar(select(func.count()).select_from(answers.subquery())) or 0
    reviewed = session.scalar(
        select(func.count(func.distinct(AnswerTag.answer_id))).where(
            AnswerTag.source == OFFICER, AnswerTag.answer_id.in_(answers)
        )
    )
    machine = aliased(AnswerTag)
    suggested = case(
        (
            exists().where(
                machine.answer_id == AnswerTag.answer_id,
                machine.label == AnswerTag.label,
                machine.source == MACHINE,
            ),
            1,
        ),
        else_=0,
    )
    rows = session.execute(
        select(AnswerTag.label, AnswerTag.applies, suggested, func.count())
        .where(AnswerTag.source == OFFICER, AnswerTag.answer_id.in_(answers))
        .group_by(AnswerTag.label, AnswerTag.applies, suggested)
    )
    tallies: dict[str, list[int]] = {}
    for label, applies, was_suggested, count in rows:
        tally = tallies.setdefault(label, [0, 0, 0])
        if applies and was_suggested:
            tally[0] += count
        elif was_suggested:
            tally[1] += count
        elif applies:
            tally[2] += count
    labels = [
        LabelAgreement(label, family, *tallies.get(label, [0, 0, 0]))
        for family in FAMILIES
        for label in labels_of(family)
    ]
    return Agreement(reviewed or 0, total, labels)


def tagged_answers(session: DatabaseSession, submission: Submission) -> list[ShownAnswer]:
    """A submission's free-text answers with the machine's tags, evidence marked."""
    questions = free_text_questions(submission.form)
    answers = [a for a in submission.answers if a.question_id in questions and a.value]
    tags = _tags_of(session, [answer.id for answer in answers])
    return [
        _shown(
            answer,
            submission.reference or "",
            submission.form.version,
            tags.get(answer.id, []),
            AnswerFilters(),
        )
        for answer in answers
    ]


def _tags_of(session: DatabaseSession, answer_ids: list[int]) -> dict[int, list[AnswerTag]]:
    found: dict[int, list[AnswerTag]] = {}
    for tag in session.scalars(select(AnswerTag).where(AnswerTag.answer_id.in_(answer_ids))):
        found.setdefault(tag.answer_id, []).append(tag)
    return found


def _shown(
    answer: Answer, reference: str, version: int, tags: list[AnswerTag], filters: AnswerFilters
) -> ShownAnswer:
    machine = [t for t in tags if t.source == MACHINE]
    spans = [
        span
        for t in machine
        if not filters.tag or t.label == filters.tag
        for span in (t.evidence or [])
    ]
    return ShownAnswer(
        id=answer.id,
        reference=reference,
        version=version,
        question_id=answer.question_id,
        segments=marked(answer.value or "", spans),
        suggested=[t.label for t in machine if family_of(t.label)],
        decided={t.label: t.applies for t in tags if t.source == OFFICER},
    )


def marked(text: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """The text cut into pieces, each saying whether it is evidence; overlaps merged."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= position:
            continue
        start = max(start, position)
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
