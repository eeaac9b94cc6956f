"""Officers' consultation operations: schedule, re-date, open and close, and "You said, we did".

Every change is written to the audit log in the same transaction; the caller commits.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engage import clock
from engage.domain import SubmissionStatus
from engage.errors import (
    ConsultationChangeRefused,
    ConsultationInvalid,
)
from engage.models import Consultation, Form, Submission, User
from engage.services import DatabaseSession, audit
from engage.services.consultations.publishing import Status, create_consultation, status_of

log = logging.getLogger(__name__)

# Loaded definitions that are never offered as consultations: the incident report and its
# contact details are the reporting journey's, and equalities monitoring is only ever included
# at the end of other forms. Any other loaded definition can be scheduled as a consultation.
NOT_CONSULTATIONS = frozenset(
    {"hate-incident-report", "report-contact-details", "equalities-monitoring"}
)

SLUG_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_LENGTH = 100
TITLE_LENGTH = 300
SUMMARY_LENGTH = 1000
YOU_SAID_WE_DID_LENGTH = 20000


def list_forms(session: DatabaseSession) -> list[Form]:
    """The newest version of every loaded definition that can be a consultation, by title."""
    newest = (
        select(Form.definition_id, func.max(Form.version).label("version"))
        .group_by(Form.definition_id)
        .subquery()
    )
    query = (
        select(Form)
        .join(
            newest,
            (Form.definition_id == newest.c.definition_id) & (Form.version == newest.c.version),
        )
        .where(Form.definition_id.not_in(NOT_CONSULTATIONS))
        .order_by(Form.title, Form.definition_id)
    )
    return list(session.scalars(query))


@dataclass(frozen=True)
class FormVersion:
    """One published version of a form, with how much it is used."""

    form: Form
    consultations: int  # consultations asking it now
    responses: int  # responses sent that answered it


def form_versions(session: DatabaseSession, definition_id: str) -> list[FormVersion]:
    """Every version of a consultation form, the newest first; none for the reporting forms."""
    if definition_id in NOT_CONSULTATIONS:
        return []
    asking = (
        select(func.count(Consultation.id)).where(Consultation.form_id == Form.id).scalar_subquery()
    )
    sent = (
        select(func.count(Submission.id))
        .where(Submission.form_id == Form.id, Submission.status == SubmissionStatus.SUBMITTED)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Form, asking, sent)
        .where(Form.definition_id == definition_id)
        .order_by(Form.version.desc())
    )
    return [FormVersion(form, consultations, responses) for form, consultations, responses in rows]


def list_consultations(session: DatabaseSession) -> list[tuple[Consultation, int]]:
    """Every consultation, newest opening first, with its number of submitted responses."""
    responses = (
        select(Submission.consultation_id, func.count(Submission.id).label("count"))
        .where(
            Submission.status == SubmissionStatus.SUBMITTED, Submission.consultation_id.is_not(None)
        )
        .group_by(Submission.consultation_id)
        .subquery()
    )
    query = (
        select(Consultation, func.coalesce(responses.c.count, 0))
        .outerjoin(responses, responses.c.consultation_id == Consultation.id)
        .order_by(Consultation.opens_at.desc(), Consultation.id.desc())
    )
    return [(consultation, count) for consultation, count in session.execute(query)]


def response_count(session: DatabaseSession, consultation: Consultation) -> int:
    """How many responses to a consultation have been submitted."""
    query = select(func.count(Submission.id)).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.SUBMITTED,
    )
    return session.scalar(query) or 0


def check_details(
    session: DatabaseSession,
    form: Form | None,
    slug: str,
    title: str,
    summary: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> dict[str, str]:
    """What is wrong with a new consultation's details, field by field; empty if nothing.

    A date that is None is left for the caller to explain (it was missing or not a real date).
    """
    errors: dict[str, str] = {}
    if form is None:
        errors["form"] = "Select the questions the consultation asks"
    elif form.definition_id in NOT_CONSULTATIONS:
        errors["form"] = "Select a consultation: that form is not one"
    if not slug:
        errors["slug"] = "Enter a web address for the consultation"
    elif len(slug) > SLUG_LENGTH:
        errors["slug"] = f"Web address must be {SLUG_LENGTH} characters or fewer"
    elif not SLUG_SHAPE.fullmatch(slug):
        errors["slug"] = (
            "Web address must only include lower-case letters, numbers and hyphens, "
            "and must not start or end with a hyphen"
        )
    elif session.scalar(select(Consultation.id).filter_by(slug=slug)) is not None:
        errors["slug"] = "A consultation already uses that web address. Enter a different one"
    if not title:
        errors["title"] = "Enter a title"
    elif len(title) > TITLE_LENGTH:
        errors["title"] = f"Title must be {TITLE_LENGTH} characters or fewer"
    if len(summary) > SUMMARY_LENGTH:
        errors["summary"] = f"Summary must be {SUMMARY_LENGTH:,} characters or fewer"
    errors.update(_check_dates(opens_at, closes_at))
    return errors


def schedule_consultation(
    session: DatabaseSession,
    form: Form | None,
    slug: str,
    title: str,
    summary: str,
    opens_at: datetime,
    closes_at: datetime,
    actor: User | None = None,
) -> Consultation:
    """Publish a form as a consultation at a slug between two moments, checking every detail.

    Raises ConsultationInvalid with a message for each field to fix.
    """
    slug, title, summary = slug.strip(), title.strip(), summary.strip()
    errors = check_details(session, form, slug, title, summary, opens_at, closes_at)
    if not errors and closes_at <= clock.now():
        errors["closes_at"] = "Closing date must be in the future"
    if errors or form is None:
        raise ConsultationInvalid(errors)
    try:
        consultation = create_consultation(
            session, form, slug, opens_at, closes_at, title=title, summary=summary
        )
    except IntegrityError:
        # Another officer took the slug since the check: the failed insert spoils the
        # transaction, so it is rolled back before saying so.
        session.rollback()
        raise ConsultationInvalid(
            {"slug": "A consultation already uses that web address. Enter a different one"}
        ) from None
    _record(
        session,
        actor,
        audit.CONSULTATION_CREATED,
        consultation,
        f"{form.definition_id} v{form.version}",
    )
    return consultation


def update_dates(
    session: DatabaseSession,
    consultation: Consultation,
    opens_at: datetime,
    closes_at: datetime,
    actor: User | None = None,
) -> None:
    """Move a consultation's opening or closing time; a later closing time re-opens it."""
    opens_changed = _minute(opens_at) != _minute(consultation.opens_at)
    closes_changed = _minute(closes_at) != _minute(consultation.closes_at)
    errors = _date_change_errors(consultation, opens_at, closes_at, opens_changed, closes_changed)
    if errors:
        raise ConsultationInvalid(errors)
    if not (opens_changed or closes_changed):
        return
    if opens_changed:
        consultation.opens_at = opens_at
    if closes_changed:
        consultation.closes_at = closes_at
    session.flush()
    when = f"opens {consultation.opens_at:%Y-%m-%dT%H:%M}"
    when += f" closes {consultation.closes_at:%Y-%m-%dT%H:%M}"
    _record(session, actor, audit.CONSULTATION_DATES_CHANGED, consultation, when)


