"""One turn of a chat: its state loaded from the database, the event answered, the state saved.

Every transport (Telegram, the console) goes through `take_turn`, so a chat carries on after
a restart of the bot. A chat idle for longer than TELEGRAM_IDLE_HOURS loses its unfinished
answers; one idle for longer than TELEGRAM_RESUME_AFTER_MINUTES is first asked whether to
carry on or start again. It runs inside the Flask app's context.
"""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from bots import keyboards, messages
from bots.conversation import KEPT_BETWEEN_FORMS, respond
from bots.events import Command, Event, Press, Reply, State, Turn
from engage import clock
from engage.config import chat_idle_lifetime, chat_resume_after
from engage.extensions import db
from engage.services import chats

log = logging.getLogger(__name__)

# What a resident coming back may do without first being asked whether to carry on.
ANSWERS_TO_THE_OFFER = {keyboards.RESUME, keyboards.RESTART, keyboards.ERASE, keyboards.KEEP}
COMMANDS_THAT_NEED_NO_OFFER = {"start", "cancel", "delete", "help"}


def take_turn(chat_id: int, event: Event) -> Turn:
    """The replies to one event in a chat; its state is saved before they are sent."""
    key = chats.chat_key(current_app.config["TELEGRAM_CHAT_KEY_SECRET"], chat_id)
    try:
        return _take_turn(key, event)
    except SQLAlchemyError as error:
        db.session.rollback()
        # The error's text holds the statement's values, which can be what a resident typed.
        log.warning(
            "chat turn failed: the database could not be reached or refused a change (%s)",
            type(getattr(error, "orig", None) or error).__name__,
        )
        return Turn([Reply(messages.TRY_AGAIN)])


def _take_turn(key: str, event: Event) -> Turn:
    saved = chats.load_chat(db.session, key)
    state: State = saved.state if saved else {}
    notices: list[Reply] = []
    if saved and _idle_for(saved) > chat_idle_lifetime(current_app.config):
        state, notices = _expire(state)
    elif saved and _should_offer_to_resume(saved, event):
        event = Command("start")  # which offers to carry on or start again
    turn = respond(state, event, key)
    chats.save_chat(db.session, key, turn.state)
    db.session.commit()
    return Turn([*notices, *turn.replies], turn.state)


def _expire(state: State) -> tuple[State, list[Reply]]:
    """Delete an idle chat's unfinished answers, and say so if it had any."""
    discarded = chats.discard_unfinished(db.session, state)
    kept = {name: state[name] for name in KEPT_BETWEEN_FORMS if name in state}
    if not discarded:
        return kept, []
    hours = current_app.config["TELEGRAM_IDLE_HOURS"]
    return kept, [Reply(messages.EXPIRED.format(hours=hours))]


def _should_offer_to_resume(saved: chats.SavedChat, event: Event) -> bool:
    if not saved.state.get("draft_key") or _idle_for(saved) <= chat_resume_after(
        current_app.config
    ):
        return False
    if isinstance(event, Command):
        return event.name not in COMMANDS_THAT_NEED_NO_OFFER
    if isinstance(event, Press):
        pressed = keyboards.read(event.data)
        return pressed is None or pressed.action not in ANSWERS_TO_THE_OFFER
    return True


def _idle_for(saved: chats.SavedChat) -> timedelta:
    return clock.now() - saved.updated_at
