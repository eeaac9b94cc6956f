"""A small world for the tests that visit every page as every role: two reporting centres and a
spare one, a member of staff of each role, a report logged at a centre with contact details, a
note and a link to another report, an open consultation with an answer in a resident's own
words, and a closed one with its "You said, we did" published.

Every text a person types in it (names, answers, descriptions, contact details, notes,
summaries) begins with the `text` the world is built with, so that a test can build it with
markup or a spreadsheet formula and look for that text on every page and in every export.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from factories import make_user, publish_form, sign_in
from flask import Flask, url_for
from flask.testing import FlaskClient
from report_factories import report as make_report
from sqlalchemy import select
from werkzeug.routing import Rule

from engage import clock
from engage.extensions import db
from engage.models import Answer, Consultation, ContactDetails, ReportingCentre, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services.accounts import staff as accounts
from engage.services.consultations import administration as consultation_admin
from engage.services.consultations import drafting
from engage.services.forms import flow_for
from engage.services.reports import casework, links
from engage.services.reports.receipts import hash_receipt_code
from engage.services.responses import record_answers, start_response, submit_response
from surveys import editing

ROLES = ("anonymous", "centre_a", "centre_b", "officer", "admin")
EMAILS = {
    "centre_a": "a@library.example",
    "centre_b": "b@gurdwara.example",
    "officer": "officer@swp.example",
    "admin": "admin@swp.example",
}
RECEIPT_CODE = "K7QM4-XA2CD-HJ3PW-9RTVE"
STRATEGY = "swp-strategy-2020-2023"
OPEN_SLUG = "strategy"
CLOSED_SLUG = "last-year"
# The answers a consultation response needs, as stored.
REQUIRED = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "agree",
    "harm_reduction_agree": "disagree",
    "building_community_capacity_agree": "agree",
}


@dataclass
class World:
    """What a test needs to know of the world: the values of URL rules' arguments by name."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def url(self, app: Flask, rule: Rule) -> str:
        """The address of a URL rule, with this world's ids for its arguments."""
        values = {name: self.values[name] for name in rule.arguments}
        if "key" in values and "contact" in rule.endpoint:
            values["key"] = "leave_contact"
        with app.test_request_context():
            return url_for(rule.endpoint, **values)


def build_world(app: Flask, text: str = "Amrit Kaur") -> World:
    """Every centre, person, report and consultation of the world, with `text` in each."""
    world = World(text)
    _staff(app, world)
    with app.app_context():
        _reports(world)
        db.session.commit()
    _consultations(app, world)
    with app.app_context():
        _form_draft(world)
        db.session.commit()
    world.values.update(
        breakdown="centre",
        file_format="csv",
        fmt="csv",
        key="in_danger",
        slug=OPEN_SLUG,
        definition_id="hate-incident-report",
        version=1,
        extension="yaml",
        language="en",
    )
    return world


def sign_in_as(client: FlaskClient, role: str) -> None:
    """Sign a client in as one of the world's roles (`anonymous` stays signed out)."""
    if role != "anonymous":
        sign_in(client, EMAILS[role])


def _staff(app: Flask, world: World) -> None:
    with app.app_context():
        centres = [
            accounts.create_centre(db.session, f"{world.text} {name}")
            for name in ("Library", "Gurdwara", "Spare centre")
        ]
        db.session.commit()
        library, gurdwara, spare = (centre.id for centre in centres)
    make_user(app, CENTRE_STAFF, EMAILS["centre_a"], library)
    make_user(app, CENTRE_STAFF, EMAILS["centre_b"], gurdwara)
    make_user(app, OFFICER, EMAILS["officer"])
    make_user(app, ADMIN, EMAILS["admin"])
    spare_user = make_user(app, CENTRE_STAFF, "spare@library.example", library)
    with app.app_context():
        for user in db.session.scalars(select(User)):
            user.name = f"{world.text} {user.name}"
        db.session.commit()
    world.values.update(centre_id=spare, user_id=spare_user, library=library)


def _reports(world: World) -> None:
    text = world.text
    officer = db.session.scalar(select(User).where(User.email == EMAILS["officer"]))
    library = db.session.get(ReportingCentre, world.values["library"])
    report = make_report(
        at=library,
        contact={
            "name": f"{text} name",
            # As long as the column holds (PostgreSQL refuses more; the form never sends more).
            "phone": f"{text} phone"[: ContactDetails.phone.type.length],
            "email": f"{text} email",
            "best_time": f"{text} best time",
        },
        incident_types=["verbal-abuse", "other"],
        incident_types_other=f"{text} what happened",
        motivation=["race", "other"],
        motivation_other=f"{text} motivation",
        description=f"{text} racist abuse described",
        offender_description=f"{text} offender",
    )
    report.receipt_hash = _receipt_hash()
    other = make_report(description=f"{text} the same man again")
    db.session.flush()
    casework.add_note(db.session, report, f"{text} note", officer)
    links.link(db.session, report, other.submission.reference, officer)
    world.values.update(
        report_id=report.id,
        other_id=other.id,
        other_reference=other.submission.reference,
        officer_id=officer.id,
    )


@cache
def _receipt_hash() -> str:
    """The receipt code's hash, worked out once: scrypt is slow on purpose."""
    return hash_receipt_code(RECEIPT_CODE, "test-receipt-pepper-7f3a9c2e4b1d8f6a")


def _form_draft(world: World) -> None:
    """A form an officer is writing, with one section and one question."""
    officer = db.session.get(User, world.values["officer_id"])
    draft = drafting.start_blank(db.session, f"{world.text} survey", officer)
    section = {"id": "about", "title": {"en": world.text}, "questions": []}
    question = {"id": "went", "type": "yes_no", "label": {"en": f"Did {world.text} go?"}}
    source = editing.with_question(editing.with_section(draft.source, section), "about", question)
    drafting.save(db.session, draft, draft.revision, source, officer, "world")
    world.values.update(draft_id=draft.id, section_id="about", question_id="went")


def _consultations(app: Flask, world: World) -> None:
    publish_form(app, STRATEGY, CLOSED_SLUG)
    publish_form(app, STRATEGY, OPEN_SLUG)
    with app.app_context():
        closed, open_one = db.session.scalars(select(Consultation).order_by(Consultation.id))
        _respond(open_one, world.text)
        closed.opens_at = clock.now() - timedelta(days=60)
        closed.closes_at = clock.now() - timedelta(days=30)
        closed.title = f"{world.text} last year"
        open_one.title = f"{world.text} strategy"
        consultation_admin.write_summary(db.session, closed, f"{world.text} you said, we did")
        consultation_admin.publish_summary(db.session, closed)
        db.session.commit()
        answer_id = db.session.scalar(
            select(Answer.id).where(Answer.question_id == "feel_safer").order_by(Answer.id)
        )
        world.values.update(consultation_id=open_one.id, answer_id=answer_id)


def _respond(consultation: Consultation, text: str) -> None:
    flow = flow_for(consultation.form)
    submission, _ = start_response(
        db.session, consultation.form, channel="web", consultation=consultation
    )
    answers = {**REQUIRED, "feel_safer": f"{text} racist graffiti", "anything_else": text}
    record_answers(db.session, submission, flow, answers)
    submit_response(db.session, submission, flow)
