"""A consultation and a report answered in a chat, through the transport-free conversation."""

import re

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import surveys
from bots import messages
from engage.extensions import db
from engage.models import Answer, Report, Submission
from engage.safety import emergency_text
from engage.services import chats
from engage.services.forms import flow_for, latest_form
from engage.services.reports.receipts import hash_receipt_code
from tests.bots.chat import Chat
from tests.engage.factories import publish_form

STRATEGY = "swp-strategy-2020-2023"
REFERENCE = re.compile(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}")


def flow_of(app: Flask, definition_id: str) -> surveys.Flow:
    with app.app_context():
        return flow_for(latest_form(db.session, definition_id))


def parse_error(flow: surveys.Flow, question_id: str, raw: str | list[str]) -> str:
    """What the flow says is wrong with an answer: the bot must say exactly that."""
    with pytest.raises(surveys.AnswerError) as error:
        flow.parse(flow.definition.question(question_id), raw)
    return str(error.value)


@pytest.fixture
def strategy(app: Flask) -> surveys.Flow:
    publish_form(app, STRATEGY, "community-safety-strategy")
    return flow_of(app, STRATEGY)


def test_start_greets_and_offers_the_open_consultations_and_a_report(app, strategy):
    chat = Chat(app)
    chat.command("start")
    assert "Engage" in chat.text and "your answers" in chat.text
    assert "call 999" in chat.text
    title = str(strategy.text(strategy.definition.title))
    assert chat.labels() == [title, "Report a hate incident"]
    for reply in chat.replies:
        for row in reply.buttons:
            assert all(len(data.encode()) <= 64 for _, data in row)


def test_a_resident_answers_the_strategy_consultation(app, strategy):
    chat = Chat(app)
    chat.command("start")
    chat.press(str(strategy.text(strategy.definition.title)))
    assert chat.question == "reducing_offending_agree"
    assert "Strongly agree" in chat.labels() and "Skip" not in chat.labels()

    chat.type("Very much")
    assert chat.replies[0].text == parse_error(strategy, "reducing_offending_agree", "Very much")
    assert chat.question == "reducing_offending_agree"
    chat.type("agree")  # a button's label, typed, is that answer
    assert chat.question == "reducing_offending_why" and "Skip" in chat.labels()
    chat.type("More youth work.")
    chat.command("back")
    assert chat.question == "reducing_offending_why"
    assert "Your answer: More youth work." in chat.text
    chat.type("More youth work, please.")
    chat.press("Strongly agree")
    chat.press("Skip")  # preventing_violence_why
    chat.press("Disagree")
    chat.type("Not enough treatment places.")
    chat.press("Don't know")
    chat.press("Skip")  # building_community_capacity_why

    assert chat.question == "worries"
    chat.press("Drug dealing")
    assert chat.replies[0].replaces and "✓ Drug dealing" in chat.labels()
    chat.press("Burglary and theft")
    chat.press("Drug dealing")  # ticked off again
    assert "✓ Burglary and theft" in chat.labels() and "Drug dealing" in chat.labels()
    chat.press("Other")
    chat.press("Done")
    assert chat.question == "worries_other"
    chat.type("Speeding cars")
    chat.type("Better street lighting.")  # feel_safer
    chat.press("Outside Wolverhampton")
    assert chat.question == "postcode"
    chat.type("WV1")
    assert chat.replies[0].text == parse_error(strategy, "postcode", "WV1")
    chat.type("wv1 1rp")
    chat.press("No")  # pact_aware: pact_attended is not asked
    assert chat.question == "get_involved"
    chat.press("No")
    while chat.question is not None:  # anything_else and the equalities questions
        chat.press("Skip")

    assert chat.text.startswith("Check your answers")
    assert "More youth work, please." in chat.text and "WV1 1RP" in chat.text
    assert "Burglary and theft" in chat.text and "Speeding cars" in chat.text
    assert chat.labels() == ["Send", "Change an answer"]

    chat.press("Change an answer")
    chat.press(str(strategy.text(strategy.definition.question("worries").label)))
    assert chat.question == "worries" and "✓ Other" in chat.labels()
    chat.press("Other")
    chat.press("Done")
    assert chat.text.startswith("Check your answers")  # straight back: nothing new to ask
    assert "Speeding cars" not in chat.text

    chat.press("Send")
    reference = REFERENCE.search(chat.text).group(0)
    assert chat.text.startswith("Answers sent.") and chat.state == {}
    with app.app_context():
        submission = db.session.scalar(select(Submission).filter_by(reference=reference))
        assert submission.status == "submitted" and submission.channel == "telegram"
        assert submission.consultation.slug == "community-safety-strategy"
        stored = {a.question_id: a.value for a in submission.answers if a.position == 0}
    assert stored["reducing_offending_why"] == "More youth work, please."
    assert stored["preventing_violence_why"] is None
    assert stored["worries"] == "burglary-theft" and "worries_other" not in stored
    assert stored["postcode"] == "WV1 1RP" and "pact_attended" not in stored


