"""The same answers, given on the web and in a chat, are stored the same way, for every form."""

from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Answer, AuditEntry, ContactDetails, Report, Submission
from engage.roles import CENTRE_STAFF
from engage.services import audit
from engage.services.forms import flow_for, latest_form
from tests.bots.chat import Chat
from tests.engage.factories import (
    Resident,
    make_centre,
    make_user,
    publish_form,
    questions_on_page,
    sign_in,
)
from tests.engage.reporter import CONTACT, REPORT, Reporter
from tests.urls import path_for

STRATEGY = "swp-strategy-2020-2023"
EQUALITIES = "equalities-monitoring"
REPORT_FORM = "hate-incident-report"
CONTACT_FORM = "report-contact-details"

# Raw answers as a browser posts them; a question not named here is left blank (skipped).
STRATEGY_ANSWERS = {
    "reducing_offending_agree": "agree",
    "reducing_offending_why": "More youth work.",
    "preventing_violence_agree": "strongly-agree",
    "harm_reduction_agree": "disagree",
    "harm_reduction_why": "Not enough treatment places.",
    "building_community_capacity_agree": "dont-know",
    "worries": ["drug-dealing", "burglary-theft", "other"],
    "worries_other": "Speeding cars",
    "feel_safer": "Better street lighting.",
    "ward": "outside-wolverhampton",
    "postcode": "wv1 1rp",
    "pact_aware": "yes",
    "pact_attended": "no",
    "get_involved": "yes",
    "involvement_ways": ["other"],
    "involvement_ways_other": "Street watch",
    "age_band": "35-44",
    "religion": "prefer-not-to-say",
}
EQUALITIES_ANSWERS = {
    "age_band": "65-74",
    "disability": "yes",
    "sex": "female",
    "ethnic_group": "asian-indian",
    "first_language": "punjabi",
}
# A report whose reporter wants the police to have it, and leaves contact details for them.
REPORT_ANSWERS = {**REPORT, "share_with_police": "share", "offender_description": "Red jacket."}

CONSULTATIONS = {STRATEGY: STRATEGY_ANSWERS, EQUALITIES: EQUALITIES_ANSWERS}


