"""Erasing a person's submission everywhere Engage holds it, leaving only an audit entry."""

import logging

from sqlalchemy import delete, or_, select

from engage.models import Answer, ContactDetails, Report, ReportEvent, ReportLink, Submission
from engage.services import DatabaseSession

log = logging.getLogger(__name__)


def erase_submission(session: DatabaseSession, submission: Submission) -> None:
    """Delete a response or a report with its answers, casework, links and contact details."""
    report_id = session.scalar(select(Report.id).filter_by(submission_id=submission.id))
    if report_id is not None:
        session.execute(delete(ContactDetails).where(ContactDetails.report_id == report_id))
        session.execute(delete(ReportEvent).where(ReportEvent.report_id == report_id))
        links = or_(ReportLink.report_id == report_id, ReportLink.linked_report_id == report_id)
        session.execute(delete(ReportLink).where(links))
        session.execute(delete(Report).where(Report.id == report_id))
    session.execute(delete(Answer).where(Answer.submission_id == submission.id))
    session.execute(delete(Submission).where(Submission.id == submission.id))
    session.flush()
    log.info("submission %s erased", submission.id)