def test_multiple_choice_limits_come_from_the_flow(app, strategy):
    chat = Chat(app)
    chat.command("start")
    chat.press(str(strategy.text(strategy.definition.title)))
    for _ in range(4):
        chat.press("Agree")
        chat.press("Skip")
    worries = strategy.definition.question("worries")
    chosen = [o.value for o in worries.options[:6]]
    for option in worries.options[:6]:
        chat.press(str(strategy.text(option.label)))
    chat.press("Done")
    assert chat.replies[0].text == parse_error(strategy, "worries", chosen)
    assert chat.question == "worries"
    chat.press(str(strategy.text(worries.options[0].label)))
    chat.press("Done")
    assert chat.question == "feel_safer"


def test_a_resident_reports_a_hate_incident(app):
    flow = flow_of(app, "hate-incident-report")
    chat = Chat(app)
    chat.command("start")
    chat.press("Report a hate incident")
    assert chat.question == "in_danger"
    chat.press("Yes")
    assert chat.replies[0].text == emergency_text()
    assert chat.question == "reporter_role"  # and the report carries on
    told = {
        "reporter_role": "victim",
        "incident_types": ["verbal-abuse"],
        "incident_date": "4/3/2024",
        "location_online": "no",
        "description": "Two men shouted abuse at me at the bus stop.",
        "share_with_police": "anonymous",
        "victim_support_referral": "no",
    }
    while chat.question is not None:
        chat.answer(flow, told.get(str(chat.question)))
    assert "4 March 2024" in chat.text
    chat.press("Send")

    reference = REFERENCE.search(chat.replies[0].text).group(0)
    code = re.search(r"Your receipt code is (\S+)", chat.text).group(1)
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.submission.reference == reference
        assert report.submission.channel == "telegram"
        assert report.risk_flag is True
        assert report.receipt_hash == hash_receipt_code(code, app.config["RECEIPT_PEPPER"])


def test_choices_too_long_for_a_button_are_also_listed_in_full(app):
    flow = flow_of(app, "hate-incident-report")
    question = flow.definition.question("share_with_police")
    full = [str(flow.text(option.label)) for option in question.options]
    chat = Chat(app)
    chat.command("start")
    chat.press("Report a hate incident")
    told = {
        "in_danger": "no",
        "reporter_role": "victim",
        "incident_types": ["online-abuse"],
        "incident_date": "4/3/2024",
        "location_online": "yes",
        "description": "Messages calling me names on Facebook.",
    }
    while chat.question != question.id:
        chat.answer(flow, told.get(str(chat.question)))

    assert any(len(label) > 60 for label in full)  # else this test proves nothing
    assert all(len(label) <= 60 for label in chat.labels())
    assert all(f"• {label}" in chat.text for label in full)


def test_cancel_deletes_the_answers_in_progress(app):
    chat = Chat(app)
    chat.command("start")
    chat.press("Report a hate incident")
    chat.press("No")
    chat.press(chat.labels()[0])  # reporter_role
    with app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 2
    chat.command("cancel")
    assert "deleted" in chat.text and chat.state == {}
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0
        assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert "/start" in chat.command("cancel")[0].text


