"""Telegram chats: where each is in a form, kept under a keyed hash of its id, never the id.

A chat's key is an HMAC of its Telegram chat id with a secret from the configuration: it finds
the chat's state again after a restart and the submissions made from it (for /delete), but
reveals nothing of the Telegram account to anyone without the secret.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from engage import clock
from engage.domain import Channel, SubmissionStatus
from engage.models import ChatState, Consultation, Form, Report, Submission
from engage.services import DatabaseSession, audit
from engage.services.erasure import erase_submission
from engage.services.references import hash_draft_key
from engage.services.responses import start_response

log = logging.getLogger(__name__)

State = dict[str, Any]


@dataclass(frozen=True)
class SavedChat:
    """A chat's state as last saved, and when."""

    state: State
    updated_at: datetime


@dataclass(frozen=True)
class ChatHoldings:
    """What Engage holds that came from one chat."""

    responses: int
    reports: int
    unfinished: int

    @property
    def anything(self) -> bool:
        return bool(self.responses or self.reports or self.unfinished)


def chat_key(secret: str, chat_id: int) -> str:
    """The keyed hash that stands for a Telegram chat id."""
    return hmac.new(secret.encode(), str(chat_id).encode(), hashlib.sha256).hexdigest()


def load_chat(session: DatabaseSession, key: str) -> SavedChat | None:
    """The chat's saved state, if it has one."""
    row = session.scalar(select(ChatState).filter_by(chat_key=key))
    return None if row is None else SavedChat(dict(row.state), row.updated_at)


def save_chat(session: DatabaseSession, key: str, state: State) -> None:
    """Keep a chat's state, or forget the chat once its state is empty."""
    row = session.scalar(select(ChatState).filter_by(chat_key=key))
    if not state:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(ChatState(chat_key=key, state=state, updated_at=clock.now()))
    else:
        row.state, row.updated_at = state, clock.now()
    session.flush()


def start_chat_response(
    session: DatabaseSession,
    key: str,
    form: Form,
    language: str,
    consultation: Consultation | None = None,
) -> tuple[Submission, str]:
    """Open a chat's draft, held under the chat's keyed hash so that /delete can find it."""
    submission, draft_key = start_response(
        session, form, channel=Channel.TELEGRAM, language=language, consultation=consultation
    )
    submission.chat_key = key
    session.flush()
    return submission, draft_key


def discard_unfinished(session: DatabaseSession, state: State) -> bool:
    """Delete the draft a chat's state points to, if it is still a draft."""
    key = state.get("draft_key")
    if not key:
        return False
    draft = session.scalar(
        select(Submission).filter_by(
            draft_key_hash=hash_draft_key(key), status=SubmissionStatus.DRAFT
        )
    )
    if draft is None:
        return False
    erase_submission(session, draft)
    return True


def expire_idle_chats(session: DatabaseSession, idle: timedelta) -> int:
    """Forget chats idle for longer than `idle`, deleting their unfinished answers."""
    cutoff = clock.now() - idle
    idle_chats = list(session.scalars(select(ChatState).where(ChatState.updated_at < cutoff)))
    for row in idle_chats:
        discard_unfinished(session, row.state)
        session.delete(row)
    session.flush()
    if idle_chats:
        log.info("%s idle chats expired", len(idle_chats))
    return len(idle_chats)


def holdings(session: DatabaseSession, key: str) -> ChatHoldings:
    """How many responses, reports and unfinished answers came from a chat."""
    counts = dict(
        session.execute(
            select(Submission.status, func.count())
            .where(Submission.chat_key == key)
            .group_by(Submission.status)
        ).all()
    )
    reports = (
        session.scalar(
            select(func.count())
            .select_from(Report)
            .join(Submission)
            .where(Submission.chat_key == key)
        )
        or 0
    )
    return ChatHoldings(
        responses=counts.get(SubmissionStatus.SUBMITTED, 0) - reports,
        reports=reports,
        unfinished=counts.get(SubmissionStatus.DRAFT, 0),
    )


def erase_chat(session: DatabaseSession, key: str) -> ChatHoldings:
    """Erase everything that came from a chat, and its state; the audit log keeps the counts."""
    held = holdings(session, key)
    for submission in session.scalars(select(Submission).filter_by(chat_key=key)).all():
        erase_submission(session, submission)
    session.execute(delete(ChatState).where(ChatState.chat_key == key))
    detail = f"{held.responses} responses, {held.reports} reports, {held.unfinished} unfinished"
    audit.record(session, None, audit.CHAT_ERASED, "chat", None, detail)
    return held
