"""A resident's phone, talking to the real bot through the fake Bot API, and the bot process.

`engage bot` runs as a subprocess polling the fake (or serving a webhook), against the test
database; the phone sends updates through the fake and reads what the bot sent back.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask

import surveys
from bots.keyboards import MARK
from tests.bots.chat import BUTTON_TYPES, label_of
from tests.bots.fake_bot_api import FakeBotApi, ShownMessage

ENGAGE = Path(sys.executable).parent / "engage"
TOKEN = "123456:" + "E2E-token-" * 4


def bot_environment(app: Flask, api: FakeBotApi, **extra: str) -> dict[str, str]:
    """The environment for `engage bot` against the test database and the fake Bot API."""
    return {
        **os.environ,
        "ENGAGE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ENGAGE_SECRET_KEY": "e2e-secret-key-4f9a2c7e1b8d3f6a0c5e",
        "ENGAGE_RECEIPT_PEPPER": app.config["RECEIPT_PEPPER"],
        "ENGAGE_TELEGRAM_CHAT_KEY_SECRET": app.config["TELEGRAM_CHAT_KEY_SECRET"],
        "ENGAGE_TELEGRAM_TOKEN": api.token,
        "ENGAGE_TELEGRAM_API_URL": api.base_url,
        **extra,
    }


@contextmanager
def running_bot(
    app: Flask, api: FakeBotApi, cwd: Path, *args: str, **env: str
) -> Iterator[subprocess.Popen]:
    """`engage bot` with these arguments, until the block ends; then stopped as Ctrl+C would."""
    process = subprocess.Popen(
        [str(ENGAGE), "bot", *args],
        env=bot_environment(app, api, **env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()  # python-telegram-bot stops cleanly on SIGTERM
        process.wait(timeout=20)


def wait_until_polling(api: FakeBotApi, process: subprocess.Popen, since: int = 0) -> None:
    """Wait until the bot asks the fake for updates: it is up and listening."""
    deadline = time.monotonic() + 30
    while len(api.calls_to("getUpdates")) <= since:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"engage bot exited:\n{output}")
        if time.monotonic() > deadline:
            raise AssertionError("engage bot did not start polling in 30 seconds")
        time.sleep(0.05)


class Phone:
    """One resident's private chat with the bot."""

    def __init__(self, api: FakeBotApi, chat_id: int = 7001) -> None:
        self.api = api
        self.chat_id = chat_id

    def send(self, text: str) -> ShownMessage:
        return self._after(lambda: self.api.send_text(self.chat_id, text))

    def press(self, label: str) -> ShownMessage:
        """Press the newest button with this label (as shown: maybe ticked)."""
        for message in reversed(self.api.messages(self.chat_id)):
            for row in message.buttons:
                for text, data in row:
                    if text in (label, MARK + label):
                        return self._after(
                            partial(self.api.press, self.chat_id, message.message_id, data)
                        )
        raise AssertionError(f"no button {label!r}; last message: {self.last.text!r}")

    @property
    def last(self) -> ShownMessage:
        return self.api.last_message(self.chat_id)

    def texts(self) -> list[str]:
        return [m.text for m in self.api.messages(self.chat_id)]

    def _after(self, act: Callable[[], object]) -> ShownMessage:
        """Do something, then wait until the bot has read it and gone quiet."""
        act()
        self.api.wait_until(lambda: not self.api.pending_updates(), timeout=20)
        quiet_since, calls = time.monotonic(), len(self.api.calls)
        while time.monotonic() - quiet_since < 0.3:
            time.sleep(0.05)
            if len(self.api.calls) != calls:
                quiet_since, calls = time.monotonic(), len(self.api.calls)
        return self.last

    def answer(self, flows: list[surveys.Flow], given: dict[str, Any]) -> str:
        """Answer the question the last message asks, as a person would; return its id."""
        flow, question = asked(flows, self.last.text)
        raw = given.get(question.id)
        if raw in (None, "", []):
            self.press("Skip")
        elif question.type is surveys.QuestionType.MULTIPLE_CHOICE:
            for value in raw:
                self.press(label_of(flow, question, value))
            self.press("Done")
        elif question.type in BUTTON_TYPES:
            self.press(label_of(flow, question, raw))
        else:
            self.send("/".join(raw) if isinstance(raw, list) else str(raw))
        return question.id


def asked(flows: list[surveys.Flow], text: str) -> tuple[surveys.Flow, surveys.Question]:
    """The question a message asks: the one with the longest label it starts with."""
    matches = [
        (len(str(flow.text(q.label))), flow, q)
        for flow in flows
        for q in flow.definition.questions
        if text.startswith(str(flow.text(q.label)))
    ]
    if not matches:
        raise AssertionError(f"no question asked in {text!r}")
    _, flow, question = max(matches, key=lambda match: match[0])
    return flow, question
