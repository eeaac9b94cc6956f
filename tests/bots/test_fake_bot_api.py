"""The fake Bot API answers the real python-telegram-bot as Telegram would.

End-to-end tests of the bot trust this fake, so these tests drive it with the library's own
`Bot` and `Application`, not with mocks: if the library and the fake disagree, it shows here.
"""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.bots.fake_bot_api import FakeBotApi, post_update

TOKEN = "123456:TEST-TOKEN"
CHAT = 4242


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(token=TOKEN) as api:
        yield api


def bot_for(api: FakeBotApi, token: str = TOKEN) -> Bot:
    return Bot(token, base_url=f"{api.base_url}/bot")


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def test_the_bot_talks_to_the_fake_as_to_telegram(api: FakeBotApi) -> None:
    async def talk() -> None:
        async with bot_for(api) as bot:
            me = await bot.get_me()
            assert (me.id, me.username, me.is_bot) == (123456, "engage_test_bot", True)

            sent = await bot.send_message(
                CHAT, "Which ward?", reply_markup=keyboard([("North", "a:1:0")])
            )
            assert sent.chat.id == CHAT and sent.from_user is not None
            assert sent.from_user.id == me.id and sent.text == "Which ward?"
            assert sent.reply_markup == keyboard([("North", "a:1:0")])

            edited = await bot.edit_message_text(
                "Which ward? North", CHAT, sent.message_id, reply_markup=keyboard([("Next", "d:1")])
            )
            assert isinstance(edited, Message) and edited.text == "Which ward? North"

            api.press(CHAT, sent.message_id, "d:1")
            [update] = await bot.get_updates()
            assert update.callback_query is not None and update.callback_query.data == "d:1"
            assert await update.callback_query.answer("Saved")

            # A certificate makes the library send multipart/form-data instead of a form.
            hook = "https://engage.example/hook"
            assert await bot.set_webhook(hook, certificate=b"PEM", secret_token="s3cret")
            assert (await bot.get_webhook_info()).url == hook
            with pytest.raises(Conflict, match="webhook is active"):
                await bot.get_updates()
            assert await bot.delete_webhook()

    asyncio.run(talk())

    [sent] = api.calls_to("sendMessage")
    assert sent == {
        "chat_id": CHAT,
        "text": "Which ward?",
        "reply_markup": {"inline_keyboard": [[{"text": "North", "callback_data": "a:1:0"}]]},
    }
    [shown] = api.messages(CHAT)
    assert (shown.text, shown.buttons) == ("Which ward? North", [[("Next", "d:1")]])
    [answer] = api.calls_to("answerCallbackQuery")
    assert answer["text"] == "Saved"
    [webhook] = api.calls_to("setWebhook")
    assert webhook == {
        "url": "https://engage.example/hook",
        "certificate": b"PEM",
        "secret_token": "s3cret",
    }
    assert [call.method for call in api.calls][-4:] == [
        "setWebhook",
        "getWebhookInfo",
        "getUpdates",
        "deleteWebhook",
    ]
    assert api.webhook is None


def test_telegram_refusals_reach_the_bot_as_telegram_sends_them(api: FakeBotApi) -> None:
    async def misbehave() -> None:
        async with bot_for(api) as bot:
            sent = await bot.send_message(CHAT, "Hello", reply_markup=keyboard([("Go", "go")]))
            same = keyboard([("Go", "go")])
            with pytest.raises(BadRequest, match="(?i)message is not modified"):
                await bot.edit_message_text("Hello", CHAT, sent.message_id, reply_markup=same)
            # Editing the text alone drops the keyboard, as on Telegram. (The library strips
            # "Bad Request: " from descriptions and lower-cases the rest: hence the (?i).)
            await bot.edit_message_text("Hello again", CHAT, sent.message_id)
            with pytest.raises(BadRequest, match="(?i)message text is empty"):
                await bot.send_message(CHAT, " ")
            with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
                await bot.send_message(CHAT, "Too long", reply_markup=keyboard([("x", "x" * 65)]))
            with pytest.raises(BadRequest, match="(?i)query ID is invalid"):
                await bot.answer_callback_query("12345")

    asyncio.run(misbehave())
    assert [(m.text, m.buttons) for m in api.messages(CHAT)] == [("Hello again", [])]


