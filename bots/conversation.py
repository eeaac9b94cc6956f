"""A chat with Engage, one event at a time, independent of Telegram.

`respond(state, event, chat_key)` takes what the bot keeps for a chat, one thing the person
did (a command, a typed message or a pressed button) and the keyed hash that stands for the
chat, and returns the replies to send and the state to keep. Walking a form is
`bots.form_chat`'s; this module reads the event and chooses what to do. It runs inside the
Flask app's context. A turn is one unit of work: `bots.turns` commits what it stored, with the
chat's new state, or nothing of it; a handler that gives up part-way rolls back its own changes.

The state is small, JSON-ready data; the answers themselves are in the database:

    {"form": "hate-incident-report", "draft_key": "…", "stage": "question",
     "question": "in_danger", "part": null, "pending_choices": [], "changing": false,
     "contact": {}, "language": "en"}

`stage` is "question" (a question is asked), "summary" (the answers are shown for checking) or
"change" (the person is choosing which answer to change); `part` is "contact" while a report's
contact questions are asked. Without a `draft_key`, no form is being filled in.
"""

from contextlib import suppress

import surveys
from bots import deletion, form_chat, keyboards, languages, messages
from bots.chat_drafts import Draft, load_draft
from bots.events import Command, Event, Press, Reply, State, Turn
from bots.keyboards import button
from bots.menu import menu
from engage.errors import ConsultationNotOpen, ResponseNotFound
from engage.extensions import db
from engage.services import chats, responses
from engage.services.consultations import publishing
from engage.services.forms import latest_form
from engage.services.reports import filing as reports

KEPT_BETWEEN_FORMS = ("language",)  # what a chat remembers when a form ends
# The buttons that answer the question asked, naming it by its number.
ANSWERING = (
    keyboards.ANSWER,
    keyboards.TOGGLE,
    keyboards.DONE,
    keyboards.SKIP,
    keyboards.KEEP_ANSWER,
)


def respond(state: State, event: Event, chat_key: str) -> Turn:
    """The replies to one event, and the chat's state after it."""
    state = dict(state)
    try:
        if isinstance(event, Command):
            return _command(state, event.name, chat_key)
        if isinstance(event, Press):
            return _press(state, event.data, chat_key)
        return _message(state, event.text)
    except ResponseNotFound:
        db.session.rollback()
        return Turn([Reply(messages.DRAFT_GONE)], _between_forms(state))
    except ConsultationNotOpen:
        db.session.rollback()
        return Turn([Reply(messages.CLOSED)], _between_forms(state))


# Commands.


def _command(state: State, name: str, chat_key: str) -> Turn:
    if name == "start":
        return _start(state)
    if name == "cancel":
        return _cancel(state)
    if name == "back":
        return form_chat.back(state, load_draft(state)) if _in_form(state) else _not_started(state)
    if name == "language":
        return languages.offer(state)
    if name == "delete":
        return deletion.ask(state, chat_key)
    return Turn([Reply(messages.HELP)], state)


def _start(state: State) -> Turn:
    """The menu; or, with a form unfinished, the choice to carry on or start again."""
    if _in_form(state):
        with suppress(ResponseNotFound):  # sent or gone since: the menu, as with no form
            return _unfinished(state, load_draft(state))
    return _menu(_between_forms(state))


def _menu(state: State) -> Turn:
    """The welcome, with a button for each open consultation and one to report an incident."""
    consultations = [(c.title, c.id) for c in publishing.hub(db.session).open]
    return Turn([menu(consultations)], state)


def _unfinished(state: State, draft: Draft) -> Turn:
    submission = draft.submission
    title = submission.consultation.title if submission.consultation else submission.form.title
    buttons = (
        (button(messages.CARRY_ON, keyboards.RESUME),),
        (button(messages.START_AGAIN, keyboards.RESTART),),
    )
    return Turn([Reply(messages.UNFINISHED.format(title=title), buttons)], state)


def _cancel(state: State) -> Turn:
    if not _in_form(state):
        return Turn([Reply(messages.NOTHING_TO_CANCEL)], state)
    _discard(state)
    return Turn([Reply(messages.CANCELLED)], _between_forms(state))


def _discard(state: State) -> None:
    """Delete the chat's draft and its answers, if it still has one."""
    try:
        draft = load_draft(state)
    except ResponseNotFound:
        return
    responses.discard_draft(db.session, draft.submission)


# Buttons.