def _date_change_errors(
    consultation: Consultation,
    opens_at: datetime,
    closes_at: datetime,
    opens_changed: bool,
    closes_changed: bool,
) -> dict[str, str]:
    """What is wrong with new dates for a consultation that already exists.

    Once it has opened, its opening time is history. "Close now" closes it, not a closing date
    in the past. A published "You said, we did" is unpublished before the consultation re-opens.
    """
    now = clock.now()
    errors = _check_dates(opens_at, closes_at)
    if opens_changed and consultation.opens_at <= now:
        errors["opens_at"] = "The opening date cannot change once the consultation has opened"
    if not closes_changed or "closes_at" in errors:
        return errors
    if closes_at <= now:
        errors["closes_at"] = (
            "Closing date must be in the future. To close the consultation now, use Close now"
        )
    elif consultation.summary_published_at is not None:
        errors["closes_at"] = (
            "Unpublish “You said, we did” before you change the closing date and re-open "
            "the consultation"
        )
    return errors


@dataclass(frozen=True)
class _ChangeNow:
    """Opening or closing a consultation at once: what it becomes, and when that is refused."""

    becomes: Status
    refused_when: Status
    refusal: str
    moment: Literal["opens_at", "closes_at"]
    action: str


_OPEN_NOW = _ChangeNow(
    becomes=Status.OPEN,
    refused_when=Status.CLOSED,
    refusal="This consultation has closed. To open it again, change its closing date",
    moment="opens_at",
    action=audit.CONSULTATION_OPENED,
)
_CLOSE_NOW = _ChangeNow(
    becomes=Status.CLOSED,
    refused_when=Status.FORTHCOMING,
    refusal="This consultation has not opened yet. Change its dates instead of closing it",
    moment="closes_at",
    action=audit.CONSULTATION_CLOSED,
)


