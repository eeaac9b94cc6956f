"""A submitted response is stored whole, one row an answer, on whichever database is configured."""

from datetime import date

from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from engage.models import Answer, Consultation, Submission
from engage.services import responses
from engage.services.forms import flow_for
from surveys import Flow


def start_street_safety() -> tuple[Submission, Flow]:
    consultation = db.session.scalar(select(Consultation).filter_by(slug="street-safety"))
    submission, _ = responses.start_response(
        db.session, consultation.form, channel="web", consultation=consultation
    )
    return submission, flow_for(consultation.form)


def test_a_submitted_response_is_stored_with_every_answer(app: Flask, street_safety: str):
    with app.app_context():
        submission, flow = start_street_safety()
        given = {
            "feel_safe": "strongly-agree",
            "worries": ["asb", "speeding", "other"],
            "worries_other": "Fireworks in the park",
            "comments": "Café owners say it’s quieter now – 👍",
            "knows_pact": True,
            "meetings": 12,
            "last_meeting": date(2024, 3, 4),
            "ward": "outside-wolverhampton",
            "postcode": "WV10 6DE",
            "agree": True,
        }
        responses.record_answers(db.session, submission, flow, given)
        reference = responses.submit_response(db.session, submission, flow)
        db.session.commit()
        db.session.expunge_all()

        stored = db.session.scalar(select(Submission).filter_by(reference=reference))
        rows = db.session.execute(
            select(Answer.question_id, Answer.position, Answer.value)
            .where(Answer.submission_id == stored.id)
            .order_by(Answer.question_id, Answer.position)
        ).all()

        assert stored.status == "submitted" and stored.submitted_at is not None
        assert ("worries", 0, "asb") in rows and ("worries", 2, "other") in rows
        assert ("last_meeting", 0, "2024-03-04") in rows
        assert ("knows_pact", 0, "yes") in rows
        assert responses.answers_of(stored, flow) == given


def test_a_skipped_optional_question_is_stored_as_not_answered(app: Flask, street_safety: str):
    with app.app_context():
        consultation = db.session.scalar(select(Consultation).filter_by(slug="street-safety"))
        flow = flow_for(consultation.form)
        submission, _ = responses.start_response(
            db.session, consultation.form, channel="web", consultation=consultation
        )
        responses.record_answers(
            db.session, submission, flow, {"feel_safe": "agree", "comments": None}
        )
        db.session.commit()

        values = db.session.execute(
            select(Answer.question_id, Answer.value).where(Answer.submission_id == submission.id)
        ).all()

        assert ("comments", None) in values
        assert responses.answers_of(submission, flow) == {"feel_safe": "agree", "comments": None}
