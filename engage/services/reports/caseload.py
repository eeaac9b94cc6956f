"""A member of staff's caseload: the reports they may see, filtered, sorted and paged by SQL.

Officers and admins see every report, centre staff only their own centre's: the constraint
is part of the query (`casework.visible_to`), never a filter applied to rows in Python.
Strand and ward filters look for the answer with `EXISTS`, so a report with several strands
is found once.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, case, exists, select
from sqlalchemy.orm import selectinload

from engage.domain import ReportStatus
from engage.models import Answer, Report, ReportingCentre, User
from engage.services import DatabaseSession, audit
from engage.services.reports.casework import visible_to

REPORT_FORM = "hate-incident-report"
STRAND_QUESTION = "motivation"
WARD_QUESTION = "ward"
SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "status": "Status",
    "updated": "Recently updated",
}
PER_PAGE = 25


@dataclass(frozen=True)
class ReportFilters:
    """What a list of reports can be narrowed to; None means any."""

    status: str | None = None
    strand: str | None = None
    ward: str | None = None
    centre_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class ReportRow:
    """A report as the list shows it, with the strands and ward it was reported with."""

    report: Report
    strands: list[str]
    ward: str | None


def reports_for(
    session: DatabaseSession,
    user: User,
    filters: ReportFilters,
    sort: str = "newest",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> audit.Page[ReportRow]:
    """One page of the reports a member of staff may see, filtered and sorted by the database."""
    query = report_query(user, filters).order_by(*_ordering(sort))
    query = query.options(selectinload(Report.submission), selectinload(Report.centre))
    query = query.options(selectinload(Report.assignee))
    found = audit.paginate(session, query, page, per_page)
    answers = _list_answers(session, [report.submission_id for report in found.items])
    rows = [
        ReportRow(
            report,
            strands=answers.get((report.submission_id, STRAND_QUESTION), []),
            ward=next(iter(answers.get((report.submission_id, WARD_QUESTION), [])), None),
        )
        for report in found.items
    ]
    audit.record(session, user, audit.REPORTS_LISTED, "report", None, f"page {found.number}")
    return audit.Page(rows, found.number, found.per_page, found.total)


def report_query(user: User, filters: ReportFilters) -> Select[tuple[Report]]:
    """The reports a member of staff may see that match the filters, unordered."""
    query = select(Report).where(visible_to(user))
    if filters.status:
        query = query.where(Report.status == filters.status)
    if filters.centre_id is not None:
        query = query.where(Report.centre_id == filters.centre_id)
    if filters.strand:
        query = query.where(answered(STRAND_QUESTION, filters.strand))
    if filters.ward:
        query = query.where(answered(WARD_QUESTION, filters.ward))
    if filters.date_from:
        query = query.where(Report.created_at >= audit.start_of_uk_day(filters.date_from))
    if filters.date_to:
        end = audit.start_of_uk_day(filters.date_to + timedelta(days=1))
        query = query.where(Report.created_at < end)
    return query


def answered(question_id: str, value: str) -> ColumnElement[bool]:
    """The SQL condition that a report's submission has this answer to this question."""
    return exists().where(
        Answer.submission_id == Report.submission_id,
        Answer.question_id == question_id,
        Answer.value == value,
    )


def centres(session: DatabaseSession) -> list[ReportingCentre]:
    """Every reporting centre, by name, for filtering reports by where they were logged."""
    return list(session.scalars(select(ReportingCentre).order_by(ReportingCentre.name)))


def _ordering(sort: str) -> tuple[ColumnElement, ...]:
    if sort == "oldest":
        return (Report.created_at.asc(), Report.id.asc())
    if sort == "status":
        order = case(
            {status.value: i for i, status in enumerate(ReportStatus)}, value=Report.status
        )
        return (order, Report.created_at.desc(), Report.id.desc())
    if sort == "updated":
        return (Report.updated_at.desc(), Report.id.desc())
    return (Report.created_at.desc(), Report.id.desc())


def _list_answers(
    session: DatabaseSession, submission_ids: list[int]
) -> dict[tuple[int, str], list[str]]:
    rows = session.execute(
        select(Answer.submission_id, Answer.question_id, Answer.value)
        .where(
            Answer.submission_id.in_(submission_ids),
            Answer.question_id.in_([STRAND_QUESTION, WARD_QUESTION]),
            Answer.value.is_not(None),
        )
        .order_by(Answer.submission_id, Answer.question_id, Answer.position)
    )
    found: dict[tuple[int, str], list[str]] = {}
    for submission_id, question_id, value in rows:
        found.setdefault((submission_id, question_id), []).append(str(value))
    return found