def open_now(
    session: DatabaseSession, consultation: Consultation, actor: User | None = None
) -> None:
    """Open a forthcoming consultation at once; one already open is left as it is.

    A closed consultation is refused: re-opening one is done on purpose, by giving it a new
    closing date.
    """
    _change_now(session, consultation, _OPEN_NOW, actor)


def close_now(
    session: DatabaseSession, consultation: Consultation, actor: User | None = None
) -> None:
    """Close an open consultation at once; one already closed is left as it is."""
    _change_now(session, consultation, _CLOSE_NOW, actor)


def _change_now(
    session: DatabaseSession, consultation: Consultation, change: _ChangeNow, actor: User | None
) -> None:
    now = clock.now()
    status = status_of(consultation, now)
    if status is change.becomes:
        return
    if status is change.refused_when:
        raise ConsultationChangeRefused(change.refusal)
    setattr(consultation, change.moment, now)
    session.flush()
    _record(session, actor, change.action, consultation)


def write_summary(
    session: DatabaseSession, consultation: Consultation, text: str, actor: User | None = None
) -> None:
    """Save the "You said, we did" of a closed consultation; if published, it shows at once.

    It is plain text, with a blank line between paragraphs.
    """
    _require_closed(consultation)
    text = normalise_paragraphs(text)
    problem = None
    if not text:
        problem = "Enter what people said and what the partnership did"
    elif len(text) > YOU_SAID_WE_DID_LENGTH:
        problem = f"“You said, we did” must be {YOU_SAID_WE_DID_LENGTH:,} characters or fewer"
    if problem:
        raise ConsultationInvalid({"you_said_we_did": problem})
    if text == consultation.you_said_we_did:
        return
    consultation.you_said_we_did = text
    session.flush()
    _record(session, actor, audit.CONSULTATION_SUMMARY_WRITTEN, consultation)


def publish_summary(
    session: DatabaseSession, consultation: Consultation, actor: User | None = None
) -> None:
    """Show a closed consultation's "You said, we did" on the public hub."""
    _require_closed(consultation)
    if not consultation.you_said_we_did:
        raise ConsultationChangeRefused("Write “You said, we did” and save it before publishing")
    if consultation.summary_published_at is not None:
        return
    consultation.summary_published_at = clock.now()
    session.flush()
    _record(session, actor, audit.CONSULTATION_SUMMARY_PUBLISHED, consultation)


def unpublish_summary(
    session: DatabaseSession, consultation: Consultation, actor: User | None = None
) -> None:
    """Take a consultation's "You said, we did" off the public pages; its text is kept."""
    if consultation.summary_published_at is None:
        return
    consultation.summary_published_at = None
    session.flush()
    _record(session, actor, audit.CONSULTATION_SUMMARY_UNPUBLISHED, consultation)


def normalise_paragraphs(text: str) -> str:
    """Plain text with one blank line between paragraphs and no stray spaces at the ends."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> dict[str, str]:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        return {"closes_at": "Closing date must be after the opening date"}
    return {}


def _minute(moment: datetime) -> datetime:
    """A moment to the minute, as the pages show and take times."""
    return moment.replace(second=0, microsecond=0)


def _require_closed(consultation: Consultation) -> None:
    if status_of(consultation) is not Status.CLOSED:
        raise ConsultationChangeRefused(
            "You can write and publish “You said, we did” once the consultation has closed"
        )


def _record(
    session: DatabaseSession,
    actor: User | None,
    action: str,
    consultation: Consultation,
    detail: str | None = None,
) -> None:
    audit.record(session, actor, action, "consultation", consultation.id, detail)
    log.info(
        "consultation %s: %s by user %s",
        consultation.id,
        action,
        actor.id if actor is not None else "none",
    )
