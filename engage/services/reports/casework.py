"""Casework on hate incident reports: the status state machine, notes, assignment and risk.

A report moves through these statuses (the moves are data, in `MOVES`):

    new        -> in_review  start the review
    new        -> closed     close without a review, with an outcome (a duplicate, a test…)
    in_review  -> referred   refer to the police, if the reporter agreed (`police_sharing`)
    in_review  -> closed     close, with an outcome
    referred   -> closed     close, with an outcome
    closed     -> in_review  reopen; the outcome is cleared, the history keeps it

Anything else is refused with `InvalidStatusChange`, whose message says what to do instead,
and so is referring a report whose reporter chose not to share it with the police. A referral
usually comes before the police give a reference: the reference is recorded on its own, when
it comes (or earlier, when the police already know), and can be corrected later.

Every change appends a `ReportEvent` to the report's history, raises its `updated_at` and
writes an audit entry, in the caller's transaction: the caller commits.
"""

import logging
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true, update

from engage import clock
from engage.domain import Channel, ReportStatus
from engage.errors import (
    InvalidCaseworkInput,
    InvalidStatusChange,
    ReportChangedMeanwhile,
    ReportNotFound,
)
from engage.models import Report, ReportEvent, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import DatabaseSession, audit
from engage.services.reports import police_sharing

log = logging.getLogger(__name__)

# A report that centre staff log for someone comes through the centre, and who is reporting
# is answered for them: they report on behalf of someone (the channel says it was a centre).
LOGGED_CHANNEL = Channel.CENTRE
REPORTER_ROLE_QUESTION = "reporter_role"
LOGGED_REPORTER_ROLE = "on-behalf"

# The roles that work on reports (status, assignment, notes, risk, export, audit log).
CASEWORK_ROLES = (OFFICER, ADMIN)
# The roles that may read a report page: centre staff only their own centre's.
REPORT_ROLES = (OFFICER, ADMIN, CENTRE_STAFF)


STATUS_NAMES = {
    ReportStatus.NEW: "New",
    ReportStatus.IN_REVIEW: "In review",
    ReportStatus.REFERRED: "Referred to police",
    ReportStatus.CLOSED: "Closed",
}
# "A report that is …" and "… cannot be …", for the messages of refused moves.
_STATE_PHRASES = {
    ReportStatus.NEW: "new",
    ReportStatus.IN_REVIEW: "in review",
    ReportStatus.REFERRED: "referred to the police",
    ReportStatus.CLOSED: "closed",
}
_MOVE_PHRASES = {
    ReportStatus.NEW: "made new again",
    ReportStatus.IN_REVIEW: "put back in review",
    ReportStatus.REFERRED: "referred to the police",
    ReportStatus.CLOSED: "closed",
}

OUTCOME = "outcome"
POLICE_REFERENCE = "police_reference"


@dataclass(frozen=True)
class Move:
    """One allowed change of status, the button that makes it and what it needs."""

    to: ReportStatus
    action: str
    needs: tuple[str, ...] = ()


MOVES: dict[ReportStatus, tuple[Move, ...]] = {
    ReportStatus.NEW: (
        Move(ReportStatus.IN_REVIEW, "Start the review"),
        Move(ReportStatus.CLOSED, "Close without a review", needs=(OUTCOME,)),
    ),
    ReportStatus.IN_REVIEW: (
        Move(ReportStatus.REFERRED, "Refer to the police"),
        Move(ReportStatus.CLOSED, "Close", needs=(OUTCOME,)),
    ),
    ReportStatus.REFERRED: (Move(ReportStatus.CLOSED, "Close", needs=(OUTCOME,)),),
    ReportStatus.CLOSED: (Move(ReportStatus.IN_REVIEW, "Reopen for review"),),
}

