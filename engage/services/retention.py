"""Retention: how long each form's personal details are kept, and removing them once past.

A hate incident report keeps its casework and the answers the trends count (strand, type,
ward, month), but past its period from closing loses its contact details, the person's own
words (free-text answers, with their tags) and the free text of its history (notes, what the
reporter added). A consultation response is anonymous by design; past its period from being
sent, it loses its link to the Telegram chat it came from. Each removal is written to the
audit log. A run changes only what is past its date and not yet done, so it is safe nightly.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from engage import clock
from engage.domain import ReportStatus
from engage.errors import RetentionInvalid
from engage.models import (
    Answer,
    ContactDetails,
    Form,
    Report,
    ReportEvent,
    RetentionPeriod,
    Submission,
    User,
)
from engage.services import DatabaseSession, audit
from engage.services.insight.tagging import free_text_questions
from engage.services.reports import casework

log = logging.getLogger(__name__)

REPORT_FORM = "hate-incident-report"
NOT_RETAINED_APART = {"report-contact-details"}  # kept and removed with the report it belongs to
FREE_TEXT_EVENTS = ("note", "information_added")
REMOVED = "[Removed after the retention period]"
SHORTEST_DAYS, LONGEST_DAYS = 30, 20 * 365


@dataclass(frozen=True)
class Period:
    """One form's retention period, and whether an admin set it or it is the default."""

    definition_id: str
    title: str
    days: int
    set_by_admin: bool


@dataclass(frozen=True)
class RetentionRun:
    reports_anonymised: int
    responses_unlinked: int


def periods(session: DatabaseSession, config: Mapping[str, Any]) -> list[Period]:
    """Every form's retention period, by title."""
    chosen = {row.definition_id: row.days for row in session.scalars(select(RetentionPeriod))}
    titles = dict(
        session.execute(
            select(Form.definition_id, func.max(Form.title)).group_by(Form.definition_id)
        ).all()
    )
    return sorted(
        (
            Period(d, title, chosen.get(d, default_days(config, d)), d in chosen)
            for d, title in titles.items()
            if d not in NOT_RETAINED_APART
        ),
        key=lambda period: period.title,
    )


def default_days(config: Mapping[str, Any], definition_id: str) -> int:
    return int(config["RETENTION_DAYS"].get(definition_id, config["RETENTION_DEFAULT_DAYS"]))


def set_period(session: DatabaseSession, definition_id: str, typed: str, admin: User) -> int:
    """Set how many days a form's personal details are kept; `RetentionInvalid` says why not."""
    days = _days(typed)
    row = session.get(RetentionPeriod, definition_id)
    if row is None:
        row = RetentionPeriod(definition_id=definition_id, days=days)
        session.add(row)
    row.days, row.changed_by_id, row.changed_at = days, admin.id, clock.now()
    audit.record(session, admin, audit.RETENTION_CHANGED, "form", None, f"{definition_id}={days}")
    log.info("retention of %s set to %s days by user %s", definition_id, days, admin.id)
    return days


def _days(typed: str) -> int:
    text = (typed or "").strip()
    if not text.isdigit():
        raise RetentionInvalid("Enter the number of days as a whole number, like 730")
    days = int(text)
    if not SHORTEST_DAYS <= days <= LONGEST_DAYS:
        raise RetentionInvalid(
            f"The number of days must be between {SHORTEST_DAYS} and {LONGEST_DAYS:,}"
        )
    return days


def run_retention(session: DatabaseSession, config: Mapping[str, Any]) -> RetentionRun:
    """Remove the personal details past each form's period; the caller commits."""
    now = clock.now()
    anonymised = unlinked = 0
    for period in periods(session, config):
        cutoff = now - timedelta(days=period.days)
        if period.definition_id == REPORT_FORM:
            anonymised += _anonymise_reports(session, cutoff, now)
        else:
            unlinked += _unlink_responses(session, period.definition_id, cutoff)
    log.info("retention run: %s reports anonymised, %s responses unlinked", anonymised, unlinked)
    return RetentionRun(anonymised, unlinked)


def _anonymise_reports(session: DatabaseSession, cutoff: datetime, now: datetime) -> int:
    due = session.scalars(
        select(Report).where(
            Report.status == ReportStatus.CLOSED,
            Report.closed_at < cutoff,
            Report.anonymised_at.is_(None),
        )
    ).all()
    for report in due:
        _anonymise(session, report, now)
    _remove_text_added_since(session)
    return len(due)


def _remove_text_added_since(session: DatabaseSession) -> None:
    """Remove any free text that reached an anonymised report after it was emptied (added
    before Engage refused it): past retention, nothing a person wrote is kept."""
    anonymised = select(Report.id).where(Report.anonymised_at.is_not(None))
    session.execute(
        update(ReportEvent)
        .where(
            ReportEvent.report_id.in_(anonymised),
            ReportEvent.kind.in_(FREE_TEXT_EVENTS),
            ReportEvent.text != REMOVED,
        )
        .values(text=REMOVED)
        .execution_options(synchronize_session=False)
    )


def _anonymise(session: DatabaseSession, report: Report, now: datetime) -> None:
    submission = report.submission
    free_text = free_text_questions(submission.form)
    session.execute(delete(ContactDetails).where(ContactDetails.report_id == report.id))
    session.execute(
        delete(Answer).where(
            Answer.submission_id == submission.id, Answer.question_id.in_(free_text)
        )
    )
    session.execute(
        update(ReportEvent)
        .where(ReportEvent.report_id == report.id, ReportEvent.kind.in_(FREE_TEXT_EVENTS))
        .values(text=REMOVED)
    )
    submission.chat_key = None
    report.anonymised_at = now
    session.expire(submission, ["answers"])
    casework.append_event(
        session, report, None, "anonymised", "Personal details removed after the retention period"
    )
    audit.record(session, None, audit.REPORT_ANONYMISED, "report", report.id)


def _unlink_responses(session: DatabaseSession, definition_id: str, cutoff: datetime) -> int:
    forms = select(Form.id).where(Form.definition_id == definition_id)
    due = session.scalars(
        select(Submission.id).where(
            Submission.form_id.in_(forms),
            Submission.submitted_at < cutoff,
            Submission.chat_key.is_not(None),
        )
    ).all()
    if due:
        session.execute(update(Submission).where(Submission.id.in_(due)).values(chat_key=None))
        detail = f"{definition_id}={len(due)}"
        audit.record(session, None, audit.RESPONSES_UNLINKED, "form", None, detail)
    return len(due)
