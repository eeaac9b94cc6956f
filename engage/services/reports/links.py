"""Officers' links between hate incident reports that concern the same person.

An officer links a report to another by the other's reference (ENG-XXXX-XXXX), the number
staff quote to each other. A link has no direction: it is stored once, the smaller report id
first, and shows on both reports. Linking and unlinking write to both reports' histories and
to the audit log, in the caller's transaction: the caller commits.
"""

import logging

from sqlalchemy import and_, or_, select

from engage.errors import (
    LinkedReportNotFound,
    LinkToSameReport,
    ReportLinkRefused,
    ReportsAlreadyLinked,
    ReportsNotLinked,
)
from engage.models import Report, ReportLink, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.references import normalised_reference
from engage.services.reports import casework

log = logging.getLogger(__name__)

LINKED = "linked"
UNLINKED = "unlinked"


def link(session: DatabaseSession, report: Report, reference: str, officer: User) -> Report:
    """Link a report to the one with this reference, and return that one; or say why not."""
    other = _report_by_reference(session, officer, reference)
    if other.id == report.id:
        raise LinkToSameReport(
            f"{other.submission.reference} is this report: "
            "enter the reference of the other report about the same person"
        )
    if _link_between(session, report, other) is not None:
        raise ReportsAlreadyLinked(f"This report is already linked to {other.submission.reference}")
    first, second = sorted((report.id, other.id))
    session.add(ReportLink(report_id=first, linked_report_id=second, linked_by_id=officer.id))
    _record(session, report, other, officer, LINKED)
    return other


def unlink(session: DatabaseSession, report: Report, other: Report, officer: User) -> None:
    """Remove the link between two reports; `ReportsNotLinked` if there is none."""
    found = _link_between(session, report, other)
    if found is None:
        raise ReportsNotLinked(f"This report is not linked to {other.submission.reference}")
    session.delete(found)
    _record(session, report, other, officer, UNLINKED)


def linked_reports(session: DatabaseSession, report: Report) -> list[Report]:
    """The reports linked to this one, the oldest first."""
    query = (
        select(Report)
        .join(
            ReportLink,
            or_(
                and_(ReportLink.report_id == report.id, ReportLink.linked_report_id == Report.id),
                and_(ReportLink.linked_report_id == report.id, ReportLink.report_id == Report.id),
            ),
        )
        .order_by(Report.created_at, Report.id)
    )
    return list(session.scalars(query))


def _report_by_reference(session: DatabaseSession, officer: User, reference: str) -> Report:
    wanted = normalised_reference(reference or "")
    if not wanted:
        raise ReportLinkRefused("Enter the reference of the other report, like ENG-7KQ4-MXA2")
    query = (
        select(Report)
        .join(Submission, Submission.id == Report.submission_id)
        .where(Submission.reference == wanted, casework.visible_to(officer))
    )
    other = session.scalar(query)
    if other is None:
        raise LinkedReportNotFound(
            f"There is no report with the reference {wanted}: check the reference and try again"
        )
    return other


def _link_between(session: DatabaseSession, report: Report, other: Report) -> ReportLink | None:
    first, second = sorted((report.id, other.id))
    return session.scalar(select(ReportLink).filter_by(report_id=first, linked_report_id=second))


def _record(
    session: DatabaseSession, report: Report, other: Report, officer: User, kind: str
) -> None:
    """Write a link or unlink to both reports' histories and, once, to the audit log."""
    words = "Linked to" if kind == LINKED else "Unlinked from"
    for this, that in ((report, other), (other, report)):
        casework.append_event(session, this, officer, kind, f"{words} {that.submission.reference}")
    action = audit.REPORT_LINKED if kind == LINKED else audit.REPORT_UNLINKED
    audit.record(session, officer, action, "report", report.id, f"other_report={other.id}")
    log.info("report %s %s report %s by user %s", report.id, kind, other.id, officer.id)