# What to do instead of a refused move, where there is a way round.
INSTEAD = {
    (ReportStatus.NEW, ReportStatus.REFERRED): "put it in review first",
    (ReportStatus.CLOSED, ReportStatus.REFERRED): "reopen it for review first",
    (ReportStatus.REFERRED, ReportStatus.IN_REVIEW): "close it with an outcome, then reopen it",
}

# How a report can be closed.
OUTCOMES = {
    "police-action": "Referred, and the police are dealing with it",
    "support-given": "Support given or arranged",
    "signposted": "Signposted to other help",
    "no-further-action": "No further action",
    "not-enough-information": "Not enough information to act on",
    "withdrawn": "Withdrawn by the person who reported it",
    "duplicate": "Duplicate of another report",
}

NOTE_LIMIT = 5000
POLICE_REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 /.-]{0,48}[A-Za-z0-9])?")


def status_name(status: str) -> str:
    """A status as staff read it, like "In review"."""
    return STATUS_NAMES.get(ReportStatus(status), status) if status in set(ReportStatus) else status


def moves_from(status: str) -> tuple[Move, ...]:
    """The moves a report with this status can make."""
    return MOVES.get(ReportStatus(status), ()) if status in set(ReportStatus) else ()


def moves_for(report: Report) -> tuple[Move, ...]:
    """The moves this report can make: its status's, less referral if its reporter refused it."""
    referable = police_sharing.may_refer(report)
    return tuple(
        move
        for move in moves_from(report.status)
        if move.to is not ReportStatus.REFERRED or referable
    )


def referral_withheld(report: Report) -> str | None:
    """Why the report cannot be referred, where its status allows it but its reporter did not."""
    if ReportStatus.REFERRED not in {move.to for move in moves_from(report.status)}:
        return None
    return None if police_sharing.may_refer(report) else police_sharing.why_not_referable(report)


def check_move(from_status: str, to_status: str) -> Move:
    """The move from one status to another, or `InvalidStatusChange` saying why not."""
    if to_status not in set(ReportStatus):
        raise InvalidCaseworkInput("status", "Select what to do with the report")
    source, target = ReportStatus(from_status), ReportStatus(to_status)
    for move in MOVES[source]:
        if move.to is target:
            return move
    raise InvalidStatusChange(source, target, refusal(source, target))


def refusal(source: ReportStatus, target: ReportStatus) -> str:
    """Why a report cannot move from one status to another, and what to do instead."""
    if source is target:
        return f"The report is already {_STATE_PHRASES[source]}"
    if target is ReportStatus.NEW:
        return "A report cannot be made new again: a report that has been looked at stays so"
    message = f"A report that is {_STATE_PHRASES[source]} cannot be {_MOVE_PHRASES[target]}"
    instead = INSTEAD.get((source, target))
    return f"{message}: {instead}" if instead else message


def change_status(
    session: DatabaseSession,
    report: Report,
    to_status: str,
    actor: User,
    outcome: str | None = None,
    seen_status: str | None = None,
) -> ReportEvent:
    """Move a report to a new status, with the outcome that closing needs.

    `seen_status` is the status the officer decided from (their page's); the move is made only
    if the report still has it, or `ReportChangedMeanwhile` is raised and nothing changes.
    """
    source = seen_status or report.status
    move = check_move(source, to_status)
    changes: dict[str, object] = {"status": move.to.value}
    text = None
    if OUTCOME in move.needs:
        if not outcome or outcome not in OUTCOMES:
            raise InvalidCaseworkInput(OUTCOME, "Select an outcome to close the report")
        changes["outcome"] = outcome
        text = f"Outcome: {OUTCOMES[outcome]}"
    if move.to is ReportStatus.REFERRED:
        if not police_sharing.may_refer(report):
            raise InvalidStatusChange(source, move.to, police_sharing.why_not_referable(report))
        text = police_sharing.referral_record(report)
    if move.to is ReportStatus.IN_REVIEW:
        changes["outcome"] = None
    changes["closed_at"] = clock.now() if move.to is ReportStatus.CLOSED else None
    _change_if_unchanged(session, report, "status", {"status": source}, changes)
    event = append_event(session, report, actor, "status_changed", text, source, move.to)
    detail = f"{source} -> {move.to}" + (f" ({report.outcome})" if report.outcome else "")
    audit.record(session, actor, audit.REPORT_STATUS_CHANGED, "report", report.id, detail)
    log.info("report %s moved from %s to %s by user %s", report.id, source, move.to, actor.id)
    return event


