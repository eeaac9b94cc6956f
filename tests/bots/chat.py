"""A test's side of a chat with the conversation: send events, read replies, press buttons."""

from typing import Any

from flask import Flask

import surveys
from bots.events import Command, Message, Press, Reply, State
from bots.keyboards import MARK, button
from bots.turns import take_turn
from engage.extensions import db
from engage.services.forms import flow_for, latest_form

BUTTON_TYPES = {
    surveys.QuestionType.SINGLE_CHOICE,
    surveys.QuestionType.SCALE,
    surveys.QuestionType.WARD,
    surveys.QuestionType.YES_NO,
    surveys.QuestionType.CONSENT,
}


class Chat:
    """One person's chat: each event runs in its own app context, as a bot's update would."""

    def __init__(self, app: Flask, chat_id: int = 1001) -> None:
        self.app = app
        self.chat_id = chat_id
        self.state: State = {}
        self.replies: list[Reply] = []

    def send(self, event: Command | Message | Press) -> list[Reply]:
        with self.app.app_context():
            turn = take_turn(self.chat_id, event)
        self.state, self.replies = turn.state, turn.replies
        return self.replies

    def command(self, name: str) -> list[Reply]:
        return self.send(Command(name))

    def type(self, text: str) -> list[Reply]:
        return self.send(Message(text))

    def press(self, label: str) -> list[Reply]:
        """Press the button shown with a label (as shown: cut short, maybe ticked)."""
        shown = button(label, "x")[0]
        for reply in self.replies:
            for row in reply.buttons:
                for text, data in row:
                    if text in (shown, MARK + shown):
                        return self.send(Press(data))
        raise AssertionError(f"no button {label!r} in {self.labels()}")

    def labels(self) -> list[str]:
        return [text for reply in self.replies for row in reply.buttons for text, _ in row]

    @property
    def text(self) -> str:
        return "\n\n".join(reply.text for reply in self.replies)

    def flow(self) -> surveys.Flow:
        """The flow of the question asked: the form's, or a report's contact questions'."""
        part = self.state.get("part")
        definition_id = "report-contact-details" if part == "contact" else self.state["form"]
        with self.app.app_context():
            return flow_for(latest_form(db.session, definition_id))

    @property
    def question(self) -> str | None:
        return self.state.get("question")

    def answer(self, flow: surveys.Flow, raw: Any) -> list[Reply]:
        """Answer the question asked as a person would: a blank answer skips it."""
        question = flow.definition.question(str(self.question))
        if raw in (None, "", []):
            return self.press("Skip")
        if question.type is surveys.QuestionType.MULTIPLE_CHOICE:
            for value in raw:
                self.press(label_of(flow, question, value))
            return self.press("Done")
        if question.type in BUTTON_TYPES:
            return self.press(label_of(flow, question, raw))
        return self.type(raw)


def label_of(flow: surveys.Flow, question: surveys.Question, value: str) -> str:
    """The label a person reads for a raw answer."""
    if question.type in (surveys.QuestionType.YES_NO, surveys.QuestionType.CONSENT):
        return flow.display_value(question, value == "yes")
    return next(str(flow.text(o.label)) for o in question.options if o.value == value)
