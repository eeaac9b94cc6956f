"""The Telegram bot: python-telegram-bot's Application, carrying chats to `bots.turns`.

Updates come by long polling or by a webhook. Each typed message or pressed button becomes an
event; the turn is taken in a worker thread, inside the Flask app's context (the services are
synchronous), and its replies are sent back: a redrawn message (a ticked choice) edits the
message whose button was pressed. Telegram's 429s are retried by the rate limiter, failed
sends are retried a few times, and anything else is logged; one chat's failure never stops
the bot. Nothing a resident typed, and no chat id, is written to the log.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

from flask import Flask
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bots import messages
from bots.events import Event, Press, Reply, Turn, read_input
from bots.keyboards import Keyboard
from bots.turns import take_turn
from engage.config import chat_idle_lifetime
from engage.extensions import db
from engage.services import chats

log = logging.getLogger(__name__)

TOKEN_FORMAT = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{30,}")
WEBHOOK_SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")
UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
SEND_ATTEMPTS = 3
EXPIRY_INTERVAL_SECONDS = 15 * 60
COMMANDS = [
    ("start", "See what you can answer or report"),
    ("back", "Go back to the previous question"),
    ("cancel", "Stop and delete the answers you have given so far"),
    ("language", "Answer in another language"),
    ("delete", "Delete everything you have sent from this chat"),
    ("help", "Show the commands"),
]
T = TypeVar("T")


class BotSetupError(Exception):
    """The bot cannot start as configured; the message says what to change."""


def check_token(token: Any) -> str:
    """The bot's token, or a `BotSetupError` saying how to get a right one."""
    if not token:
        raise BotSetupError(
            "No Telegram bot token: set ENGAGE_TELEGRAM_TOKEN (or TELEGRAM_TOKEN in "
            "instance/config.py) to the token @BotFather gave you. To try the bot without "
            "Telegram, run `engage bot --console`."
        )
    if not TOKEN_FORMAT.fullmatch(str(token).strip()):
        raise BotSetupError(
            "ENGAGE_TELEGRAM_TOKEN does not look like a Telegram bot token, which is the "
            "bot's number, a colon and about 35 letters, digits, - or _ (like "
            "123456789:AAE…). Copy it again from @BotFather, without spaces or quotes."
        )
    return str(token).strip()


def check_webhook_secret(secret: Any) -> str:
    """The webhook's secret token, as Telegram accepts it, or a `BotSetupError`."""
    make_one = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    if not secret:
        raise BotSetupError(
            "A webhook needs a secret token that Telegram sends with every update: set "
            f"ENGAGE_TELEGRAM_WEBHOOK_SECRET; {make_one}"
        )
    if not WEBHOOK_SECRET_FORMAT.fullmatch(str(secret)):
        raise BotSetupError(
            f"ENGAGE_TELEGRAM_WEBHOOK_SECRET must be 1 to 256 letters, digits, - or _; {make_one}"
        )
    return str(secret)


def build_application(flask_app: Flask, request: BaseRequest | None = None) -> Application:
    """The bot, configured from the Flask app's config, with its handlers; not started.

    `request` replaces the HTTP client, for tests that record what the bot sends.
    """
    token = check_token(flask_app.config.get("TELEGRAM_TOKEN"))
    api = str(flask_app.config["TELEGRAM_API_URL"]).rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["flask_app"] = flask_app
    application.add_handler(MessageHandler(~filters.ChatType.PRIVATE, _not_private))
    application.add_handler(CallbackQueryHandler(_pressed))
    application.add_handler(MessageHandler(filters.TEXT, _typed))
    application.add_handler(MessageHandler(filters.ALL, _not_text))
    application.add_error_handler(_failed)
    return application


async def _post_init(application: Application) -> None:
    await application.bot.set_my_commands(COMMANDS)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_expire_idle_chats, EXPIRY_INTERVAL_SECONDS, first=5)


# Handlers.


async def _typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    turn = await _take_turn(context, message.chat_id, read_input(message.text))
    await _send(context, message.chat_id, turn.replies)


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    await _quietly(query.answer())  # stops the button's spinner, whatever follows
    if update.effective_chat.type != ChatType.PRIVATE:
        return
    chat_id = update.effective_chat.id
    pressed = query.message if isinstance(query.message, Message) else None
    turn = await _take_turn(context, chat_id, Press(query.data or ""))
    await _send(context, chat_id, turn.replies, pressed)


async def _not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, a sticker, a voice note: not kept, and the resident is told to type."""
    if update.effective_chat is not None:
        await _send(context, update.effective_chat.id, [Reply(messages.TEXT_ONLY)])


async def _not_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, answers would be seen by everyone in it: Engage only talks in private."""
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        await _send(context, message.chat_id, [Reply(messages.PRIVATE_ONLY)])


async def _failed(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update without its content: one chat's failure never stops the bot."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a reply was not sent: the resident has blocked the bot or left the chat")
    elif isinstance(error, RetryAfter):
        log.warning("Telegram still asked to slow down after retries: a reply was not sent")
    elif isinstance(error, NetworkError):
        log.warning("could not reach Telegram (%s): a reply was not sent", type(error).__name__)
    else:
        log.error("an update could not be handled", exc_info=error)


# Turns and replies.


async def _take_turn(
    context: CallbackContext[Any, Any, Any, Any], chat_id: int, event: Event
) -> Turn:
    flask_app: Flask = context.bot_data["flask_app"]
    return await asyncio.to_thread(_turn_in_app, flask_app, chat_id, event)


def _turn_in_app(flask_app: Flask, chat_id: int, event: Event) -> Turn:
    with flask_app.app_context():
        return take_turn(chat_id, event)


async def _send(
    context: CallbackContext[Any, Any, Any, Any],
    chat_id: int,
    replies: list[Reply],
    pressed: Message | None = None,
) -> None:
    """Send the replies in order; a redrawn message edits the one whose button was pressed."""
    bot = context.bot
    for reply in replies:
        markup = _markup(reply.buttons)
        if reply.replaces and pressed is not None:
            edit = partial(
                bot.edit_message_text, reply.text, chat_id, pressed.message_id, reply_markup=markup
            )
            await _quietly(_with_retries(edit))
        else:
            await _with_retries(partial(bot.send_message, chat_id, reply.text, reply_markup=markup))


def _markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in buttons
    ]
    return InlineKeyboardMarkup(rows)


async def _with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Try a request again after a network failure, waiting longer each time."""
    attempt = 1
    while True:
        try:
            return await call()
        except NetworkError as error:  # TimedOut is one; BadRequest is one, but final
            if isinstance(error, BadRequest) or attempt >= SEND_ATTEMPTS:
                raise
            log.info("Telegram request failed (%s), trying again", type(error).__name__)
            await asyncio.sleep(attempt)
            attempt += 1


async def _quietly(request: Awaitable[Any]) -> None:
    """A request whose failure changes nothing for the resident: logged, never raised."""
    try:
        await request
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.info("Telegram refused a request: %s", error)
    except (NetworkError, Forbidden, RetryAfter) as error:
        log.info("a request to Telegram failed: %s", type(error).__name__)


# Housekeeping.


async def _expire_idle_chats(context: CallbackContext[Any, Any, Any, Any]) -> None:
    flask_app: Flask = context.bot_data["flask_app"]
    await asyncio.to_thread(expire_idle_chats, flask_app)


def expire_idle_chats(flask_app: Flask) -> int:
    """Forget chats left idle too long, with their unfinished answers."""
    with flask_app.app_context():
        expired = chats.expire_idle_chats(db.session, chat_idle_lifetime(flask_app.config))
        db.session.commit()
        return expired
