"""The police referral export: a CSV of what each reporter agreed the police may see.

Which reports: those matching the list's filters whose reporter agreed, by the rule in
`police_sharing` that referral follows too: "share" or "anonymous". A "do-not-share" report
is never exported, whatever the filters, and nor is one with no answer.

"share": every answer below, the centre that logged it, and the contact details if held.

"anonymous" (the reporter chose "anonymous information only — nothing that identifies me")
keeps what describes the incident — what happened, the time of day, online or not and where
online, the kind of place, the ward, the motivation, how many offenders, whether the police
know, who reported (victim, witness…), the Engage reference, status and referral reference —
and withholds what could identify the reporter:

- the contact details, always;
- every free text: the description, the offender description, each "Please specify" text.
  A person's own words can name them, their street, their workplace or the people around
  them, and Engage cannot check that they do not;
- the reporter's own police reference, which leads to the crime report that names them;
- the postcode (the ward, thousands of households, is kept);
- the exact dates: the incident date and the date reported become the month;
- the reporting centre that logged it: a small centre narrows down who went there.

A withheld cell says "Withheld", so that it is not mistaken for an unanswered question.
Every cell that a spreadsheet would read as a formula (starting = + - @, a tab or a carriage
return) gets a leading apostrophe, by the rule all exports share (`exports.inert`). Each export
is written to the audit log: one entry for the export, and one for each report in it.
"""

import csv
import io
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

import surveys
from engage import clock
from engage.models import ContactDetails, Report, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.exports import inert
from engage.services.forms import flow_for
from engage.services.reports import caseload, casework, police_sharing
from engage.services.reports.police_sharing import SHARE, SHARING_NAMES, SHARING_QUESTION
from engage.services.responses import answers_of
from engage.wording import UK

log = logging.getLogger(__name__)

WITHHELD = "Withheld"

# The answers exported, in order, with their column headings.
QUESTION_COLUMNS = {
    "in_danger": "Anyone in danger when reported",
    "reporter_role": "Reported by",
    "incident_types": "What happened",
    "incident_types_other": "What happened (other)",
    "incident_date": "Date of incident",
    "incident_time": "Time of day",
    "location_online": "Online",
    "online_platform": "Online platform",
    "online_platform_other": "Online platform (other)",
    "location_type": "Type of place",
    "location_type_other": "Type of place (other)",
    "ward": "Ward",
    "postcode": "Postcode",
    "motivation": "Motivation",
    "motivation_other": "Motivation (other)",
    "description": "Description",
    "offender_description": "Offender description",
    "offender_count": "Number of offenders",
    "police_aware": "Police already aware",
    "police_reference": "Reporter's police reference",
}
# Withheld from an anonymous row (see the module's docstring for why).
ANONYMOUS_WITHHELD = {
    "incident_types_other",
    "online_platform_other",
    "location_type_other",
    "motivation_other",
    "description",
    "offender_description",
    "police_reference",
    "postcode",
}
ANONYMOUS_MONTH_ONLY = {"incident_date"}
CONTACT_COLUMNS = {
    "name": "Contact name",
    "phone": "Contact phone",
    "email": "Contact email",
    "best_time": "Best time to contact",
}
REPORT_COLUMNS = (
    "Engage reference",
    "Reported on",
    "Logged by centre",
    "Status",
    "Referral police reference",
    "Sharing",
)


@dataclass
class ReferralExport:
    """A finished export: the CSV text, its file name and how many reports it holds."""

    filename: str
    text: str
    count: int


def export_referrals(
    session: DatabaseSession, actor: User, filters: caseload.ReportFilters
) -> ReferralExport:
    """The CSV of the reports, among those matching the filters, that may go to the police."""
    reports = shareable_reports(session, actor, filters)
    contacts = _contact_details(
        session, [r.id for r in reports if police_sharing.choice_of(r) == SHARE]
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for report in reports:
        writer.writerow([inert(cell) for cell in referral_row(report, contacts.get(report.id))])
        audit.record(
            session,
            actor,
            audit.REPORT_EXPORTED,
            "report",
            report.id,
            police_sharing.choice_of(report),
        )
    audit.record(
        session,
        actor,
        audit.REPORTS_EXPORTED,
        "report",
        None,
        f"{len(reports)} reports; {_describe(filters)}",
    )
    log.info("%s reports exported for the police by user %s", len(reports), actor.id)
    now = clock.now()
    return ReferralExport(
        f"police-referrals-{now:%Y-%m-%d-%H%M}.csv", buffer.getvalue(), len(reports)
    )


def shareable_reports(
    session: DatabaseSession, actor: User, filters: caseload.ReportFilters
) -> list[Report]:
    """The reports matching the filters that the reporter agreed to share, oldest first."""
    consented = or_(
        *(caseload.answered(SHARING_QUESTION, choice) for choice in police_sharing.REFERABLE)
    )
    query = (
        caseload.report_query(actor, filters)
        .where(consented)
        .order_by(Report.created_at, Report.id)
        .options(
            selectinload(Report.submission).selectinload(Submission.answers),
            selectinload(Report.submission).selectinload(Submission.form),
            selectinload(Report.centre),
        )
    )
    return list(session.scalars(query))


def header() -> list[str]:
    """The CSV's column headings."""
    return [*REPORT_COLUMNS, *QUESTION_COLUMNS.values(), *CONTACT_COLUMNS.values()]


def referral_row(report: Report, contact: ContactDetails | None) -> list[str]:
    """One report's cells: in full, or stripped of what identifies when anonymous."""
    anonymous = police_sharing.choice_of(report) != SHARE
    flow = flow_for(report.submission.form)
    answers = answers_of(report.submission, flow)
    reported_on = report.created_at.replace(tzinfo=UTC).astimezone(UK).date()
    cells = [
        str(report.submission.reference or ""),
        _month(reported_on) if anonymous else reported_on.isoformat(),
        WITHHELD if anonymous else (report.centre.name if report.centre else ""),
        casework.status_name(report.status),
        report.police_reference or "",
        SHARING_NAMES[police_sharing.ANONYMOUS if anonymous else SHARE],
    ]
    for question_id in QUESTION_COLUMNS:
        if anonymous and question_id in ANONYMOUS_WITHHELD:
            cells.append(WITHHELD)
            continue
        value = answers.get(question_id)
        if anonymous and question_id in ANONYMOUS_MONTH_ONLY and isinstance(value, date):
            cells.append(_month(value))
            continue
        cells.append(_cell(flow, question_id, value))
    if anonymous:
        return cells + [WITHHELD for _ in CONTACT_COLUMNS]
    return cells + [str(getattr(contact, key, None) or "") for key in CONTACT_COLUMNS]


def _cell(flow: surveys.Flow, question_id: str, value: Any) -> str:
    if value is None:
        return ""
    try:
        question = flow.definition.question(question_id)
    except KeyError:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(flow.display_value(question, [choice]) for choice in value)
    return flow.display_value(question, value)


def _month(day: date | datetime) -> str:
    return f"{day:%Y-%m}"


def _contact_details(session: DatabaseSession, report_ids: list[int]) -> dict[int, ContactDetails]:
    if not report_ids:
        return {}
    found = session.scalars(select(ContactDetails).where(ContactDetails.report_id.in_(report_ids)))
    return {contact.report_id: contact for contact in found}


def _describe(filters: caseload.ReportFilters) -> str:
    """The filters as codes, for the audit log: statuses, strands, wards, ids and dates."""
    chosen = {key: value for key, value in asdict(filters).items() if value is not None}
    return ", ".join(f"{key}={value}" for key, value in chosen.items()) or "no filters"