UNSEEN = -1  # no assignee was given as seen: decide from the report as it is read now


def assign(
    session: DatabaseSession,
    report: Report,
    officer: User | None,
    actor: User,
    seen_assignee_id: int | None = UNSEEN,
) -> ReportEvent | None:
    """Give a report to an officer (or to nobody); None when nothing changed.

    `seen_assignee_id` is who had it on the officer's page: if someone else has changed it
    since, `ReportChangedMeanwhile` is raised and nothing changes.
    """
    if officer is not None and (officer.role not in CASEWORK_ROLES or not officer.active):
        raise InvalidCaseworkInput("assignee", "Select an officer from the list")
    seen = report.assignee_id if seen_assignee_id == UNSEEN else seen_assignee_id
    if seen != report.assignee_id:
        raise ReportChangedMeanwhile("assignee")
    if report.assignee_id == (officer.id if officer else None):
        return None
    changes: dict[str, object] = {"assignee_id": officer.id if officer else None}
    _change_if_unchanged(session, report, "assignee", {"assignee_id": seen}, changes)
    text = f"Assigned to {officer.name}" if officer else "Unassigned"
    event = append_event(session, report, actor, "assigned", text)
    detail = f"assignee={officer.id}" if officer else "unassigned"
    audit.record(session, actor, audit.REPORT_ASSIGNED, "report", report.id, detail)
    log.info("report %s assigned by user %s", report.id, actor.id)
    return event