def test_get_updates_confirms_with_the_offset_and_long_polls(api: FakeBotApi) -> None:
    first = api.send_text(CHAT, "/start now")
    second = api.send_text(CHAT, "hello")

    async def poll() -> None:
        async with bot_for(api) as bot:
            updates = await bot.get_updates(limit=1)
            assert [u.update_id for u in updates] == [first]
            message = updates[0].message
            assert message is not None and message.text == "/start now"
            assert message.parse_entities() == {message.entities[0]: "/start"}
            assert message.chat.id == message.from_user.id == CHAT  # type: ignore[union-attr]

            updates = await bot.get_updates(offset=first + 1)
            assert [u.update_id for u in updates] == [second]
            assert [u["update_id"] for u in api.pending_updates()] == [second]

            started = time.monotonic()
            assert await bot.get_updates(offset=second + 1, timeout=1) == ()
            assert 0.9 < time.monotonic() - started < 2.5
            assert api.pending_updates() == []

            threading.Timer(0.3, api.send_text, (CHAT, "late")).start()
            started = time.monotonic()
            updates = await bot.get_updates(offset=second + 1, timeout=4)
            assert time.monotonic() - started < 2
            assert [u.message.text for u in updates] == ["late"]  # type: ignore[union-attr]

    asyncio.run(poll())


def test_a_long_poll_returns_at_once_when_the_fake_stops() -> None:
    api = FakeBotApi(token=TOKEN).start()

    async def poll() -> None:
        async with bot_for(api) as bot:
            threading.Timer(0.3, api.stop).start()
            started = time.monotonic()
            assert await bot.get_updates(timeout=4) == ()
            assert time.monotonic() - started < 2

    asyncio.run(poll())


def test_errors_come_out_as_python_telegram_bot_raises_them(api: FakeBotApi) -> None:
    async def fail() -> None:
        with pytest.raises(InvalidToken, match="Unauthorized"):
            await bot_for(api, token="123456:WRONG").get_me()
        async with bot_for(api) as bot:
            api.fail_next("sendMessage", error_code=429, retry_after=3)
            with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
                await bot.send_message(CHAT, "Hello")

            api.fail_next("sendMessage", error_code=403)
            with pytest.raises(Forbidden, match="bot was blocked by the user"):
                await bot.send_message(CHAT, "Hello")

            api.fail_next("sendMessage", error_code=500)
            with pytest.raises(NetworkError, match="Internal Server Error"):
                await bot.send_message(CHAT, "Hello")

            api.disconnect_next("sendMessage")
            with pytest.raises(NetworkError, match="disconnected"):
                await bot.send_message(CHAT, "Hello")

            await bot.send_message(CHAT, "Hello")

    asyncio.run(fail())
    assert [m.text for m in api.messages(CHAT)] == ["Hello"]
    assert len(api.calls_to("sendMessage")) == 5


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(f"You said: {update.effective_message.text}")


def echo_app(api: FakeBotApi) -> Application:
    app = ApplicationBuilder().token(TOKEN).base_url(f"{api.base_url}/bot").build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


def test_a_polling_application_answers_the_resident(api: FakeBotApi) -> None:
    async def run() -> None:
        app = echo_app(api)
        assert app.updater is not None
        await app.initialize()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            api.send_text(CHAT, "hello")
            await asyncio.to_thread(api.wait_for_messages, CHAT, 1, 3)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 4
    assert api.last_message(CHAT).text == "You said: hello"
    assert api.pending_updates() == []  # the updater confirmed what it read before stopping


def test_a_webhook_application_gets_posted_updates(api: FakeBotApi) -> None:
    port = free_port()

    async def run() -> None:
        app = echo_app(api)
        assert app.updater is not None
        await app.initialize()
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url="https://engage.example/hook",
            secret_token="s3cret",
        )
        await app.start()
        try:
            url = f"http://127.0.0.1:{port}/hook"
            update = api.make_message_update(CHAT, "by webhook")
            assert await asyncio.to_thread(post_update, url, update, "wrong") == 403
            assert await asyncio.to_thread(post_update, url, update, "s3cret") == 200
            await asyncio.to_thread(api.wait_for_messages, CHAT, 1, 3)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()

    asyncio.run(run())
    assert api.webhook is not None and api.webhook.secret_token == "s3cret"
    assert api.last_message(CHAT).text == "You said: by webhook"


def test_waiting_for_messages_that_never_come_says_what_came(api: FakeBotApi) -> None:
    asyncio.run(bot_for(api).send_message(CHAT, "Only this"))
    with pytest.raises(AssertionError, match=r"got \['Only this'\]"):
        api.wait_for_messages(CHAT, 2, timeout=0.2)
    with pytest.raises(AssertionError, match="no button"):
        api.press(CHAT, api.last_message(CHAT).message_id, "missing")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_json_body_is_read_and_a_wrong_path_is_not_found(api: FakeBotApi) -> None:
    method_url = f"{api.base_url}/bot{TOKEN}/sendMessage"
    assert post_update(method_url, {"chat_id": CHAT, "text": "42"}) == 200
    assert api.calls_to("sendMessage") == [{"chat_id": CHAT, "text": "42"}]
    assert api.last_message(CHAT).text == "42"
    assert post_update(f"{api.base_url}/nowhere", {}) == 404
