"""Buttons as plain data, and the short codes they carry back when pressed.

A button is `(label, data)`; a keyboard is rows of buttons. Telegram limits a button's data
to 64 bytes, so a question is named by its position in the form and an answer by its
position among the question's choices, never by their ids or labels.
"""

from dataclasses import dataclass

import surveys

Button = tuple[str, str]
Keyboard = tuple[tuple[Button, ...], ...]
DATA_LIMIT = 64  # bytes, Telegram's limit on a button's callback data
LABEL_LIMIT = 60  # characters: longer labels are cut, with an ellipsis

# What a pressed button's data starts with.
ANSWER = "a"  # a:<question>:<choice>  give one of a question's choices
TOGGLE = "t"  # t:<question>:<choice>  tick or untick one choice of a multiple choice
DONE = "d"  # d:<question>          finish a multiple choice
SKIP = "s"  # s:<question>          skip an optional question
KEEP_ANSWER = "k"  # k:<question>     keep the answer already typed, going back or changing
CHANGE = "ch"  # ch:<question>       change the answer to a question from the summary
CONSULTATION = "c"  # c:<id>          start answering a consultation
REPORT = "r"  # r                    start a hate incident report
SEND = "send"
CHANGE_LIST = "change"
SUMMARY = "summary"
RESUME = "resume"
RESTART = "restart"
LANGUAGE = "l"  # l:<language>         answer in a language, numbered as /language offers them
ERASE = "erase"  # delete everything that came from the chat
KEEP = "keep"  # do not
MARK = "✓ "


@dataclass(frozen=True)
class Pressed:
    """A button's data, read back: what it does and the numbers it carries."""

    action: str
    numbers: tuple[int, ...] = ()


def data(action: str, *numbers: int) -> str:
    """A button's data: an action and its numbers, within Telegram's limit."""
    encoded = ":".join([action, *(str(n) for n in numbers)])
    if len(encoded.encode()) > DATA_LIMIT:
        raise ValueError(f"button data longer than {DATA_LIMIT} bytes: {encoded!r}")
    return encoded


def read(pressed: str) -> Pressed | None:
    """What a button's data asks for, or None for data no button of ours carries."""
    action, *rest = pressed.split(":")
    try:
        return Pressed(action, tuple(int(n) for n in rest))
    except ValueError:
        return None


def button(label: str, action: str, *numbers: int) -> Button:
    """A button with its label cut to a length a phone shows."""
    if len(label) > LABEL_LIMIT:
        label = label[: LABEL_LIMIT - 1].rstrip() + "…"
    return (label, data(action, *numbers))


def choices(flow: surveys.Flow, question: surveys.Question) -> list[tuple[str, str]]:
    """The answers a question offers as buttons: (label, the raw answer `flow.parse` takes).

    Empty for a question answered by typing.
    """
    kind = surveys.QuestionType
    if question.type in (kind.YES_NO, kind.CONSENT):
        return [(flow.display_value(question, v), raw) for v, raw in ((True, "yes"), (False, "no"))]
    if question.type in (kind.SINGLE_CHOICE, kind.SCALE, kind.WARD, kind.MULTIPLE_CHOICE):
        return [(flow.text(o.label) or o.value, o.value) for o in question.options]
    return []


def question_keyboard(
    flow: surveys.Flow,
    question: surveys.Question,
    number: int,
    ticked: list[str],
    answered: bool = False,
) -> Keyboard:
    """The buttons for one question: its choices (ticked ones marked), Done, Skip; and for a
    typed answer already given, a button to keep it rather than type it all again."""
    rows: list[tuple[Button, ...]] = []
    multiple = question.type is surveys.QuestionType.MULTIPLE_CHOICE
    offered = choices(flow, question)
    if answered and not offered:
        rows.append((button("Keep this answer", KEEP_ANSWER, number),))
    for index, (label, raw) in enumerate(offered):
        if multiple:
            mark = MARK if raw in ticked else ""
            rows.append((button(mark + label, TOGGLE, number, index),))
        else:
            rows.append((button(label, ANSWER, number, index),))
    if multiple:
        rows.append((button("Done", DONE, number),))
    if not question.required:
        rows.append((button("Skip", SKIP, number),))
    return tuple(rows)
