"""A consultation's results at a glance: responses over time, by channel and ward, and the
counts of every choice and scale question. The database counts; Python only labels."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select, text

import surveys
from engage.domain import SubmissionStatus
from engage.models import SHORT_VALUE, Answer, Consultation, Form, Submission
from engage.services import DatabaseSession
from engage.services.forms import definition_of, flow_for
from engage.services.suppression import Table, suppress_table
from engage.wording import channel_name

CHART_TYPES = {
    surveys.QuestionType.SINGLE_CHOICE,
    surveys.QuestionType.SCALE,
    surveys.QuestionType.WARD,
    surveys.QuestionType.YES_NO,
    surveys.QuestionType.CONSENT,
    surveys.QuestionType.MULTIPLE_CHOICE,
}


@dataclass(frozen=True)
class QuestionChart:
    """One choice question's counts, ready to draw."""

    question_id: str
    label: str
    table: Table


@dataclass(frozen=True)
class VersionAnswered:
    """One version of the form that responses answered, and how it differs from the one
    answered before it (None for the first)."""

    version: int
    responses: int
    differences: surveys.Differences | None


@dataclass(frozen=True)
class Overview:
    responses: int
    weeks: Table  # responses a week, by the week's Monday
    channels: Table
    wards: Table | None
    questions: list[QuestionChart]
    versions: list[VersionAnswered]


def submitted(consultation: Consultation) -> ColumnElement[bool]:
    """The condition on `Submission` that picks a consultation's submitted responses."""
    return and_(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.SUBMITTED,
    )


def overview(session: DatabaseSession, consultation: Consultation, suppress: bool) -> Overview:
    """Everything the overview page shows."""
    flow = flow_for(consultation.form)
    responses = session.scalar(select(func.count(Submission.id)).where(submitted(consultation)))
    charted = [q for q in flow.definition.questions if q.type in CHART_TYPES]
    values, answered = _answer_counts(session, consultation, charted)
    charts = [
        QuestionChart(
            q.id, flow.text(q.label) or q.id, _question_table(flow, q, values, answered, suppress)
        )
        for q in charted
        if q.id in answered
    ]
    ward = next((c for c in charts if c.question_id == "ward"), None)
    return Overview(
        responses=responses or 0,
        weeks=suppress_table(_weeks(session, consultation), responses or 0, True, suppress),
        channels=_channels(session, consultation, responses or 0, suppress),
        wards=ward.table if ward else None,
        questions=[c for c in charts if c.question_id != "ward"],
        versions=versions_answered(session, consultation),
    )


def versions_answered(
    session: DatabaseSession, consultation: Consultation
) -> list[VersionAnswered]:
    """The versions of the form the consultation's responses answered, oldest first."""
    rows = session.execute(
        select(Submission.form_id, func.count())
        .where(submitted(consultation))
        .group_by(Submission.form_id)
    ).all()
    forms = sorted(
        ((session.get_one(Form, form_id), count) for form_id, count in rows),
        key=lambda pair: pair[0].version,
    )
    answered: list[VersionAnswered] = []
    before: surveys.FormDefinition | None = None
    for form, count in forms:
        definition = definition_of(form)
        differences = surveys.compare_definitions(before, definition) if before else None
        answered.append(VersionAnswered(form.version, count, differences))
        before = definition
    return answered


def _answer_counts(
    session: DatabaseSession, consultation: Consultation, questions: list[surveys.Question]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Per question, how many chose each value; and how many answered it at all.

    Only choice questions are counted (free text would make a group of every answer), from
    the index of short values alone. A respondent's first value of a question is stored at
    position 0, so counting those counts the respondents, for a multiple choice too.
    """
    first = func.sum(case((Answer.position == 0, 1), else_=0))
    rows = session.execute(
        select(Answer.question_id, Answer.value, func.count(), first)
        .join(Submission, Answer.submission_id == Submission.id)
        .where(
            submitted(consultation),
            Answer.question_id.in_([q.id for q in questions]),
            text(SHORT_VALUE),  # choices are short: counted from the index of short values
        )
        .group_by(Answer.question_id, Answer.value)
    )
    values: dict[str, dict[str, int]] = defaultdict(dict)
    answered: dict[str, int] = defaultdict(int)
    for question_id, value, count, firsts in rows:
        values[question_id][str(value)] = count
        answered[question_id] += firsts or 0
    return values, dict(answered)


def _question_table(
    flow: surveys.Flow,
    question: surveys.Question,
    values: dict[str, dict[str, int]],
    answered: dict[str, int],
    suppress: bool,
) -> Table:
    counts = values.get(question.id, {})
    if question.type in (surveys.QuestionType.YES_NO, surveys.QuestionType.CONSENT):
        options = [("yes", "Yes"), ("no", "No")]
    else:
        options = [(o.value, flow.text(o.label) or o.value) for o in question.options]
    known = {value for value, _ in options}
    others = sum(n for value, n in counts.items() if value not in known)
    rows = [(label, counts.get(value, 0)) for value, label in options]
    if others:
        rows.append(("Other (in their own words)", others))
    additive = question.type is not surveys.QuestionType.MULTIPLE_CHOICE
    return suppress_table(rows, answered.get(question.id, 0), additive, suppress)


def _channels(
    session: DatabaseSession, consultation: Consultation, responses: int, suppress: bool
) -> Table:
    rows = session.execute(
        select(Submission.channel, func.count())
        .where(submitted(consultation))
        .group_by(Submission.channel)
        .order_by(Submission.channel)
    )
    return suppress_table([(channel_name(c), n) for c, n in rows], responses, True, suppress)


def _weeks(session: DatabaseSession, consultation: Consultation) -> list[tuple[str, int]]:
    """Responses a week, from the first week with any to the last, empty weeks included."""
    day = func.date(Submission.submitted_at)
    by_day = session.execute(
        select(day, func.count()).where(submitted(consultation)).group_by(day)
    ).all()
    if not by_day:
        return []
    weeks: dict[date, int] = defaultdict(int)
    for when, count in by_day:
        moment = when if isinstance(when, date) else date.fromisoformat(str(when))
        weeks[moment - timedelta(days=moment.weekday())] += count
    first, last = min(weeks), max(weeks)
    span = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    return [(f"{monday.day} {monday:%b %Y}", weeks.get(monday, 0)) for monday in span]
