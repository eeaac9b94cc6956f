"""The database tables: forms, consultations, submissions and their answers."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage import clock
from engage.extensions import db


class Form(db.Model):  # type: ignore[name-defined]
    """One version of a form definition, stored expanded so it never changes under a response."""

    __tablename__ = "forms"
    __table_args__ = (UniqueConstraint("definition_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(default=clock.now)


class Consultation(db.Model):  # type: ignore[name-defined]
    """A form published to residents at a slug, between its opening and closing times."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"))
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    form: Mapped[Form] = relationship()


class Submission(db.Model):  # type: ignore[name-defined]
    """A consultation response or an incident report: a draft until it is submitted."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_form_status", "form_id", "status"),
        Index("ix_submissions_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="en")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    draft_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    submitted_at: Mapped[datetime | None]

    form: Mapped[Form] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="Answer.id",
    )


class Answer(db.Model):  # type: ignore[name-defined]
    """One stored value of one question: a multiple choice has a row a choice; NULL is skipped."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("submission_id", "question_id", "position"),
        Index("ix_answers_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    value: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(back_populates="answers")
