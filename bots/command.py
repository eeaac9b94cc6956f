"""`engage bot`: the Telegram bot, by long polling or a webhook, or in this terminal.

A Flask command plugin (the `flask.commands` entry point in pyproject.toml), so that the
`engage` command gains it while engage itself never imports bots.
"""

import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from bots.console import run_console
from bots.serving import run_polling, run_webhook
from bots.telegram_app import BotSetupError
from engage.database_failures import failure_kind
from engage.extensions import db

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@click.command("bot")
@click.option("--console", is_flag=True, help="Chat with the bot in this terminal, not Telegram.")
@click.option(
    "--webhook",
    metavar="URL",
    help="Register this https address with Telegram and serve it, instead of polling.",
)
@click.option("--listen", default="127.0.0.1", show_default=True, help="Webhook: address to serve.")
@click.option("--port", default=8443, show_default=True, help="Webhook: port to serve.")
@with_appcontext
def bot_command(console: bool, webhook: str | None, listen: str, port: int) -> None:
    """Run the Telegram bot (ENGAGE_TELEGRAM_TOKEN), or try it with --console."""
    check_database()
    if console:
        run_console(sys.stdin, click.echo)
        return
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        if webhook:
            run_webhook(app, webhook, listen, port)
        else:
            run_polling(app)
    except BotSetupError as error:
        raise click.ClickException(str(error)) from None


def check_database() -> None:
    """Stop with what to do if the database is unreachable or not yet made ready."""
    try:
        ready = inspect(db.engine).has_table("chat_states")
    except DBAPIError as error:
        raise click.ClickException(
            f"The bot cannot start: the database is {failure_kind(error)}. Check "
            "ENGAGE_DATABASE_URL and that the database is running, then start the bot again"
        ) from None
    if not ready:
        raise click.ClickException(
            "This database is not up to date for the bot: run `engage init` first, or try "
            "the demo's database after `make demo`: "
            "ENGAGE_DATABASE_URL=sqlite:///demo.sqlite engage bot --console"
        )
