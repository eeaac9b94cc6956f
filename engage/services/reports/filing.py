"""Hate incident reports from the reporter's side: filing one, finding it by its receipt code,
saying where it has got to, and adding to it.

Officers' casework on a report (its status, notes, referral) is in `casework`.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

import surveys
from engage import clock
from engage.config import draft_lifetime, report_draft_lifetime
from engage.domain import Channel, ReportStatus
from engage.errors import InformationInvalid, ReceiptCodeNotRecognised
from engage.models import Report, ReportEvent, ReportingCentre, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.reports import contact_details, police_sharing
from engage.services.reports.receipts import hash_receipt_code, new_receipt_code
from engage.services.responses import answers_of, submit_response
from engage.services.responses import delete_stale_drafts as delete_stale_responses

log = logging.getLogger(__name__)

DEFINITION_ID = "hate-incident-report"
# Where a report is written in a web page: by a resident, or by centre staff for them.
BROWSER_CHANNELS = (Channel.WEB, Channel.CENTRE)
SAFETY_QUESTION = "in_danger"
CREATED = "created"
INFORMATION_ADDED = "information_added"
INFORMATION_LIMIT = 5000
# How long a right receipt code lets a browser see its report, before it is asked again.
REPORTER_ACCESS = timedelta(minutes=15)


@dataclass(frozen=True)
class ReporterStatus:
    """Where a report has got to, as the person who made it reads it."""

    name: str
    explanation: str


REPORTER_STATUSES: dict[str, ReporterStatus] = {
    ReportStatus.NEW: ReporterStatus(
        "Received", "We have received your report. Nobody has looked at it yet."
    ),
    ReportStatus.IN_REVIEW: ReporterStatus(
        "Being looked at", "Someone from the partnership is looking at your report."
    ),
    # What was passed on is the reporter's own choice (`police_sharing.what_we_passed_on`).
    ReportStatus.REFERRED: ReporterStatus("Passed to the police", ""),
    ReportStatus.CLOSED: ReporterStatus("Closed", "We have finished working on your report."),
}


def draft_lifetime_of(config: Mapping[str, Any], channel: str) -> timedelta:
    """How long an untouched report draft is kept. In a browser it goes sooner, as the browser
    may be shared with the person who harms the reporter; a Telegram chat shows its own history
    to whoever holds the phone, so a chat's report keeps the usual lifetime."""
    if channel in BROWSER_CHANNELS:
        return report_draft_lifetime(config)
    return draft_lifetime(config)


def delete_stale_drafts(session: DatabaseSession, config: Mapping[str, Any]) -> int:
    """Delete drafts untouched past their lifetime, reports in a browser first; how many."""
    report_lifetime = report_draft_lifetime(config)
    deleted = delete_stale_responses(session, report_lifetime, DEFINITION_ID, BROWSER_CHANNELS)
    return deleted + delete_stale_responses(session, draft_lifetime(config))


def file_report(
    session: DatabaseSession,
    submission: Submission,
    flow: surveys.Flow,
    *,
    contact: Mapping[str, Any] | None = None,
    centre: ReportingCentre | None = None,
    logged_by: User | None = None,
    receipt_code: str | None = None,
) -> tuple[Report, str | None]:
    """Submit a complete report draft and open its casework; return it with its receipt code.

    Every channel files through here: the web, the centre staff's pages and the bot.
    `contact` holds the answers to the contact questions; when the report asks for the police
    or Victim Support, they are checked (`ContactDetailsInvalid` names each field to fix,
    before anything is sent) and kept apart from the report. Centre staff logging a report for
    someone pass their `centre` and themselves as `logged_by`, and the audit log says so.

    Filing twice (a double click, the back button) files once: the second call returns the
    report already filed and None, because its code was given out the first time and cannot
    be recovered. Pass `receipt_code` to use a code made earlier (the web journey makes it when
    the draft starts, so both requests of a double click show the same one); otherwise a new
    one is made. Raises `ResponseIncomplete` while required questions are unanswered.
    """
    answers = answers_of(submission, flow)
    details = _contact_to_keep(answers, contact)
    submit_response(session, submission, flow)
    filed = session.scalar(select(Report).filter_by(submission_id=submission.id))
    if filed is not None:
        return filed, None
    code = receipt_code or new_receipt_code()
    report = _open_report(session, submission, in_danger(answers), centre, logged_by, code)
    if details is not None:
        contact_details.keep_contact_details(session, report, details)
    if logged_by is not None:
        audit.record(session, logged_by, audit.REPORT_LOGGED, "report", report.id)
    log.info("report %s filed through %s", report.id, submission.channel)
    return report, code


