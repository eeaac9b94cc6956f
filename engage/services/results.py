"""A consultation's results at a glance: responses over time, by channel and ward, and the
counts of every choice and scale question. The database counts; Python only labels."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

import surveys
from engage.display import channel_name
from engage.models import Answer, Consultation, Submission
from engage.services import DatabaseSession
from engage.services.forms import flow_for
from engage.services.suppression import Table, suppress_table

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
class Overview:
    responses: int
    weeks: list[tuple[str, int]]  # (week beginning, responses)
    channels: Table
    wards: Table | None
    questions: list[QuestionChart]


def submitted(consultation: Consultation) -> Select:
    """The ids of a consultation's submitted responses, as a subquery to count within."""
    return select(Submission.id).where(
        Submission.consultation_id == consultation.id, Submission.status == "submitted"
    )


def overview(session: DatabaseSession, consultation: Consultation, suppress: bool) -> Overview:
    """Everything the overview page shows."""
    flow = flow_for(consultation.form)
    responses = session.scalar(select(func.count()).select_from(submitted(consultation).subquery()))
    values, answered = _answer_counts(session, consultation)
    charts = [
        QuestionChart(
            q.id, flow.text(q.label) or q.id, _question_table(flow, q, values, answered, suppress)
        )
        for q in flow.definition.questions
        if q.type in CHART_TYPES and q.id in answered
    ]
    ward = next((c for c in charts if c.question_id == "ward"), None)
    return Overview(
        responses=responses or 0,
        weeks=_weeks(session, consultation),
        channels=_channels(session, consultation, responses or 0, suppress),
        wards=ward.table if ward else None,
        questions=[c for c in charts if c.question_id != "ward"],
    )


def _answer_counts(
    session: DatabaseSession, consultation: Consultation
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Per question, how many chose each value; and how many answered it at all."""
    responses = submitted(consultation)
    values: dict[str, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(Answer.question_id, Answer.value, func.count())
        .where(Answer.submission_id.in_(responses), Answer.value.is_not(None))
        .group_by(Answer.question_id, Answer.value)
    )
    for question_id, value, count in rows:
        values[question_id][str(value)] = count
    answered = dict(
        session.execute(
            select(Answer.question_id, func.count(func.distinct(Answer.submission_id)))
            .where(Answer.submission_id.in_(responses), Answer.value.is_not(None))
            .group_by(Answer.question_id)
        ).all()
    )
    return values, answered


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
        .where(Submission.id.in_(submitted(consultation)))
        .group_by(Submission.channel)
        .order_by(Submission.channel)
    )
    return suppress_table([(channel_name(c), n) for c, n in rows], responses, True, suppress)


def _weeks(session: DatabaseSession, consultation: Consultation) -> list[tuple[str, int]]:
    """Responses a week, from the first week with any to the last, empty weeks included."""
    day = func.date(Submission.submitted_at)
    by_day = session.execute(
        select(day, func.count()).where(Submission.id.in_(submitted(consultation))).group_by(day)
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
