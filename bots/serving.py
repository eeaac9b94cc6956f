"""Running the Telegram bot: by long polling, or behind a webhook that needs a secret token.

Start-up problems (no token, a malformed one, one Telegram refuses, a Bot API that cannot be
reached, a webhook URL Telegram will not take) become a `BotSetupError` that says what to
change, never a traceback.
"""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Flask
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from bots.telegram_app import UPDATES, BotSetupError, build_application, check_webhook_secret

log = logging.getLogger(__name__)
WEBHOOK_LOGGER = "telegram.ext.Updater"  # the webhook handler logs as the Updater
# What python-telegram-bot's webhook says, at debug level, when it refuses a request.
REFUSALS = ("Request did not include the secret token", "Request had the wrong secret token")


def run_polling(flask_app: Flask) -> None:
    """Fetch updates from the Bot API and answer them until stopped (Ctrl+C)."""
    application = build_application(flask_app)
    _keep_library_logs_quiet()
    with _setup_errors(flask_app):
        _check_connection(application)
        log.info("Engage bot: polling %s for updates", flask_app.config["TELEGRAM_API_URL"])
        application.run_polling(allowed_updates=UPDATES)


def run_webhook(flask_app: Flask, url: str, listen: str, port: int) -> None:
    """Register `url` as the bot's webhook and serve it on listen:port until stopped."""
    address = urlsplit(url)
    if address.scheme not in ("https", "http") or not address.netloc:
        raise BotSetupError(f"--webhook must be the full address Telegram will call, not {url!r}")
    secret = check_webhook_secret(flask_app.config.get("TELEGRAM_WEBHOOK_SECRET"))
    application = build_application(flask_app)
    _keep_library_logs_quiet()
    _log_refused_webhook_requests()
    with _setup_errors(flask_app):
        _check_connection(application)
        log.info("Engage bot: serving the webhook on %s:%s", listen, port)
        application.run_webhook(
            listen=listen,
            port=port,
            url_path=address.path.lstrip("/"),
            webhook_url=url,
            secret_token=secret,
            allowed_updates=UPDATES,
        )


def _check_connection(application: Application) -> None:
    """Ask the Bot API who the bot is, once, so that a bad token or address fails plainly.

    Left to itself, the library retries and logs a traceback before giving up.
    """

    async def who_am_i() -> None:
        async with application.bot:
            pass  # initialising the bot asks the Bot API for getMe

    asyncio.run(who_am_i())


@contextmanager
def _setup_errors(flask_app: Flask) -> Iterator[None]:
    """Turn the library's start-up failures into a `BotSetupError` that says what to do."""
    try:
        yield
    except InvalidToken:
        raise BotSetupError(
            "Telegram refused the bot token: check ENGAGE_TELEGRAM_TOKEN against the token "
            "@BotFather gave you (ask it for a new one if it was revoked)."
        ) from None
    except BadRequest as error:  # a NetworkError too, but not a network's fault
        raise BotSetupError(f"Telegram refused to set the bot up: {error.message}") from None
    except NetworkError as error:
        raise BotSetupError(
            f"Could not reach the Telegram Bot API at {flask_app.config['TELEGRAM_API_URL']} "
            f"({error.message}). Check the network, or ENGAGE_TELEGRAM_API_URL if you run "
            "your own Bot API server."
        ) from None


def _keep_library_logs_quiet() -> None:
    """The HTTP client logs every request's URL, which holds the bot's token: not those."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


class _RefusalsAsEvents(logging.Filter):
    """Turn the webhook's refusals into an event without the request's content or sender, and
    drop the library's other debug records, which hold the updates' content."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(REFUSALS):
            log.warning("webhook request refused: it did not carry the secret token")
            return False
        return record.levelno >= logging.INFO


def _log_refused_webhook_requests() -> None:
    webhook_log = logging.getLogger(WEBHOOK_LOGGER)
    webhook_log.setLevel(logging.DEBUG)  # the refusals are debug records
    webhook_log.addFilter(_RefusalsAsEvents())