def _change_if_unchanged(
    session: DatabaseSession,
    report: Report,
    field: str,
    seen: dict[str, object],
    changes: dict[str, object],
) -> None:
    """Write `changes` to the report only where it still has the `seen` values, in one UPDATE.

    Two officers acting at once both read the same report; the database lets only the first
    UPDATE match (PostgreSQL waits on the row's lock, then checks the condition again; SQLite
    lets one writer in at a time), so the second is told instead of overwriting the first.
    """
    conditions = [
        getattr(Report, column).is_(None) if value is None else getattr(Report, column) == value
        for column, value in seen.items()
    ]
    statement = (
        update(Report)
        .where(Report.id == report.id, *conditions)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        raise ReportChangedMeanwhile(field)
    session.expire(report, [*changes, "assignee"] if "assignee_id" in changes else list(changes))


def add_note(session: DatabaseSession, report: Report, text: str, actor: User) -> ReportEvent:
    """Add an officer's note to a report's history."""
    note = (text or "").strip()
    if not note:
        raise InvalidCaseworkInput("note", "Enter a note")
    if len(note) > NOTE_LIMIT:
        raise InvalidCaseworkInput("note", f"The note must be {NOTE_LIMIT:,} characters or fewer")
    event = append_event(session, report, actor, "note", note)
    audit.record(session, actor, audit.REPORT_NOTE_ADDED, "report", report.id)
    log.info("note added to report %s by user %s", report.id, actor.id)
    return event


def set_risk(
    session: DatabaseSession, report: Report, flag: bool, actor: User
) -> ReportEvent | None:
    """Raise or clear a report's risk flag; None when it was already so."""
    if report.risk_flag == flag:
        return None
    report.risk_flag = flag
    kind, text = (
        ("risk_flagged", "Flagged as high risk") if flag else ("risk_cleared", "Risk flag removed")
    )
    event = append_event(session, report, actor, kind, text)
    detail = "flagged" if flag else "cleared"
    audit.record(session, actor, audit.REPORT_RISK_CHANGED, "report", report.id, detail)
    log.info("report %s risk flag %s by user %s", report.id, detail, actor.id)
    return event


def set_police_reference(
    session: DatabaseSession, report: Report, reference: str | None, actor: User
) -> ReportEvent | None:
    """Record or correct the police reference of a report; None when it was already so."""
    cleaned = _police_reference(reference)
    if cleaned == report.police_reference:
        return None
    report.police_reference = cleaned
    event = append_event(session, report, actor, "police_reference", f"Police reference: {cleaned}")
    audit.record(session, actor, audit.REPORT_POLICE_REFERENCE_SET, "report", report.id)
    log.info("police reference recorded on report %s by user %s", report.id, actor.id)
    return event


def can_do_casework(user: User) -> bool:
    """Whether a member of staff works on reports: officers and admins."""
    return user.role in CASEWORK_ROLES


def can_see_contact_details(user: User) -> bool:
    """Whether a member of staff may see a reporter's contact details: officers and admins.

    Centre staff took the details from the person in front of them; once the report is
    logged, only the officers who act on it need them.
    """
    return user.role in CASEWORK_ROLES


def can_see_event(user: User, event: ReportEvent) -> bool:
    """Whether a member of staff sees an entry of the history: officers' notes are theirs."""
    return can_do_casework(user) or event.kind != "note"


def visible_to(user: User) -> ColumnElement[bool]:
    """The SQL condition for the reports a member of staff may see."""
    if user.role in CASEWORK_ROLES:
        return true()
    if user.role == CENTRE_STAFF and user.centre_id is not None:
        return Report.centre_id == user.centre_id
    return false()


def report_for(session: DatabaseSession, user: User, report_id: int) -> Report:
    """The report with this id, if this member of staff may see it, else `ReportNotFound`."""
    report = session.scalar(select(Report).where(Report.id == report_id, visible_to(user)))
    if report is None:
        raise ReportNotFound(report_id)
    return report


def open_report(session: DatabaseSession, user: User, report_id: int) -> Report:
    """The report a member of staff opens to read, with the view written to the audit log."""
    report = report_for(session, user, report_id)
    audit.record(session, user, audit.REPORT_VIEWED, "report", report.id)
    return report


def officers(session: DatabaseSession) -> list[User]:
    """The active staff a report can be assigned to, by name."""
    query = select(User).where(User.role.in_(CASEWORK_ROLES), User.active).order_by(User.name)
    return list(session.scalars(query))


def officer_by_id(session: DatabaseSession, user_id: str) -> User | None:
    """The officer chosen from a list by id; None for "nobody"."""
    if not user_id:
        return None
    officer = session.get(User, int(user_id)) if user_id.isdigit() else None
    if officer is None:
        raise InvalidCaseworkInput("assignee", "Select an officer from the list")
    return officer


def _police_reference(value: str | None) -> str:
    reference = " ".join((value or "").split())
    if not reference:
        raise InvalidCaseworkInput(POLICE_REFERENCE, "Enter the police reference")
    if not POLICE_REFERENCE_SHAPE.fullmatch(reference):
        raise InvalidCaseworkInput(
            POLICE_REFERENCE,
            "Enter the police reference as the police gave it, in 50 characters or fewer, "
            "using only letters, numbers, spaces, slashes, dots and hyphens",
        )
    return reference


def append_event(
    session: DatabaseSession,
    report: Report,
    actor: User | None,
    kind: str,
    text: str | None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> ReportEvent:
    """Add an entry to a report's history, and raise its `updated_at`; no actor is Engage."""
    now = clock.now()
    event = ReportEvent(
        report=report,
        at=now,
        actor_id=actor.id if actor else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        text=text,
    )
    session.add(event)
    report.updated_at = now
    session.flush()
    return event
