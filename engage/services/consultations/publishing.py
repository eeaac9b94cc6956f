"""Consultations: publishing a form at a slug and deciding whether it takes answers.

What residents' pages need: a consultation's status, the hub, and refusing answers to one that
is not open. Officers' operations are in `administration`.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from engage import clock
from engage.errors import ConsultationNotFound, ConsultationNotOpen
from engage.models import Consultation, Form
from engage.services import DatabaseSession


class Status(StrEnum):
    FORTHCOMING = "forthcoming"
    OPEN = "open"
    CLOSED = "closed"


@dataclass
class Hub:
    """The consultations a resident sees, grouped the way the hub shows them."""

    open: list[Consultation]
    forthcoming: list[Consultation]
    closed: list[Consultation]


def status_of(consultation: Consultation, now: datetime | None = None) -> Status:
    """Whether a consultation is forthcoming, open or closed at a moment."""
    moment = now or clock.now()
    if moment < consultation.opens_at:
        return Status.FORTHCOMING
    if moment >= consultation.closes_at:
        return Status.CLOSED
    return Status.OPEN


def create_consultation(
    session: DatabaseSession,
    form: Form,
    slug: str,
    opens_at: datetime,
    closes_at: datetime,
    title: str | None = None,
    summary: str = "",
) -> Consultation:
    """Publish a form as a consultation between two moments."""
    if closes_at <= opens_at:
        raise ValueError("a consultation must close after it opens")
    consultation = Consultation(
        slug=slug,
        title=title or form.title,
        summary=summary,
        form=form,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    session.add(consultation)
    session.flush()
    return consultation


def hub(session: DatabaseSession, now: datetime | None = None) -> Hub:
    """Every consultation, grouped by status: open first, soonest closing first."""
    moment = now or clock.now()
    query = select(Consultation)
    return Hub(
        open=list(
            session.scalars(
                query.where(
                    Consultation.opens_at <= moment, Consultation.closes_at > moment
                ).order_by(Consultation.closes_at)
            )
        ),
        forthcoming=list(
            session.scalars(query.where(Consultation.opens_at > moment).order_by("opens_at"))
        ),
        closed=list(
            session.scalars(
                query.where(Consultation.closes_at <= moment).order_by(
                    Consultation.closes_at.desc()
                )
            )
        ),
    )


def get_consultation(session: DatabaseSession, slug: str) -> Consultation:
    """The consultation at a slug."""
    consultation = session.scalar(select(Consultation).filter_by(slug=slug))
    if consultation is None:
        raise ConsultationNotFound(slug)
    return consultation


def find_consultation(session: DatabaseSession, consultation_id: int) -> Consultation | None:
    """A consultation by its id, as a chat's button names it; None if there is none."""
    return session.get(Consultation, consultation_id)


def require_open(consultation: Consultation, now: datetime | None = None) -> None:
    """Refuse answers to a consultation that is not open."""
    status = status_of(consultation, now)
    if status is not Status.OPEN:
        raise ConsultationNotOpen(status)
