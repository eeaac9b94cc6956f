"""Real `Update`s through the real python-telegram-bot `Application`, recording what it sends."""

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text
from telegram import Update
from telegram.ext import Application

from bots import messages
from bots.telegram_app import build_application
from engage.extensions import db
from engage.models import ChatState, Submission
from engage.services.chats import chat_key
from tests.bots.recording_request import CHAT_ID, RecordingRequest
from tests.database_outages import database_down, writes_refused
from tests.engage.factories import publish_form

TOKEN = "123456:" + "A" * 35
OTHER_CHAT = 555444333


@pytest.fixture
def request_log() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
def bot(app: Flask, request_log: RecordingRequest) -> Application:
    app.config["TELEGRAM_TOKEN"] = TOKEN
    return build_application(app, request_log)


@pytest.fixture
def send(bot: Application) -> Iterator[Callable[..., None]]:
    """Give the application each update in turn, as polling or a webhook would.

    One event loop serves the whole test, as one serves a running bot: the application's rate
    limiter belongs to the loop it first ran in.
    """

    async def process(updates: tuple[dict[str, Any], ...]) -> None:
        async with bot:
            for update in updates:
                await bot.process_update(Update.de_json(update, bot.bot))

    with asyncio.Runner() as runner:
        yield lambda *updates: runner.run(process(updates))


_update_ids = iter(range(1, 10_000))


def typed(words: str, chat_id: int = CHAT_ID, chat_type: str = "private") -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": 1_700_000_000,
        "chat": {"id": chat_id, "type": chat_type},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Resident"},
        "text": words,
    }
    if words.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(words)}]
    return {"update_id": next(_update_ids), "message": message}


def pressed(data: str, message_id: int, chat_id: int = CHAT_ID) -> dict[str, Any]:
    resident = {"id": chat_id, "is_bot": False, "first_name": "Resident"}
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"query-{next(_update_ids)}",
            "from": resident,
            "chat_instance": "instance",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1_700_000_000,
                "chat": {"id": chat_id, "type": "private"},
                "text": "a question",
            },
        },
    }


def buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def test_start_offers_the_report_as_a_button(send, request_log):
    send(typed("/start"))

    [sent] = request_log.calls("sendMessage")
    assert sent["chat_id"] == CHAT_ID
    assert sent["text"].startswith("Welcome to Engage")
    assert ("Report a hate incident", "r") in buttons(sent)


def test_a_press_is_acknowledged_then_answered_with_the_next_question(send, request_log):
    send(typed("/start"), pressed("r", message_id=101))

    [acknowledged] = request_log.calls("answerCallbackQuery")
    assert acknowledged["callback_query_id"].startswith("query-")
    question = request_log.calls("sendMessage")[-1]
    assert question["text"].startswith("Is anyone in immediate danger now?")
    assert [label for label, _ in buttons(question)] == ["Yes", "No"]


def test_ticking_a_choice_redraws_the_message_whose_button_was_pressed(send, request_log):
    # Nobody in danger (a:0:1), reporting as the victim (a:1:0), then tick a type (t:2:0).
    steps = [pressed("r", 101), pressed("a:0:1", 102), pressed("a:1:0", 103)]
    send(typed("/start"), *steps, pressed("t:2:0", 104))

    [edit] = request_log.calls("editMessageText")
    assert edit["message_id"] == 104 and edit["chat_id"] == CHAT_ID
    assert any(label.startswith("✓ ") for label, _ in buttons(edit))
    assert ("Done", "d:2") in buttons(edit)


def test_the_chat_is_kept_under_a_keyed_hash_never_its_id(app, send):
    send(typed("/start"), pressed("r", 101), pressed("a:0:1", 102))

    key = chat_key(app.config["TELEGRAM_CHAT_KEY_SECRET"], CHAT_ID)
    with app.app_context():
        assert db.session.scalar(select(ChatState.chat_key)) == key
        assert db.session.scalar(select(Submission.chat_key)) == key
        assert str(CHAT_ID) not in everything_stored()


def everything_stored() -> str:
    """Every value in every table, as one text to search."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows += [
            repr(tuple(row)) for row in db.session.execute(text(f"SELECT * FROM {table.name}"))
        ]
    return "\n".join(rows)


def test_in_a_group_the_bot_only_says_to_talk_in_private(app, send, request_log):
    send(typed("/start", chat_id=-100200300, chat_type="group"))

    [sent] = request_log.calls("sendMessage")
    assert sent["text"] == messages.PRIVATE_ONLY
    with app.app_context():
        assert db.session.scalar(select(ChatState)) is None


def test_a_photo_gets_asked_for_typed_words(send, request_log):
    photo = typed("")
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    send(photo)

    [sent] = request_log.calls("sendMessage")
    assert sent["text"] == messages.TEXT_ONLY


def test_a_blocked_bot_is_logged_and_the_next_chat_is_still_answered(send, request_log, caplog):
    request_log.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with caplog.at_level(logging.INFO, logger="bots.telegram_app"):
        send(typed("/start"), typed("/start", chat_id=OTHER_CHAT))

    first, second = request_log.calls("sendMessage")
    assert first["chat_id"] == CHAT_ID and second["chat_id"] == OTHER_CHAT
    assert "blocked the bot" in caplog.text
    assert str(CHAT_ID) not in caplog.text


def test_a_rate_limit_is_waited_out_and_the_reply_sent(send, request_log, caplog):
    request_log.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    with caplog.at_level(logging.WARNING):
        send(typed("/start"))

    assert len(request_log.calls("sendMessage")) == 2  # refused once, then sent
    assert "not sent" not in caplog.text


def test_a_dropped_connection_is_tried_again(send, request_log):
    request_log.drop_next("sendMessage")
    send(typed("/help"))

    first, second = request_log.calls("sendMessage")
    assert first == second and second["text"] == messages.HELP


def test_while_the_database_is_down_the_resident_is_asked_to_try_again(app, send, request_log):
    # Nobody in danger (a:0:1); then, reporting as the victim (a:1:0) during an outage.
    send(typed("/start"), pressed("r", 101), pressed("a:0:1", 102))
    with database_down(app):
        send(pressed("a:1:0", 103), typed("They called me a Paki at the bus stop"))

    while_down = [sent["text"] for sent in request_log.calls("sendMessage")[-2:]]
    assert while_down == [messages.TRY_AGAIN, messages.TRY_AGAIN]

    send(pressed("a:1:0", 104))  # the same press once the database is back

    assert request_log.calls("sendMessage")[-1]["text"].startswith("What happened?")
    with app.app_context():
        draft = db.session.scalar(select(Submission))
        answers = {answer.question_id: answer.value for answer in draft.answers}
    assert answers["in_danger"] == "no" and answers["reporter_role"] == "victim"


def test_an_outage_is_logged_without_what_the_resident_typed(app, send, request_log, caplog):
    publish_form(app, "swp-strategy-2020-2023", "community-safety-strategy")
    send(typed("/start"))
    consultation = buttons(request_log.calls("sendMessage")[-1])[0][1]
    send(pressed(consultation, 101), pressed("a:0:1", 102))  # agree; then asked why
    with writes_refused(app), caplog.at_level(logging.INFO):
        send(typed("Because of the racist graffiti on Dudley Road"))

    assert request_log.calls("sendMessage")[-1]["text"] == messages.TRY_AGAIN
    assert "database could not be reached" in caplog.text
    assert "Dudley Road" not in caplog.text and str(CHAT_ID) not in caplog.text
    assert "parameters" not in caplog.text  # what failed to be stored is never logged