def _press(state: State, data: str, chat_key: str) -> Turn:
    pressed = keyboards.read(data)
    if pressed is None:
        return _where_we_are(state, messages.OLD_BUTTON)
    action, numbers = pressed.action, pressed.numbers
    if action == keyboards.ERASE:
        return deletion.erase(chat_key)
    if action == keyboards.KEEP:
        return _where_we_are(state, messages.NOTHING_DELETED)
    if action == keyboards.LANGUAGE:
        return _where_we_are(*languages.choose(state, numbers))
    if action in (keyboards.CONSULTATION, keyboards.REPORT):
        if _in_form(state):
            return _unfinished(state, load_draft(state))
        return _begin(state, action, numbers, chat_key)
    if not _in_form(state):
        return _not_started(state)
    if action == keyboards.RESTART:
        _discard(state)
        return _menu(_between_forms(state))
    if action == keyboards.RESUME:
        return _where_we_are(state)
    return _press_in_form(state, load_draft(state), action, numbers)


def _begin(state: State, action: str, numbers: tuple[int, ...], chat_key: str) -> Turn:
    """Open a draft of a consultation or a report, and ask its first question."""
    consultation = None
    if action == keyboards.CONSULTATION:
        consultation = publishing.find_consultation(db.session, numbers[0]) if numbers else None
        if consultation is None:
            return Turn([Reply(messages.CLOSED)], state)
        form = consultation.form
    else:
        form = latest_form(db.session, reports.DEFINITION_ID)
    language = languages.for_form(state, form)
    _, key = chats.start_chat_response(db.session, chat_key, form, language, consultation)
    state = {**_between_forms(state), "form": form.definition_id, "draft_key": key}
    return form_chat.go_on(state, load_draft(state))


def _press_in_form(state: State, draft: Draft, action: str, numbers: tuple[int, ...]) -> Turn:
    if action in ANSWERING:
        return _press_answer(state, draft, action, numbers)
    if state.get("stage") not in ("summary", "change"):
        return form_chat.where_we_are(state, draft, messages.OLD_BUTTON)
    if action == keyboards.SEND:
        turn = form_chat.send(state, draft)
        return turn if turn.state else Turn(turn.replies, _between_forms(state))
    if action == keyboards.CHANGE_LIST:
        return form_chat.change_list(state, draft)
    if action == keyboards.CHANGE and numbers:
        return form_chat.change(state, draft, numbers[0])
    return form_chat.summary(state, draft)


def _press_answer(state: State, draft: Draft, action: str, numbers: tuple[int, ...]) -> Turn:
    question = form_chat.asked(state, draft)
    if question is None or not numbers or numbers[0] != draft.number(question):
        return form_chat.where_we_are(state, draft, messages.OLD_BUTTON)
    offered = keyboards.choices(draft.flow_of(question), question)
    if action in (keyboards.ANSWER, keyboards.TOGGLE) and (
        len(numbers) < 2 or not 0 <= numbers[1] < len(offered)
    ):
        return form_chat.where_we_are(state, draft, messages.OLD_BUTTON)
    if action == keyboards.KEEP_ANSWER and question.id not in draft.answers_of(question):
        return form_chat.where_we_are(state, draft, messages.OLD_BUTTON)
    if action == keyboards.ANSWER:
        return form_chat.answer(state, draft, question, offered[numbers[1]][1])
    if action == keyboards.TOGGLE:
        return form_chat.toggle(state, draft, question, offered[numbers[1]][1])
    if action == keyboards.DONE:
        return form_chat.answer(state, draft, question, list(state.get("pending_choices", [])))
    if action == keyboards.KEEP_ANSWER:
        return form_chat.go_on(state, draft)
    return form_chat.answer(state, draft, question, "")


# Typed messages.


def _message(state: State, text: str) -> Turn:
    if not _in_form(state):
        return _not_started(state)
    draft = load_draft(state)
    question = form_chat.asked(state, draft)
    if question is None or question.type is surveys.QuestionType.MULTIPLE_CHOICE:
        return form_chat.where_we_are(state, draft, messages.USE_BUTTONS)
    offered = keyboards.choices(draft.flow_of(question), question)
    by_label = {label.casefold(): raw for label, raw in offered}
    return form_chat.answer(state, draft, question, by_label.get(text.strip().casefold(), text))


# Where the chat is.


def _where_we_are(state: State, notice: str | None = None) -> Turn:
    """A notice, then whatever the chat was at; outside a form, how to begin."""
    if not _in_form(state):
        notices = [Reply(notice)] if notice else []
        return Turn([*notices, Reply(messages.NOT_STARTED)], state)
    return form_chat.where_we_are(state, load_draft(state), notice)


def _not_started(state: State) -> Turn:
    return Turn([Reply(messages.NOT_STARTED)], state)


def _in_form(state: State) -> bool:
    return bool(state.get("draft_key"))


def _between_forms(state: State) -> State:
    """What a chat keeps once a form is sent, cancelled or gone: the language chosen."""
    return {name: state[name] for name in KEPT_BETWEEN_FORMS if name in state}
