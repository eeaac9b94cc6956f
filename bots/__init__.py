"""Engage in a chat: the conversation that walks a person through a form, and its front ends.

`bots.conversation` is the conversation, independent of any chat service; `bots.turns` keeps
each chat's place in the database; `bots.telegram_app` and `bots.serving` carry it over
Telegram (`engage bot`), and `bots.console` in a terminal (`engage bot --console`).
"""

from bots.conversation import respond
from bots.events import Command, Event, Message, Press, Reply, State, Turn, read_input

__all__ = [
    "Command",
    "Event",
    "Message",
    "Press",
    "Reply",
    "State",
    "Turn",
    "read_input",
    "respond",
]