def test_a_turn_the_database_fails_part_way_keeps_nothing_of_itself(app, monkeypatch):
    """The chat's state is saved last: a turn that fails there must not leave its writes."""
    saved_for_real = chats.save_chat

    def refused(*args: object) -> None:
        raise OperationalError("UPDATE chat_states", {}, Exception("disk full"))

    chat = Chat(app)
    chat.command("start")
    menu = chat.replies
    monkeypatch.setattr(chats, "save_chat", refused)
    assert chat.press("Report a hate incident")[0].text == messages.TRY_AGAIN
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0  # no draft left over

    monkeypatch.setattr(chats, "save_chat", saved_for_real)
    chat.replies = menu
    chat.press("Report a hate incident")
    asked = chat.replies
    monkeypatch.setattr(chats, "save_chat", refused)
    assert chat.press("No")[0].text == messages.TRY_AGAIN
    with app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 0

    monkeypatch.setattr(chats, "save_chat", saved_for_real)
    chat.replies = asked
    chat.press("No")  # the same press again, once the database takes it
    assert chat.question == "reporter_role"
    with app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 1


def test_start_offers_to_carry_on_an_unfinished_form(app):
    chat = Chat(app)
    chat.command("start")
    chat.press("Report a hate incident")
    chat.press("No")
    chat.command("start")
    assert "You have not finished" in chat.text
    chat.press("Carry on")
    assert chat.question == "reporter_role"
    chat.command("start")
    chat.press("Start again (deletes your answers)")
    assert "Report a hate incident" in chat.labels()
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_an_old_button_asks_the_current_question_again(app):
    chat = Chat(app)
    chat.command("start")
    chat.press("Report a hate incident")
    old = chat.replies
    chat.press("No")
    chat.replies = old
    chat.press("Yes")
    assert chat.replies[0].text.startswith("That button is from an earlier message")
    assert chat.question == "reporter_role"


def test_a_typed_answer_can_be_kept_rather_than_typed_again(app, strategy):
    chat = Chat(app)
    chat.command("start")
    chat.press(str(strategy.text(strategy.definition.title)))
    chat.press("Agree")
    assert "Keep this answer" not in chat.labels()  # nothing typed yet
    chat.type("More youth work, and more of it in the evenings.")
    chat.command("back")
    assert chat.question == "reducing_offending_why"
    assert chat.labels()[0] == "Keep this answer"

    chat.press("Keep this answer")

    assert chat.question == "preventing_violence_agree"
    with app.app_context():
        stored = db.session.scalar(
            select(Answer.value).filter_by(question_id="reducing_offending_why")
        )
    assert stored == "More youth work, and more of it in the evenings."


def test_a_keep_button_from_an_earlier_question_changes_nothing(app, strategy):
    chat = Chat(app)
    chat.command("start")
    chat.press(str(strategy.text(strategy.definition.title)))
    chat.press("Agree")
    chat.type("More youth work.")
    chat.command("back")
    old = chat.replies
    chat.press("Keep this answer")  # now at preventing_violence_agree, with no answer yet
    chat.replies = old

    chat.press("Keep this answer")

    assert chat.replies[0].text.startswith("That button is from an earlier message")
    assert chat.question == "preventing_violence_agree"


def test_help_lists_the_commands(app):
    text = Chat(app).command("help")[0].text
    for command in ("/start", "/back", "/cancel", "/help"):
        assert command in text


def test_the_answers_to_check_head_each_section_once(app):
    flow = flow_of(app, "hate-incident-report")
    answers = {"in_danger": False, "police_aware": "yes-reported", "police_reference": "20/1/24"}

    summary = "\n\n".join(messages.summary_texts(flow, answers))

    assert summary.count("THE POLICE") == 1
    assert summary.index("THE POLICE") < summary.index("20/1/24")
