"""Responses: starting one, recording answers as a person goes, and submitting it."""

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update

import surveys
from engage import clock
from engage.domain import SubmissionStatus
from engage.errors import ResponseIncomplete, ResponseNotFound
from engage.models import Answer, Consultation, Form, Submission
from engage.services import DatabaseSession
from engage.services.consultations.publishing import require_open
from engage.services.insight.tagging import tag_submission
from engage.services.references import hash_draft_key, new_draft_key, new_reference

Answers = dict[str, Any]
log = logging.getLogger(__name__)


def start_response(
    session: DatabaseSession,
    form: Form,
    channel: str,
    language: str = "en",
    consultation: Consultation | None = None,
) -> tuple[Submission, str]:
    """Open a draft response and return it with the key that finds it again."""
    if consultation is not None:
        require_open(consultation)
    key = new_draft_key()
    submission = Submission(
        form=form,
        consultation=consultation,
        channel=channel,
        language=language,
        draft_key_hash=hash_draft_key(key),
    )
    session.add(submission)
    session.flush()
    return submission, key


def find_response(session: DatabaseSession, key: str, lifetime: timedelta) -> Submission:
    """The response a draft key belongs to: a draft still in its lifetime, or a submission."""
    submission = session.scalar(select(Submission).filter_by(draft_key_hash=hash_draft_key(key)))
    if submission is None or _stale(submission, lifetime):
        raise ResponseNotFound()
    return submission


def find_draft(session: DatabaseSession, key: str, lifetime: timedelta) -> Submission:
    """The unfinished response a draft key belongs to; `ResponseNotFound` once sent or gone."""
    submission = find_response(session, key, lifetime)
    if submission.status != SubmissionStatus.DRAFT:
        raise ResponseNotFound()
    return submission


def answers_of(submission: Submission, flow: surveys.Flow) -> Answers:
    """The typed answers stored for a response."""
    stored: dict[str, list[str | None]] = {}
    for answer in sorted(submission.answers, key=lambda a: (a.question_id, a.position)):
        stored.setdefault(answer.question_id, []).append(answer.value)
    return {
        question_id: flow.from_storage(flow.definition.question(question_id), _present(values))
        for question_id, values in stored.items()
        if _known(flow, question_id)
    }


def record_answers(
    session: DatabaseSession, submission: Submission, flow: surveys.Flow, values: Answers
) -> Answers:
    """Add or change answers, drop those that skip logic now hides, and store the result."""
    if submission.consultation is not None:
        require_open(submission.consultation)
    answers = flow.clean({**answers_of(submission, flow), **values})
    session.execute(delete(Answer).where(Answer.submission_id == submission.id))
    session.add_all(_answer_rows(submission, flow, answers))
    submission.updated_at = clock.now()
    session.flush()
    session.expire(submission, ["answers"])
    return answers


def set_language(session: DatabaseSession, submission: Submission, language: str) -> None:
    """Answer a draft in another language from now on."""
    if submission.status == SubmissionStatus.DRAFT:
        submission.language = language
        submission.updated_at = clock.now()
        session.flush()


def submit_response(session: DatabaseSession, submission: Submission, flow: surveys.Flow) -> str:
    """Submit a complete response once, however often it is asked, and return its reference."""
    if submission.status == SubmissionStatus.SUBMITTED:
        return str(submission.reference)
    if submission.consultation is not None:
        require_open(submission.consultation)
    missing = flow.missing_required(answers_of(submission, flow))
    if missing:
        raise ResponseIncomplete([q.id for q in missing])
    reference = _unused_reference(session)
    claimed = session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.status == SubmissionStatus.DRAFT)
        .values(status=SubmissionStatus.SUBMITTED, reference=reference, submitted_at=clock.now())
    )
    session.flush()
    session.refresh(submission)
    if claimed.rowcount == 0:  # type: ignore[attr-defined]
        return str(submission.reference)
    tag_submission(session, submission)
    log.info("submission %s submitted through %s", submission.id, submission.channel)
    return reference


def discard_draft(session: DatabaseSession, submission: Submission) -> bool:
    """Delete a draft and its answers, as its author asked; a submitted response is kept."""
    if submission.status != SubmissionStatus.DRAFT:
        return False
    session.delete(submission)  # its answers go with it
    session.flush()
    log.info("draft %s discarded through %s", submission.id, submission.channel)
    return True


def delete_stale_drafts(
    session: DatabaseSession,
    lifetime: timedelta,
    definition_id: str | None = None,
    channels: tuple[str, ...] | None = None,
) -> int:
    """Delete drafts (of one form, through some channels, if given) untouched for longer than
    their lifetime; return how many."""
    cutoff = clock.now() - lifetime
    stale = select(Submission.id).where(
        Submission.status == SubmissionStatus.DRAFT, Submission.updated_at < cutoff
    )
    if definition_id is not None:
        stale = stale.join(Form).where(Form.definition_id == definition_id)
    if channels is not None:
        stale = stale.where(Submission.channel.in_(channels))
    ids = list(session.scalars(stale))
    if ids:
        session.execute(delete(Answer).where(Answer.submission_id.in_(ids)))
        session.execute(delete(Submission).where(Submission.id.in_(ids)))
        log.info("%s stale drafts deleted", len(ids))
    return len(ids)


def _stale(submission: Submission, lifetime: timedelta) -> bool:
    return (
        submission.status == SubmissionStatus.DRAFT
        and submission.updated_at < clock.now() - lifetime
    )


def _answer_rows(submission: Submission, flow: surveys.Flow, answers: Answers) -> list[Answer]:
    rows = []
    for question_id, value in answers.items():
        stored: list[str | None] = [
            *flow.to_storage(flow.definition.question(question_id), value)
        ] or [None]
        rows += [
            Answer(submission_id=submission.id, question_id=question_id, position=i, value=v)
            for i, v in enumerate(stored)
        ]
    return rows


def _present(values: list[str | None]) -> list[str]:
    return [v for v in values if v is not None]


def _known(flow: surveys.Flow, question_id: str) -> bool:
    try:
        flow.definition.question(question_id)
    except KeyError:
        return False
    return True


def _unused_reference(session: DatabaseSession) -> str:
    while True:
        reference = new_reference()
        if session.scalar(select(Submission.id).filter_by(reference=reference)) is None:
            return reference