def _contact_to_keep(
    answers: Mapping[str, Any], contact: Mapping[str, Any] | None
) -> contact_details.NewContactDetails | None:
    if not wants_contact(answers):
        return None
    return contact_details.check_contact_details(dict(contact or {}))


def _open_report(
    session: DatabaseSession,
    submission: Submission,
    risk_flag: bool,
    centre: ReportingCentre | None,
    logged_by: User | None,
    code: str,
) -> Report:
    report = Report(
        submission=submission,
        centre=centre,
        logged_by=logged_by,
        status=ReportStatus.NEW,
        risk_flag=risk_flag,
        receipt_hash=hash_receipt_code(code, _pepper()),
    )
    session.add(report)
    session.flush()
    session.add(
        ReportEvent(report=report, actor=logged_by, kind=CREATED, to_status=ReportStatus.NEW)
    )
    session.flush()
    return report


def find_by_receipt(session: DatabaseSession, code: str) -> Report:
    """The report a receipt code belongs to; `ReceiptCodeNotRecognised` for any other code."""
    report = session.scalar(
        select(Report).filter_by(receipt_hash=hash_receipt_code(code, _pepper()))
    )
    if report is None:
        raise ReceiptCodeNotRecognised()
    return report


def grant_reporter_access(report: Report) -> dict[str, Any]:
    """What a browser keeps once its receipt code was right: which report, and until when.

    The window is short, so that whoever uses the browser next cannot read the report."""
    until = clock.now() + REPORTER_ACCESS
    return {"report": report.id, "until": until.isoformat()}


def report_with_access(session: DatabaseSession, granted: Any) -> Report | None:
    """The report a grant still opens; None once its window has passed or the report is gone."""
    try:
        until = datetime.fromisoformat(str(granted["until"]))
        report_id = int(granted["report"])
    except (KeyError, TypeError, ValueError):
        return None
    if until < clock.now():
        return None
    return session.get(Report, report_id)


def status_for_reporter(report: Report) -> ReporterStatus:
    """Where a report has got to, in the reporter's words."""
    status = REPORTER_STATUSES.get(report.status, REPORTER_STATUSES[ReportStatus.IN_REVIEW])
    if report.status == ReportStatus.REFERRED:
        return ReporterStatus(status.name, police_sharing.what_we_passed_on(report))
    return status


# Past its retention period a closed report keeps nothing anyone wrote, so nothing is added.
NOTHING_MORE_CAN_BE_ADDED = (
    "Your report was closed, and after the time we keep reports the details in it were "
    "removed, so nothing more can be added to it. If something new has happened, make a new "
    "report"
)


def can_add_information(report: Report) -> bool:
    """Whether the reporter may still add to the report: not once retention has emptied it."""
    return report.anonymised_at is None


def add_information(session: DatabaseSession, report: Report, text: str) -> ReportEvent:
    """Add what the reporter wants to tell us to their report's history."""
    if not can_add_information(report):
        raise InformationInvalid(NOTHING_MORE_CAN_BE_ADDED)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise InformationInvalid("Enter the information you want to add to your report")
    if len(text) > INFORMATION_LIMIT:
        raise InformationInvalid(
            f"The information must be {INFORMATION_LIMIT:,} characters or fewer"
        )
    event = ReportEvent(report=report, actor=None, kind=INFORMATION_ADDED, text=text)
    session.add(event)
    report.updated_at = clock.now()
    session.flush()
    log.info("report %s: information added by the reporter", report.id)
    return event


def in_danger(answers: Mapping[str, Any]) -> bool:
    """Whether the reporter said someone is in danger now: show them how to get help at once."""
    return answers.get(SAFETY_QUESTION) is True


def wants_contact(answers: Mapping[str, Any]) -> bool:
    """Whether to offer to take contact details: the police or Victim Support may need them."""
    return (
        answers.get("share_with_police") == "share"
        or answers.get("victim_support_referral") is True
    )


def _pepper() -> str:
    return str(current_app.config["RECEIPT_PEPPER"])
