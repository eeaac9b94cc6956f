"""Which answers a question can be given, as a skip rule sees them, and why not some value."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from surveys.answer_text import format_number
from surveys.model import Question, QuestionType
from surveys.parsing import CONTROL_CHARACTERS, MOST_DIGITS
from surveys.postcodes import normalise_postcode
from surveys.schema import BOOLEAN_TYPES, text_limit

# An answer to a date question, for routes that need one: only `answered` looks at dates.
SOME_DATE = date(2000, 1, 1)


def choice_limits(question: Question) -> tuple[int, int]:
    """The fewest and most options a multiple-choice answer has."""
    count = len(question.options)
    return max(1, question.min_selections or 1), min(question.max_selections or count, count)


def possible_answers(question: Question, named: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """The values in `named` that the question can be answered with, without repeats (for
    yes/no and consent, both answers), and one answer that is none of them when there is one;
    for any type but multiple choice."""
    if question.options:
        values = [option.value for option in question.options]
        return [v for v in values if v in named], [v for v in values if v not in named][:1]
    if question.type in BOOLEAN_TYPES:
        required_consent = question.type is QuestionType.CONSENT and question.required
        # Both answers are named, so that words for them say 'No' rather than "anything else".
        return ([True] if required_consent else [True, False]), []
    if question.type is QuestionType.DATE:
        return [], [SOME_DATE]
    possible: list[Any] = []
    for value in named:
        if value not in possible and impossible_reason(question, value) is None:
            possible.append(value)
    return possible, _another_answer(question, possible)


def impossible_reason(question: Question, value: Any) -> str | None:
    """Why no answer to the question is ever `value`, or None when one can be."""
    kind = question.type
    if question.options:
        return None if value in [o.value for o in question.options] else "it has no such option"
    if kind is QuestionType.CONSENT and question.required and value is False:
        return "it must be given, as it is required"
    if kind is QuestionType.NUMBER:
        return _number_reason(question, value)
    if kind is QuestionType.FREE_TEXT:
        return _text_reason(question, value)
    if kind is QuestionType.POSTCODE:
        return _postcode_reason(value)
    return None


def no_answer_reason(question: Question) -> str | None:
    """Why the question accepts no answer at all, or None when it accepts some."""
    if question.type is not QuestionType.NUMBER or _another_answer(question, []):
        return None
    low, high = _limit_words(question.minimum), _limit_words(question.maximum)
    if question.integer:
        return f"there is no whole number from {low} to {high}"
    return f"no number from {low} to {high} has {MOST_DIGITS} digits or fewer"


def _limit_words(limit: float | None) -> str:
    return "any" if limit is None else format_number(limit)


def _number_reason(question: Question, value: Any) -> str | None:
    if question.integer and value != math.floor(value):
        return "it takes whole numbers only"
    if question.minimum is not None and value < question.minimum:
        return f"it takes nothing below {format_number(question.minimum)}"
    if question.maximum is not None and value > question.maximum:
        return f"it takes nothing above {format_number(question.maximum)}"
    if abs(value) >= 10**MOST_DIGITS:
        return f"it takes numbers of at most {MOST_DIGITS} digits"
    return None


def _text_reason(question: Question, value: Any) -> str | None:
    if CONTROL_CHARACTERS.search(value):
        return "control characters in an answer become spaces"
    if not value.strip():
        return "a blank answer counts as skipped"
    if value != value.strip():
        return "spaces at either end of an answer are removed"
    if len(value) > text_limit(question):
        return f"it takes at most {text_limit(question):,} characters"
    return None


def _postcode_reason(value: Any) -> str | None:
    written = normalise_postcode(value)
    if written is None:
        return "it is not a UK postcode"
    return None if written == value else f"postcodes are written like '{written}'"


def _another_answer(question: Question, taken: Sequence[Any]) -> list[Any]:
    """One answer to a number, text or postcode question not in `taken`, if there is one."""
    if question.type is QuestionType.NUMBER:
        return _another_number(question, taken)
    if question.type is QuestionType.POSTCODE:
        candidates = (f"WV{number} 1AA" for number in range(1, len(taken) + 2))
    else:
        candidates = (_letters(number) for number in range(len(taken) + 1))
    found = next(
        (c for c in candidates if c not in taken and not impossible_reason(question, c)), None
    )
    return [] if found is None else [found]


def _letters(number: int) -> str:
    """Text made of letters, different for each number: "a" … "z", "ba" …"""
    text = ""
    while True:
        number, letter = divmod(number, 26)
        text = chr(ord("a") + letter) + text
        if not number:
            return text


def _another_number(question: Question, taken: Sequence[Any]) -> list[Any]:
    """A number the question takes that is not in `taken`, if there is one."""
    low, high = question.minimum, question.maximum
    if low is not None:
        whole = range(math.ceil(low), math.ceil(low) + len(taken) + 1)
    elif high is not None:
        whole = range(math.floor(high), math.floor(high) - len(taken) - 1, -1)
    else:
        whole = range(len(taken) + 1)
    candidates: list[float] = list(whole)
    if not question.integer and low is not None and high is not None:
        steps = len(taken) + 2
        candidates += [low + (high - low) * step / steps for step in range(steps + 1)]
    for number in candidates:
        value = int(number) if question.integer else float(number)
        if value not in taken and _number_reason(question, value) is None:
            return [value]
    return []