def stored(app: Flask, submission_id: int) -> list[tuple[str, int, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(Answer).filter_by(submission_id=submission_id))
        return sorted((a.question_id, a.position, a.value) for a in rows)


def submission_of(app: Flask, channel: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(Submission.id).filter_by(channel=channel))
        assert found is not None, f"nothing stored through {channel}"
        return found


def flow_of(app: Flask, definition_id: str) -> surveys.Flow:
    with app.app_context():
        return flow_for(latest_form(db.session, definition_id))


def consult_on_the_web(app: Flask, definition_id: str, slug: str) -> int:
    resident = Resident(app.test_client())
    flow, given = flow_of(app, definition_id), CONSULTATIONS[definition_id]
    url = resident.start(path_for(app, "public.start", slug=slug)).location
    questions = path_for(app, "public.question", slug=slug, key="")
    resume = path_for(app, "public.resume", slug=slug)
    while questions in url or url.endswith(resume):
        page = resident.get(url)
        if page.status_code == 302:
            url = page.location
            continue
        data = {q.id: given.get(q.id, "") for q in questions_on_page(flow, page.text)}
        sent = resident.post(url, data, page=url)
        assert sent.status_code == 302, f"{url} refused {data}"
        url = sent.location
    assert url.endswith(path_for(app, "public.check", slug=slug))
    resident.post(url, page=url)
    return submission_of(app, "web")


def in_a_chat(app: Flask, start_with: str, given: dict[str, Any]) -> Chat:
    """Answer a form in a chat as a person would, pressing the buttons the web's values name."""
    chat = Chat(app)
    chat.command("start")
    chat.press(start_with)
    while chat.question is not None:
        flow = chat.flow()
        question = flow.definition.question(str(chat.question))
        chat.answer(flow, typed(question, given.get(question.id)))
    chat.press("Send")
    return chat


def typed(question: surveys.Question, raw: Any) -> Any:
    """A web answer as a person types it in a chat: a date's three boxes become d/m/y."""
    if question.type is surveys.QuestionType.DATE and isinstance(raw, list):
        return "/".join(raw)
    return raw


@pytest.mark.parametrize("definition_id", sorted(CONSULTATIONS))
def test_a_consultation_is_stored_alike_from_the_web_and_a_chat(app: Flask, definition_id: str):
    publish_form(app, definition_id, "have-your-say")
    web = stored(app, consult_on_the_web(app, definition_id, "have-your-say"))
    flow = flow_of(app, definition_id)
    in_a_chat(app, str(flow.text(flow.definition.title)), CONSULTATIONS[definition_id])
    chat = stored(app, submission_of(app, "telegram"))
    assert len(web) >= len(CONSULTATIONS[definition_id])
    assert chat == web


def test_a_report_and_its_contact_details_are_stored_alike_from_the_web_and_a_chat(app: Flask):
    Reporter(app, Resident(app.test_client())).report(**REPORT_ANSWERS)
    web = submission_of(app, "web")
    in_a_chat(app, "Report a hate incident", {**REPORT_ANSWERS, **CONTACT})
    chat = submission_of(app, "telegram")

    assert ("description", 0, REPORT["description"]) in stored(app, web)
    assert stored(app, chat) == stored(app, web)
    assert contact_details_of(app, chat) == contact_details_of(app, web)
    assert contact_details_of(app, web) == ("Priya Example", "07700 900982", "priya@example.org")


def log_at_a_centre(app: Flask, given: dict[str, Any]) -> int:
    """Centre staff log a report for someone, page by page, through the staff side."""
    make_user(app, CENTRE_STAFF, "desk@library.example", make_centre(app, "Central Library"))
    client = app.test_client()
    sign_in(client, "desk@library.example")
    desk, flows = Resident(client), [flow_of(app, REPORT_FORM), flow_of(app, CONTACT_FORM)]
    with app.test_request_context():
        start, begin = url_for("staff.log_report"), url_for("staff.log_report_begin")
    url = desk.post(begin, page=start).location
    while "/questions/" in url or "/contact/" in url or url.endswith("/resume"):
        page = client.get(url)
        if page.status_code == 302:
            url = page.location
            continue
        asked = [q for flow in flows for q in questions_on_page(flow, page.text)]
        sent = desk.post(url, {q.id: given.get(q.id, "") for q in asked}, page=url)
        assert sent.status_code == 302, f"{url} refused the answers"
        url = sent.location
    assert url.endswith("/check")
    desk.post(url, page=url)
    return submission_of(app, "centre")


def casework_of(app: Flask, submission_id: int) -> tuple[object, ...]:
    with app.app_context():
        report = db.session.scalar(select(Report).filter_by(submission_id=submission_id))
        assert report is not None
        return report.status, report.risk_flag, report.assignee_id, report.receipt_hash is not None


def test_a_report_is_filed_alike_by_the_web_a_chat_and_a_centre(app: Flask):
    """One service files every channel's report: its casework and contact details match."""
    Reporter(app, Resident(app.test_client())).report(**REPORT_ANSWERS)
    in_a_chat(app, "Report a hate incident", {**REPORT_ANSWERS, **CONTACT})
    centre = log_at_a_centre(app, {**REPORT_ANSWERS, **CONTACT})
    web, chat = submission_of(app, "web"), submission_of(app, "telegram")

    assert casework_of(app, web) == casework_of(app, chat) == casework_of(app, centre)
    assert casework_of(app, web)[0] == "new"
    assert contact_details_of(app, centre) == contact_details_of(app, web)
    by_centre = [row for row in stored(app, centre) if row[0] != "reporter_role"]
    assert by_centre == [row for row in stored(app, web) if row[0] != "reporter_role"]
    assert ("reporter_role", 0, "on-behalf") in stored(app, centre)
    with app.app_context():
        logged = select(AuditEntry.object_id).filter_by(action=audit.REPORT_LOGGED)
        assert list(db.session.scalars(logged)) == [centre_report_id(app, centre)]


def centre_report_id(app: Flask, submission_id: int) -> int:
    with app.app_context():
        found = db.session.scalar(select(Report.id).filter_by(submission_id=submission_id))
        assert found is not None
        return found


def contact_details_of(app: Flask, submission_id: int) -> tuple[str | None, ...]:
    with app.app_context():
        details = db.session.scalar(
            select(ContactDetails).join(Report).where(Report.submission_id == submission_id)
        )
        assert details is not None
        return details.name, details.phone, details.email


def test_every_shipped_form_has_a_parity_test():
    shipped = set(surveys.load_definitions(surveys.DEFINITIONS_DIR))
    assert shipped == {*CONSULTATIONS, REPORT_FORM, CONTACT_FORM}
