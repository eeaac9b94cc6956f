"""The same answers, given on the web and in a chat, are stored the same way."""

from chat import Chat
from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from engage.models import Answer, Submission
from engage.services.forms import flow_for, latest_form
from tests.engage.factories import Resident, publish_form, questions_on_page

STRATEGY = "swp-strategy-2020-2023"

# Raw answers as a browser posts them; a question not named here is left blank (skipped).
GIVEN = {
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


def stored_answers(app: Flask, submission_id: int) -> list[tuple[str, int, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(Answer).filter_by(submission_id=submission_id))
        return sorted((a.question_id, a.position, a.value) for a in rows)


def answer_on_the_web(app: Flask) -> int:
    resident = Resident(app.test_client())
    with app.app_context():
        flow = flow_for(latest_form(db.session, STRATEGY))
    url = resident.start("/consultations/community-safety-strategy").location
    for _ in range(60):
        page = resident.get(url)
        if page.status_code == 302:
            url = page.location
            continue
        if "/questions/" not in url:
            break
        data = {q.id: GIVEN.get(q.id, "") for q in questions_on_page(flow, page.text)}
        sent = resident.post(url, data, page=url)
        assert sent.status_code == 302, f"{url} refused {data}"
        url = sent.location
    assert url.endswith("/check")
    resident.post(url, page=url)
    with app.app_context():
        return db.session.scalar(select(Submission.id).filter_by(channel="web"))


def answer_in_a_chat(app: Flask) -> int:
    with app.app_context():
        flow = flow_for(latest_form(db.session, STRATEGY))
    chat = Chat(app)
    chat.command("start")
    chat.press(str(flow.text(flow.definition.title)))
    while chat.question is not None:
        chat.answer(flow, GIVEN.get(str(chat.question)))
    chat.press("Send")
    with app.app_context():
        return db.session.scalar(select(Submission.id).filter_by(channel="telegram"))


def test_the_web_and_the_chat_store_the_same_answers(app: Flask):
    publish_form(app, STRATEGY, "community-safety-strategy")
    web = stored_answers(app, answer_on_the_web(app))
    chat = stored_answers(app, answer_in_a_chat(app))
    assert ("postcode", 0, "WV1 1RP") in web
    assert ("religion", 0, "prefer-not-to-say") in web
    assert chat == web
