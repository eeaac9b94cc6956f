"""What residents said, by theme: tag counts and the answers behind them, under filters.

Counts come in three kinds, and every page says which it shows: the machine's suggestions;
officers' decisions where an answer has been reviewed, with suggestions elsewhere; or only
what officers have confirmed. The filters combine, and read from and write to a URL query, so
an officer can share a view with a colleague.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, union_all
from sqlalchemy.orm import aliased

from engage.domain import SubmissionStatus
from engage.label_names import FAMILIES, labels_of, name_of
from engage.models import Answer, AnswerTag, Consultation, Submission, TextAnalysis
from engage.services import DatabaseSession
from engage.services.insight.tagging import MACHINE, OFFICER, free_text_questions
from engage.services.suppression import Table, suppress_table

SOURCES = {
    "reviewed": "Officers’ decisions where reviewed, machine suggestions elsewhere",
    "suggested": "Machine suggestions only",
    "confirmed": "Confirmed by officers only",
}
SENTIMENTS = {"negative": "Negative", "neutral": "Neutral", "positive": "Positive"}
NEUTRAL_BAND = 0.1  # polarity within ±0.1 reads as neutral


@dataclass(frozen=True)
class AnswerFilters:
    """Which free-text answers to count or list. Empty means any."""

    source: str = "reviewed"
    question: str = ""
    tag: str = ""
    ward: str = ""
    channel: str = ""
    sentiment: str = ""
    group: str = ""  # a monitoring answer, "question_id:value", e.g. "disability:yes"
    search: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "AnswerFilters":
        """Filters from a URL query; unknown values are dropped, never an error."""
        values = {f.name: str(query.get(f.name, "")).strip()[:200] for f in fields(cls)}
        if values["source"] not in SOURCES:
            values["source"] = "reviewed"
        if values["sentiment"] not in SENTIMENTS:
            values["sentiment"] = ""
        if values["group"] and ":" not in values["group"]:
            values["group"] = ""
        return cls(**values)

    def to_query(self, **changes: str) -> dict[str, str]:
        """The URL query for these filters, with some changed; empty ones left out."""
        values = {**asdict(self), **changes}
        return {name: value for name, value in values.items() if value}

    def described(self) -> list[tuple[str, str]]:
        """The filters in words, for an export's header."""
        shown = [("Tags counted", SOURCES[self.source])]
        names = {"question": "Question", "tag": "Tag", "ward": "Ward", "channel": "Channel"}
        names |= {"sentiment": "Sentiment", "group": "Respondents", "search": "Words"}
        for name, title in names.items():
            value = getattr(self, name)
            if value:
                shown.append((title, name_of(value) if name == "tag" else value))
        return shown


def effective_tags(source: str) -> Select:
    """(answer_id, family, label) for each label that holds for an answer, by `source`."""
    officer = aliased(AnswerTag)
    decided = select(AnswerTag.answer_id, AnswerTag.family, AnswerTag.label).where(
        AnswerTag.source == OFFICER, AnswerTag.applies.is_(True)
    )
    suggested = select(AnswerTag.answer_id, AnswerTag.family, AnswerTag.label).where(
        AnswerTag.source == MACHINE
    )
    if source == "suggested":
        return suggested
    if source == "confirmed":
        return decided
    undecided = suggested.where(
        ~exists().where(
            officer.answer_id == AnswerTag.answer_id,
            officer.label == AnswerTag.label,
            officer.source == OFFICER,
        )
    )
    return select(union_all(decided, undecided).subquery())


def answers_matching(consultation: Consultation, filters: AnswerFilters) -> Select:
    """The ids of the consultation's submitted free-text answers that pass the filters."""
    questions = free_text_questions(consultation.form)
    if filters.question:
        questions &= {filters.question}
    query = (
        select(Answer.id)
        .join(Submission, Answer.submission_id == Submission.id)
        .where(
            Submission.consultation_id == consultation.id,
            Submission.status == SubmissionStatus.SUBMITTED,
            Answer.question_id.in_(questions),
            Answer.value.is_not(None),
        )
    )
    return _narrowed(query, filters)


def theme_counts(
    session: DatabaseSession, consultation: Consultation, filters: AnswerFilters, suppress: bool
) -> tuple[int, dict[str, Table]]:
    """How many answers pass the filters, and per family how many carry each label."""
    answers = answers_matching(consultation, filters)
    total = session.scalar(select(func.count()).select_from(answers.subquery())) or 0
    tags = effective_tags(filters.source).subquery()
    counted = session.execute(
        select(tags.c.label, func.count(func.distinct(tags.c.answer_id)))
        .where(tags.c.answer_id.in_(answers))
        .group_by(tags.c.label)
    )
    by_label: dict[str, int] = {label: n for label, n in counted}
    tables = {
        family: suppress_table(
            [(label, by_label.get(label, 0)) for label in labels_of(family)],
            total,
            additive=False,
            suppress=suppress,
        )
        for family in FAMILIES
    }
    return total, tables


def _narrowed(query: Select, filters: AnswerFilters) -> Select:
    if filters.channel:
        query = query.where(Submission.channel == filters.channel)
    if filters.ward:
        query = query.where(_has_answer("ward", filters.ward))
    if filters.group:
        question_id, _, value = filters.group.partition(":")
        query = query.where(_has_answer(question_id, value))
    if filters.search:
        query = query.where(Answer.value.ilike(f"%{_escaped(filters.search)}%", escape="\\"))
    if filters.sentiment:
        query = query.where(Answer.id.in_(_with_sentiment(filters.sentiment)))
    if filters.tag:
        tags = effective_tags(filters.source).subquery()
        tagged = select(tags.c.answer_id).where(tags.c.label == filters.tag)
        query = query.where(Answer.id.in_(tagged))
    return query


def _has_answer(question_id: str, value: str) -> ColumnElement[bool]:
    """The response also gave this answer (its ward, a monitoring group)."""
    other = aliased(Answer)
    return exists().where(
        other.submission_id == Submission.id,
        other.question_id == question_id,
        other.value == value,
    )


def _with_sentiment(sentiment: str) -> Select:
    polarity = TextAnalysis.polarity
    condition = {
        "negative": polarity < -NEUTRAL_BAND,
        "positive": polarity > NEUTRAL_BAND,
        "neutral": and_(polarity >= -NEUTRAL_BAND, polarity <= NEUTRAL_BAND),
    }[sentiment]
    return select(TextAnalysis.answer_id).where(condition)


def _escaped(words: str) -> str:
    """Typed words matched literally: % and _ are not wildcards here."""
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
