"""The chat preview is what the bot sends: the welcome, each question with the same text and
buttons, and the summary's buttons, in any language the form has; with the rule of a question
asked only sometimes; and without storing anything."""

import pytest
from flask import Flask
from sqlalchemy import func, select

import surveys
from bots import messages
from bots.events import Reply
from bots.preview import chat_preview
from engage.extensions import db
from engage.models import Submission
from engage.services.chat_previews import ChatMessage, chat_previewer
from engage.services.forms import flow_for, latest_form
from tests.bots.chat import Chat
from tests.engage.factories import publish_form

STRATEGY = "swp-strategy-2020-2023"
# Raw answers that reach every question a rule asks only sometimes; the others are skipped.
ANSWERS = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "strongly-agree",
    "harm_reduction_agree": "disagree",
    "building_community_capacity_agree": "dont-know",
    "worries": ["drug-dealing", "other"],
    "worries_other": "Speeding cars",
    "ward": "outside-wolverhampton",
    "pact_aware": "yes",
    "pact_attended": "no",
    "get_involved": "yes",
    "involvement_ways": ["other"],
    "involvement_ways_other": "Street watch",
    "first_language": "other",
    "first_language_other": "Polish",
}


@pytest.fixture
def strategy(app: Flask) -> surveys.FormDefinition:
    publish_form(app, STRATEGY, "community-safety-strategy")
    with app.app_context():
        return flow_for(latest_form(db.session, STRATEGY)).definition


def labels(buttons: tuple) -> list[str]:
    return [label for row in buttons for label, _ in row]


def by_question(definition: surveys.FormDefinition, preview: list[ChatMessage]) -> dict:
    """The preview's question messages, which follow the welcome in the form's order."""
    questions = definition.questions
    return {q.id: message for q, message in zip(questions, preview[1:], strict=False)}


def walk(chat: Chat, flow: surveys.Flow) -> dict[str, Reply]:
    """Answer the consultation in the chat; the message each question was first asked with."""
    asked: dict[str, Reply] = {}
    while chat.question is not None:
        question_id = str(chat.question)
        assert question_id not in asked, f"{question_id} asked again: {chat.text}"
        asked[question_id] = chat.replies[-1]
        chat.answer(flow, ANSWERS.get(question_id))
    return asked


def test_the_preview_sends_each_question_with_the_buttons_the_bot_sends(app, strategy):
    flow = surveys.Flow(strategy)
    preview = chat_preview(flow)
    chat = Chat(app)
    welcome = chat.command("start")[0]
    assert preview[0].text == welcome.text
    assert labels(preview[0].buttons) == labels(welcome.buttons)

    chat.press(str(flow.text(strategy.title)))
    asked = walk(chat, flow)
    assert len(asked) > 20 and {"pact_attended", "worries_other"} <= set(asked)
    questions = by_question(strategy, preview)
    for question_id, reply in asked.items():
        assert (questions[question_id].text, questions[question_id].buttons) == (
            reply.text,
            reply.buttons,
        ), question_id

    summary = chat.replies[-1]
    assert preview[-1].buttons == summary.buttons
    assert preview[len(strategy.questions) + 1].text.startswith(messages.CHECK)


def test_a_question_with_a_rule_says_when_it_is_asked(strategy):
    questions = by_question(strategy, chat_preview(surveys.Flow(strategy)))
    rule = strategy.question("pact_attended").show_if
    assert rule is not None
    condition = surveys.describe_condition(rule, strategy)
    assert questions["pact_attended"].when == f"Asked only if {condition}"
    assert questions["pact_aware"].when == "Always asked"


def test_the_preview_is_in_the_language_chosen_as_the_bot_asks_it(app, strategy):
    english = by_question(strategy, chat_preview(surveys.Flow(strategy, "en")))
    punjabi = by_question(strategy, chat_preview(surveys.Flow(strategy, "pa")))
    assert english["anything_else"].text.startswith("Is there anything else you want to tell us?")
    assert punjabi["anything_else"].text.startswith("ਕੀ ਤੁਸੀਂ ਸਾਨੂੰ ਕੁਝ ਹੋਰ ਦੱਸਣਾ ਚਾਹੁੰਦੇ ਹੋ?")

    chat = Chat(app)
    chat.command("language")
    chat.press(surveys.language_name("pa"))
    chat.command("start")
    chat.press(str(strategy.title.get("en")))
    asked = walk(chat, surveys.Flow(strategy, "pa"))
    assert asked["anything_else"].text == punjabi["anything_else"].text


def test_a_preview_needs_no_database_and_stores_nothing(app, strategy):
    preview = chat_preview(surveys.Flow(strategy))  # outside any app context: no session at all
    assert len(preview) > len(strategy.questions)
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_the_bot_offers_its_preview_to_engage_as_a_plugin():
    assert chat_previewer() is chat_preview
    assert chat_previewer("a channel nobody installed") is None
