"""The append-only audit log: who viewed, exported or changed which record, and when.

It records staff sign-ins, refused sign-ins (by account, never the password or code), locks,
sign-outs and the administration of accounts and centres too.

Casework and consultation services write to it themselves, in the same transaction as the
change they record, so that no view can forget to. An entry names the action and the object;
its `detail` holds only codes and counts (a status, an outcome code, "12 reports"), never free
text, names, contact details or anything a person typed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from engage import clock
from engage.models import AuditEntry, User
from engage.services import DatabaseSession
from engage.wording import UK

REPORT_VIEWED = "report.viewed"
REPORT_LOGGED = "report.logged"
REPORT_STATUS_CHANGED = "report.status_changed"
REPORT_ASSIGNED = "report.assigned"
REPORT_NOTE_ADDED = "report.note_added"
REPORT_RISK_CHANGED = "report.risk_changed"
REPORT_POLICE_REFERENCE_SET = "report.police_reference_set"
REPORT_EXPORTED = "report.exported"
REPORT_LINKED = "report.linked"
REPORT_UNLINKED = "report.unlinked"
REPORTS_LISTED = "reports.listed"
REPORTS_EXPORTED = "reports.exported"
CONSULTATION_CREATED = "consultation.created"
CONSULTATION_DATES_CHANGED = "consultation.dates_changed"
CONSULTATION_OPENED = "consultation.opened"
CONSULTATION_CLOSED = "consultation.closed"
CONSULTATION_SUMMARY_WRITTEN = "consultation.summary_written"
CONSULTATION_SUMMARY_PUBLISHED = "consultation.summary_published"
CONSULTATION_SUMMARY_UNPUBLISHED = "consultation.summary_unpublished"
CHAT_ERASED = "chat.erased"
ANSWERS_EXPORTED = "consultation.answers_exported"
ANALYSIS_EXPORTED = "consultation.analysis_exported"
EQUALITIES_EXPORTED = "consultation.equalities_exported"
BASELINE_REPLACED = "baseline.replaced"
INCIDENTS_EXPORTED = "incidents.exported"
TAG_DECIDED = "answer.tag_decided"
REPORT_ANONYMISED = "report.anonymised"
RESPONSES_UNLINKED = "responses.unlinked"
RETENTION_CHANGED = "retention.changed"
SUBMISSION_ERASED = "submission.erased"
STAFF_SIGNED_IN = "staff.signed_in"
STAFF_SIGN_IN_REFUSED = "staff.sign_in_refused"
STAFF_LOCKED = "staff.locked"
STAFF_SIGNED_OUT = "staff.signed_out"
USER_CREATED = "user.created"
PASSWORD_CHANGED = "user.password_changed"
PASSWORD_RESET = "user.password_reset"
TWO_FACTOR_TURNED_ON = "user.two_factor_on"
TWO_FACTOR_TURNED_OFF = "user.two_factor_off"
TWO_FACTOR_RESET = "user.two_factor_reset"
RECOVERY_CODES_REPLACED = "user.recovery_codes_replaced"
USER_DEACTIVATED = "user.deactivated"
USER_REACTIVATED = "user.reactivated"
CENTRE_CREATED = "centre.created"
CENTRE_RENAMED = "centre.renamed"
CENTRE_DEACTIVATED = "centre.deactivated"
FORM_DRAFT_STARTED = "form.draft_started"
FORM_DRAFT_CHANGED = "form.draft_changed"
FORM_DRAFT_DISCARDED = "form.draft_discarded"
FORM_PUBLISHED = "form.published"
FORM_EXPORTED = "form.exported"

ACTIONS = {
    REPORT_VIEWED: "Viewed a report",
    REPORT_LOGGED: "Logged a report for someone",
    REPORT_STATUS_CHANGED: "Changed a report's status",
    REPORT_ASSIGNED: "Assigned a report",
    REPORT_NOTE_ADDED: "Added a note to a report",
    REPORT_RISK_CHANGED: "Changed a report's risk flag",
    REPORT_POLICE_REFERENCE_SET: "Recorded a police reference",
    REPORT_EXPORTED: "Exported a report to the police",
    REPORT_LINKED: "Linked two reports about the same person",
    REPORT_UNLINKED: "Unlinked two reports",
    REPORTS_LISTED: "Listed reports",
    REPORTS_EXPORTED: "Exported police referrals",
    CONSULTATION_CREATED: "Created a consultation",
    CONSULTATION_DATES_CHANGED: "Changed a consultation's dates",
    CONSULTATION_OPENED: "Opened a consultation",
    CONSULTATION_CLOSED: "Closed a consultation",
    CONSULTATION_SUMMARY_WRITTEN: "Wrote a consultation's “You said, we did”",
    CONSULTATION_SUMMARY_PUBLISHED: "Published a consultation's “You said, we did”",
    CONSULTATION_SUMMARY_UNPUBLISHED: "Unpublished a consultation's “You said, we did”",
    CHAT_ERASED: "Erased what a Telegram chat sent, at the resident's request",
    ANSWERS_EXPORTED: "Exported a consultation's answers and tags",
    ANALYSIS_EXPORTED: "Exported a consultation's analysis",
    EQUALITIES_EXPORTED: "Exported a consultation's equalities analysis",
    BASELINE_REPLACED: "Replaced an area's population baseline",
    INCIDENTS_EXPORTED: "Exported incident trends",
    TAG_DECIDED: "Confirmed or corrected a tag on an answer",
    REPORT_ANONYMISED: "Removed a report's personal details after its retention period",
    RESPONSES_UNLINKED: "Unlinked responses from their chats after the retention period",
    RETENTION_CHANGED: "Changed how long a form's personal details are kept",
    SUBMISSION_ERASED: "Erased a report or response on request",
    STAFF_SIGNED_IN: "Signed in",
    STAFF_SIGN_IN_REFUSED: "A sign-in to this account was refused",
    STAFF_LOCKED: "This account was locked after failed sign-ins",
    STAFF_SIGNED_OUT: "Signed out, everywhere",
    USER_CREATED: "Added a member of staff",
    PASSWORD_CHANGED: "Changed their own password",
    PASSWORD_RESET: "Reset a member of staff's password",
    TWO_FACTOR_TURNED_ON: "Set up two-factor sign-in on an app",
    TWO_FACTOR_TURNED_OFF: "Turned off their two-factor sign-in",
    TWO_FACTOR_RESET: "Reset a member of staff's two-factor sign-in",
    RECOVERY_CODES_REPLACED: "Got new recovery codes",
    USER_DEACTIVATED: "Deactivated a member of staff",
    USER_REACTIVATED: "Reactivated a member of staff",
    CENTRE_CREATED: "Added a reporting centre",
    CENTRE_RENAMED: "Renamed a reporting centre",
    CENTRE_DEACTIVATED: "Deactivated a reporting centre and its staff accounts",
    FORM_DRAFT_STARTED: "Started writing a form's questions",
    FORM_DRAFT_CHANGED: "Changed a draft form's questions",
    FORM_DRAFT_DISCARDED: "Discarded a draft form",
    FORM_PUBLISHED: "Published a version of a form",
    FORM_EXPORTED: "Exported a version of a form",
}
# Sign-in events happen before anyone has proved who they are: no one is named as the actor.
UNPROVEN_ACTIONS = {STAFF_SIGN_IN_REFUSED, STAFF_LOCKED}

DETAIL_LIMIT = 500
PER_PAGE = 50

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a longer list, as the staff lists show them."""

    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log page can be narrowed to; None means any."""

    user_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    object_type: str | None = None
    object_id: int | None = None


def record(
    session: DatabaseSession,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    detail: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit log; `detail` must hold codes and counts only."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.ACTIONS")
    entry = AuditEntry(
        at=clock.now(),
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:DETAIL_LIMIT] if detail else None,
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: DatabaseSession, filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE
) -> Page[AuditEntry]:
    """The entries that match the filters, newest first, one page at a time."""
    query = select(AuditEntry).options(selectinload(AuditEntry.user))
    if filters.user_id is not None:
        query = query.where(AuditEntry.user_id == filters.user_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id is not None:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.date_from:
        query = query.where(AuditEntry.at >= start_of_uk_day(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEntry.at < start_of_uk_day(filters.date_to + timedelta(days=1)))
    return paginate(session, query.order_by(AuditEntry.id.desc()), page, per_page)


def paginate(session: DatabaseSession, query: Select, page: int, per_page: int) -> Page:
    """One page of a query's rows, counted by the database."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = max(1, page)
    rows: Sequence[Any] = session.scalars(
        query.limit(per_page).offset((number - 1) * per_page)
    ).all()
    return Page(items=list(rows), number=number, per_page=per_page, total=total or 0)


def start_of_uk_day(day: date) -> datetime:
    """The stored (UTC, naive) moment at which a day starts in the UK."""
    return datetime.combine(day, time.min, tzinfo=UK).astimezone(UTC).replace(tzinfo=None)
