"""The database tables: forms, consultations, submissions, reports, staff and the audit log."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage import clock
from engage.domain import ReportStatus, SubmissionStatus
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


class FormDraft(db.Model):  # type: ignore[name-defined]
    """A form definition being written in the browser, saved at every change; never answered.

    Publishing it stores an ordinary `Form` version and deletes the draft. `revision` counts the
    saves, so a change made from a page older than the last save is refused, not merged.
    """

    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[str] = mapped_column(String(100), unique=True)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    # What an upload could not carry over, one line each, shown until the draft is published.
    left_out: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)


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
    # "You said, we did": written by officers after closing, shown on the hub once published.
    you_said_we_did: Mapped[str | None] = mapped_column(Text)
    summary_published_at: Mapped[datetime | None]

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
    status: Mapped[str] = mapped_column(String(20), default=SubmissionStatus.DRAFT)
    draft_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    submitted_at: Mapped[datetime | None]
    # A keyed hash of the Telegram chat it came from, so that /delete can find it; never the id.
    chat_key: Mapped[str | None] = mapped_column(String(64), index=True)

    form: Mapped[Form] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="Answer.id",
    )


class ChatState(db.Model):  # type: ignore[name-defined]
    """Where a Telegram chat is in a form, found by a keyed hash of the chat's id."""

    __tablename__ = "chat_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


SHORT_VALUE = "length(value) <= 200"


class DraftSecret(db.Model):  # type: ignore[name-defined]
    """What an unfinished report keeps that no cookie may hold, sealed (Fernet) with a key
    derived from the draft key: its contact answers until it is sent, and its receipt code
    until the confirmation page has shown it. The database keeps the draft key only hashed, so
    it cannot open them alone."""

    __tablename__ = "draft_secrets"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), unique=True
    )
    sealed: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


class Answer(db.Model):  # type: ignore[name-defined]
    """One stored value of one question: a multiple choice has a row a choice; NULL is skipped."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("submission_id", "question_id", "position"),
        Index("ix_answers_question", "question_id"),
        # Counting the answers to choice questions reads this index alone, never the table. It
        # holds short values only (choices, and "other" texts of up to 200 characters), so a
        # long free-text answer never outgrows PostgreSQL's limit on an index entry.
        Index(
            "ix_answers_short_values",
            "question_id",
            "value",
            "submission_id",
            "position",
            sqlite_where=text(SHORT_VALUE),
            postgresql_where=text(SHORT_VALUE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    value: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(back_populates="answers")


class TextAnalysis(db.Model):  # type: ignore[name-defined]
    """What the machine read in one free-text answer, besides its tags."""

    __tablename__ = "text_analyses"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    polarity: Mapped[float]
    subjectivity: Mapped[float]
    urgent: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(10), default="en")
    needs_translation: Mapped[bool] = mapped_column(default=False)
    analysed_at: Mapped[datetime] = mapped_column(default=clock.now)


class AnswerTag(db.Model):  # type: ignore[name-defined]
    """A label on a free-text answer: the machine's suggestion, or an officer's decision.

    Both are kept side by side: an officer confirms a label (applies), adds a missing one, or
    says a suggested one does not apply (applies is false), and the machine's row stays.
    """

    __tablename__ = "answer_tags"
    __table_args__ = (
        UniqueConstraint("answer_id", "label", "source"),
        Index("ix_answer_tags_label_source", "label", "source"),
        # What each group raised reads a family's tags from this index alone.
        Index("ix_answer_tags_family", "family", "answer_id", "label", "source", "applies"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    family: Mapped[str] = mapped_column(String(20))  # priority, theme or characteristic
    label: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(10))  # machine or officer
    applies: Mapped[bool] = mapped_column(default=True)
    # The machine's evidence: [[start, end], …] character spans of the answer's text.
    evidence: Mapped[list[list[int]] | None] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class ReportingCentre(db.Model):  # type: ignore[name-defined]
    """A third-party reporting centre (a library, a faith centre…) whose staff log reports."""

    __tablename__ = "reporting_centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class User(db.Model):  # type: ignore[name-defined]
    """A member of staff: an admin, an officer, or the staff of one reporting centre."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_centres.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    # Raised on every password change, so that every other session signs out.
    session_version: Mapped[int] = mapped_column(default=1)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Wrong second-factor codes in a row, counted apart from wrong passwords: giving the right
    # password again must not wipe them, or a code could be guessed five tries at a time.
    failed_codes: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in: the TOTP app's shared secret once confirmed, and the last time step
    # whose code was used, so that a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    # A new authenticator's secret while it is being set up, until its first code confirms it;
    # kept here rather than in the session cookie, which whoever holds the browser can read.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))

    centre: Mapped[ReportingCentre | None] = relationship()


class SignInLock(db.Model):  # type: ignore[name-defined]
    """Wrong passwords for one account from one client address, which is kept only hashed."""

    __tablename__ = "sign_in_locks"
    __table_args__ = (UniqueConstraint("user_id", "address_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # A keyed hash (HMAC-SHA256) of the client address: never the address itself.
    address_key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


class RecoveryCode(db.Model):  # type: ignore[name-defined]
    """A single-use code that stands in for a lost authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]


class Report(db.Model):  # type: ignore[name-defined]
    """The casework on a hate incident report; its answers are those of its submission."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_centres.id"), index=True)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.NEW)
    outcome: Mapped[str | None] = mapped_column(String(50))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    police_reference: Mapped[str | None] = mapped_column(String(50))
    risk_flag: Mapped[bool] = mapped_column(default=False)
    # scrypt of the receipt code, keyed with a secret pepper: finds the report, reveals nothing.
    receipt_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    # When it was last closed (None while open), and when its personal details were removed
    # after the retention period; retention counts from closing.
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    anonymised_at: Mapped[datetime | None]

    submission: Mapped[Submission] = relationship()
    centre: Mapped[ReportingCentre | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    logged_by: Mapped[User | None] = relationship(foreign_keys=[logged_by_id])
    events: Mapped[list["ReportEvent"]] = relationship(
        back_populates="report", order_by="ReportEvent.id"
    )


class ReportEvent(db.Model):  # type: ignore[name-defined]
    """One entry in a report's append-only history: a status change, a note, an assignment…"""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ReportLink(db.Model):  # type: ignore[name-defined]
    """An officer's finding that two reports concern the same person.

    A link has no direction, so the pair is stored one way only, the smaller report id first:
    the unique constraint then also refuses the same link made from the other report.
    """

    __tablename__ = "report_links"
    __table_args__ = (
        UniqueConstraint("report_id", "linked_report_id"),
        CheckConstraint("report_id < linked_report_id", name="ck_report_links_smaller_first"),
        # The unique constraint finds a report's links as the first of a pair; this, as the second.
        Index("ix_report_links_linked_report_id", "linked_report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    linked_report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    linked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class RetentionPeriod(db.Model):  # type: ignore[name-defined]
    """How long a form's personal details are kept, as an admin set it (else the default)."""

    __tablename__ = "retention_periods"

    definition_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    days: Mapped[int]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=clock.now)


class ContactDetails(db.Model):  # type: ignore[name-defined]
    """How to reach a reporter, kept apart from the report and only with their consent."""

    __tablename__ = "contact_details"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    best_time: Mapped[str | None] = mapped_column(String(200))
    consent_given_at: Mapped[datetime] = mapped_column(default=clock.now)


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """An append-only record of who viewed, exported or changed what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[int | None]
    detail: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User | None] = relationship()
