"""What a person does in a chat, and what the conversation answers, as plain data."""

from dataclasses import dataclass, field
from typing import Any

from bots.keyboards import Keyboard

State = dict[str, Any]


@dataclass(frozen=True)
class Command:
    """A command, like /start, named without its slash."""

    name: str


@dataclass(frozen=True)
class Message:
    """Something typed."""

    text: str


@dataclass(frozen=True)
class Press:
    """A button pressed: the data it carries."""

    data: str


Event = Command | Message | Press


@dataclass(frozen=True)
class Reply:
    """A message to send, with its buttons.

    `replaces` says it is the message whose button was just pressed, redrawn (a ticked choice):
    a chat that can edit messages edits that one instead of sending a new one.
    """

    text: str
    buttons: Keyboard = ()
    replaces: bool = False


@dataclass
class Turn:
    """What one event leads to: the replies to send and the state to keep."""

    replies: list[Reply]
    state: State = field(default_factory=dict)


def read_input(text: str) -> Event:
    """A typed line as an event: `/name` (with or without `@bot`) is a command, else a message."""
    stripped = text.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        return Command(stripped[1:].split()[0].split("@")[0].lower())
    return Message(text)
