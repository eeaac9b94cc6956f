"""The menu the bot sends on /start: the welcome, a button for each open consultation, and one
to report an incident."""

from collections.abc import Sequence

from bots import keyboards, messages
from bots.events import Reply
from bots.keyboards import button


def menu(consultations: Sequence[tuple[str, int]]) -> Reply:
    """The welcome, with a button for each (title, id) of the consultations open."""
    rows = [(button(title, keyboards.CONSULTATION, number),) for title, number in consultations]
    text = messages.WELCOME + "\n\n" + (messages.CHOOSE if rows else messages.NOTHING_OPEN)
    rows.append((button(messages.REPORT_LABEL, keyboards.REPORT),))
    return Reply(text, tuple(rows))
