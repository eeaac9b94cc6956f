"""A form previewed as a chat channel sends it, from the channel's own plugin.

Engage never imports `bots/`, which imports Engage. So a chat channel offers its previewer as
an entry point in the `engage.previews` group (see pyproject.toml), and the staff pages load it
by name here: where no channel is installed, there is no chat preview, and the page says so.
The previewer is handed a `surveys.Flow` and returns the chat's messages as `ChatMessage`s.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

import surveys

log = logging.getLogger(__name__)

GROUP = "engage.previews"
TELEGRAM = "telegram"

Button = tuple[str, str]  # what it says, and the data it carries back when pressed
Keyboard = tuple[tuple[Button, ...], ...]  # rows of buttons under a message


@dataclass(frozen=True)
class ChatMessage:
    """One message the bot sends, its buttons, and when it sends it, in an officer's words."""

    text: str
    buttons: Keyboard
    when: str


ChatPreviewer = Callable[[surveys.Flow], list[ChatMessage]]


# Kept once found: finding it reads every installed package's metadata, and it cannot change
# while Engage runs.
@functools.cache
def chat_previewer(name: str = TELEGRAM) -> ChatPreviewer | None:
    """The previewer a channel registered under `name`, or None when none is installed."""
    for entry in entry_points(group=GROUP, name=name):
        try:
            previewer: ChatPreviewer = entry.load()
        except (ImportError, AttributeError):
            log.warning("chat preview %s is registered but cannot be loaded", name)
            return None
        return previewer
    return None
