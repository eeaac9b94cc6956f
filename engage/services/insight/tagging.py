"""The machine's reading of free-text answers: tags with their evidence, sentiment and flags.

Every free-text answer is tagged when its submission is stored, and again by `retag` after the
lexicons change. The machine's rows (source "machine") are replaced on retagging; officers'
decisions (source "officer") are never touched here.
"""

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import delete, select

import analysis
import surveys
from engage import clock
from engage.domain import SubmissionStatus
from engage.models import Answer, AnswerTag, Form, Submission, TextAnalysis
from engage.services import DatabaseSession
from engage.services.forms import flow_for

log = logging.getLogger(__name__)

MACHINE = "machine"
OFFICER = "officer"
BATCH_SIZE = 500


def tag_submission(session: DatabaseSession, submission: Submission) -> int:
    """Tag a stored submission's free-text answers; return how many were tagged."""
    questions = free_text_questions(submission.form)
    answers = [a for a in submission.answers if a.question_id in questions and a.value]
    _store(session, answers)
    return len(answers)


def retag_all(
    session: DatabaseSession,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] = lambda _: None,
) -> int:
    """Tag every submitted free-text answer again, a batch at a time; return how many."""
    done = 0
    for batch in _batches(session, batch_size):
        _store(session, batch)
        session.commit()
        done += len(batch)
        progress(len(batch))
    log.info("%s answers retagged", done)
    return done


def count_free_text_answers(session: DatabaseSession) -> int:
    """How many submitted free-text answers there are to tag."""
    return sum(len(ids) for ids in _answer_ids_by_form(session))


def free_text_questions(form: Form) -> set[str]:
    """The ids of a form's questions answered in the resident's own words."""
    definition = flow_for(form).definition
    return {q.id for q in definition.questions if q.type is surveys.QuestionType.FREE_TEXT}


def _store(session: DatabaseSession, answers: Sequence[Answer]) -> None:
    """Replace the machine's reading of these answers with a fresh one."""
    if not answers:
        return
    ids = [a.id for a in answers]
    session.execute(
        delete(AnswerTag).where(AnswerTag.answer_id.in_(ids), AnswerTag.source == MACHINE)
    )
    session.execute(delete(TextAnalysis).where(TextAnalysis.answer_id.in_(ids)))
    now = clock.now()
    for answer, tags in zip(
        answers, analysis.tag_many(a.value or "" for a in answers), strict=True
    ):
        session.add(_analysis_row(answer.id, tags, now))
        session.add_all(_tag_rows(answer.id, tags, now))
    session.flush()


def _analysis_row(answer_id: int, tags: analysis.Tags, now: datetime) -> TextAnalysis:
    return TextAnalysis(
        answer_id=answer_id,
        polarity=tags.sentiment.polarity,
        subjectivity=tags.sentiment.subjectivity,
        urgent=tags.urgent,
        language=tags.language,
        needs_translation=tags.needs_translation,
        analysed_at=now,
    )


def _tag_rows(answer_id: int, tags: analysis.Tags, now: datetime) -> Iterator[AnswerTag]:
    families = (
        ("priority", tags.priorities),
        ("theme", tags.themes),
        ("characteristic", tags.characteristics),
    )
    for family, labels in families:
        for label in labels:
            yield AnswerTag(
                answer_id=answer_id,
                family=family,
                label=label,
                source=MACHINE,
                evidence=[list(span) for span in tags.evidence.get(label, [])],
                created_at=now,
            )


def _batches(session: DatabaseSession, batch_size: int) -> Iterator[list[Answer]]:
    for ids in _answer_ids_by_form(session):
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            yield list(session.scalars(select(Answer).where(Answer.id.in_(chunk))))


def _answer_ids_by_form(session: DatabaseSession) -> Iterator[list[int]]:
    """For each form, the ids of its submitted free-text answers that have some text."""
    for form in session.scalars(select(Form).order_by(Form.id)):
        questions = free_text_questions(form)
        if not questions:
            continue
        yield list(
            session.scalars(
                select(Answer.id)
                .join(Submission)
                .where(
                    Submission.form_id == form.id,
                    Submission.status == SubmissionStatus.SUBMITTED,
                    Answer.question_id.in_(questions),
                    Answer.value.is_not(None),
                )
                .order_by(Answer.id)
            )
        )
