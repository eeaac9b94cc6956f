"""Erasing a person's submission everywhere Engage holds it, leaving only an audit entry:
its answers (with their tags), its casework, history, links and contact details, and the
Telegram chat's place in Engage it came from."""

import logging
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, or_, select, update

from engage.domain import SubmissionStatus
from engage.errors import SubmissionNotFound
from engage.models import (
    Answer,
    ChatState,
    ContactDetails,
    Report,
    ReportEvent,
    ReportLink,
    Submission,
    User,
)
from engage.services import DatabaseSession, audit
from engage.services.references import normalised_reference

log = logging.getLogger(__name__)
ERASED_LINK = "A linked report was later erased on request"


@dataclass(frozen=True)
class Holdings:
    """What Engage holds of one sent report or response, to show before erasing it."""

    submission: Submission
    report: Report | None
    answers: int
    history: int
    contact_details: bool
    from_a_chat: bool


def find_sent(session: DatabaseSession, typed_reference: str) -> Holdings:
    """What is held under a reference, however it was typed; `SubmissionNotFound` if nothing."""
    reference = normalised_reference(typed_reference or "")
    if not reference:
        raise SubmissionNotFound("Enter the reference, like ENG-7KQ4-MXA2")
    submission = session.scalar(
        select(Submission).filter_by(reference=reference, status=SubmissionStatus.SUBMITTED)
    )
    if submission is None:
        raise SubmissionNotFound(
            f"There is no report or response with the reference {reference}: "
            "check the reference, or it may have been erased already"
        )
    report = session.scalar(select(Report).filter_by(submission_id=submission.id))
    report_id = report.id if report else None
    return Holdings(
        submission=submission,
        report=report,
        answers=_count(session, Answer, Answer.submission_id == submission.id),
        history=_count(session, ReportEvent, ReportEvent.report_id == report_id),
        contact_details=_count(session, ContactDetails, ContactDetails.report_id == report_id) > 0,
        from_a_chat=submission.chat_key is not None,
    )


def erase_on_request(session: DatabaseSession, holdings: Holdings, officer: User) -> str:
    """Erase what `find_sent` found, as its sender asked; return its reference."""
    submission = holdings.submission
    reference, kind = submission.reference or "", "report" if holdings.report else "response"
    if submission.chat_key:
        # The chat's place in a form goes too: it may point at what is erased.
        session.execute(delete(ChatState).where(ChatState.chat_key == submission.chat_key))
    erase_submission(session, submission)
    audit.record(session, officer, audit.SUBMISSION_ERASED, kind, None, f"reference={reference}")
    log.info("a %s was erased on request by user %s", kind, officer.id)
    return reference


def erase_submission(session: DatabaseSession, submission: Submission) -> None:
    """Delete a response or a report with its answers, casework, links and contact details."""
    report_id = session.scalar(select(Report.id).filter_by(submission_id=submission.id))
    if report_id is not None:
        session.execute(delete(ContactDetails).where(ContactDetails.report_id == report_id))
        session.execute(delete(ReportEvent).where(ReportEvent.report_id == report_id))
        links = or_(ReportLink.report_id == report_id, ReportLink.linked_report_id == report_id)
        session.execute(delete(ReportLink).where(links))
        _forget_in_linked_histories(session, submission.reference)
        session.execute(delete(Report).where(Report.id == report_id))
    session.execute(delete(Answer).where(Answer.submission_id == submission.id))
    session.execute(delete(Submission).where(Submission.id == submission.id))
    session.flush()
    log.info("submission %s erased", submission.id)


def _forget_in_linked_histories(session: DatabaseSession, reference: str | None) -> None:
    """Other reports' histories name a report linked to them: not once it is erased."""
    if reference:
        session.execute(
            update(ReportEvent)
            .where(
                ReportEvent.kind.in_(("linked", "unlinked")),
                ReportEvent.text.endswith(reference),
            )
            .values(text=ERASED_LINK)
        )


def _count(session: DatabaseSession, model: type, condition: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(condition)) or 0
