"""/delete: erasing everything Engage holds that came from a chat, once the resident agrees."""

from bots import keyboards, messages
from bots.events import Reply, State, Turn
from bots.keyboards import button
from engage.extensions import db
from engage.services import chats


def ask(state: State, chat_key: str) -> Turn:
    """What would be deleted, with buttons to delete it or keep it."""
    held = chats.holdings(db.session, chat_key)
    if not held.anything:
        return Turn([Reply(messages.NOTHING_HELD)], state)
    text = messages.CONFIRM_DELETE.format(
        responses=held.responses, reports=held.reports, unfinished=held.unfinished
    )
    buttons = (
        (button(messages.DELETE_EVERYTHING, keyboards.ERASE),),
        (button(messages.KEEP_EVERYTHING, keyboards.KEEP),),
    )
    return Turn([Reply(text, buttons)], state)


def erase(chat_key: str) -> Turn:
    """Erase it all, the chat's place in a form too; the chat starts afresh."""
    chats.erase_chat(db.session, chat_key)
    return Turn([Reply(messages.DELETED)], {})
