"""Turning a raw answer from a web form or a chat into a typed value, or saying what to fix."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from surveys.answer_text import format_number
from surveys.dates import is_blank_date, parse_date
from surveys.form_errors import AnswerError
from surveys.model import Question, QuestionType
from surveys.postcodes import normalise_postcode
from surveys.schema import CHOICE_TYPES, text_limit

Raw = str | Sequence[str] | None
YES = {"yes", "y", "true"}
NO = {"no", "n", "false"}
NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
NOT_AN_OPTION = "Select an option from the list"
# Whole numbers of up to 15 digits are exact as floats, in any database or analysis; longer ones
# would round, or turn into infinity, or pass Python's limit on turning a long int into text.
MOST_DIGITS = 15
# Control characters other than tab and line breaks: PostgreSQL cannot store NUL, a spreadsheet
# export cannot hold any of them, and a paste from a word processor can bring them in.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_answer(question: Question, raw: Raw, language: str = "en") -> Any:
    """The value of a raw answer; raise `AnswerError` when it is not a valid answer."""
    label = question.label.get(language)
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return _multiple_choice(question, _texts(raw), label)
    text = _text(raw, label)
    if not text or (question.type is QuestionType.DATE and is_blank_date(text)):
        if question.required:
            raise AnswerError(_blank_message(question, label))
        return None
    return _PARSERS[question.type](question, text, label)


def _texts(raw: Raw) -> list[str]:
    """The non-blank strings of a raw answer that may hold several, control characters spaced."""
    items = [raw] if isinstance(raw, str) else list(raw or [])
    texts = [CONTROL_CHARACTERS.sub(" ", str(item)).strip() for item in items]
    return [text for text in texts if text]


def _text(raw: Raw, label: str) -> str:
    """The one string of a raw answer, stripped; empty when blank."""
    texts = _texts(raw)
    if len(texts) > 1:
        raise AnswerError(f"Give one answer for “{label}”")
    return texts[0] if texts else ""


def _blank_message(question: Question, label: str) -> str:
    """What to do when a required question is left blank."""
    if question.type is QuestionType.CONSENT:
        return f"You must agree to “{label}” to continue"
    if question.type in CHOICE_TYPES or question.type is QuestionType.YES_NO:
        return f"Select an answer for “{label}”"
    return f"Enter an answer for “{label}”"


def _multiple_choice(question: Question, texts: list[str], label: str) -> list[str] | None:
    """The options chosen, in the options' order."""
    if not texts:
        if question.required:
            raise AnswerError(_blank_message(question, label))
        return None
    values = [option.value for option in question.options]
    if any(text not in values for text in texts):
        raise AnswerError(NOT_AN_OPTION)
    chosen = [value for value in values if value in texts]
    least, most = question.min_selections, question.max_selections
    if least is not None and len(chosen) < least:
        raise AnswerError(f"Select at least {least} option{'s' if least > 1 else ''}")
    if most is not None and len(chosen) > most:
        raise AnswerError(f"Select no more than {most} option{'s' if most > 1 else ''}")
    return chosen


def _choice(question: Question, text: str, label: str) -> str:
    """One of the question's option values."""
    if text not in {option.value for option in question.options}:
        raise AnswerError(NOT_AN_OPTION)
    return text


def _yes_no(question: Question, text: str, label: str) -> bool:
    """True for yes, False for no."""
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise AnswerError(f"Select yes or no for “{label}”")


def _consent(question: Question, text: str, label: str) -> bool:
    """True when consent is given; refused consent is an error when it is required."""
    given = text.lower() in YES | {"on"}
    if not given and text.lower() not in NO | {"off"}:
        raise AnswerError(NOT_AN_OPTION)
    if not given and question.required:
        raise AnswerError(_blank_message(question, label))
    return given


def _free_text(question: Question, text: str, label: str) -> str:
    """The text, no longer than the question allows."""
    limit = text_limit(question)
    if len(text) > limit:
        raise AnswerError(f"“{label}” must be {limit:,} characters or fewer")
    return text


def _number(question: Question, text: str, label: str) -> int | float:
    """A number within the question's range; whole unless the question allows decimals."""
    example = "Enter a whole number, like 12" if question.integer else "Enter a number, like 12.5"
    if not NUMBER.fullmatch(text):
        raise AnswerError(example)
    exact = Decimal(text.replace(",", ""))
    if abs(exact) >= 10**MOST_DIGITS:
        raise AnswerError(f"Enter a number with {MOST_DIGITS} digits or fewer")
    if question.integer and exact != exact.to_integral_value():
        raise AnswerError(example)
    value: int | float = int(exact) if question.integer else float(exact)
    least, most = question.minimum, question.maximum
    if (least is not None and value < least) or (most is not None and value > most):
        raise AnswerError(_range_message(least, most))
    return value


def _range_message(least: float | None, most: float | None) -> str:
    """What range of numbers to enter."""
    low = "" if least is None else format_number(least)
    high = "" if most is None else format_number(most)
    if low and high:
        return f"Enter a number between {low} and {high}"
    return (
        f"Enter a number that is {low} or more" if low else f"Enter a number that is {high} or less"
    )


def _date(question: Question, text: str, label: str) -> Any:
    """A real date, not in the future when the question says so."""
    return parse_date(text, question.not_future)


def _postcode(question: Question, text: str, label: str) -> str:
    """A full UK postcode, written like "WV1 1RP"."""
    postcode = normalise_postcode(text)
    if postcode is None:
        raise AnswerError("Enter a full UK postcode, like WV1 1RP")
    return postcode


_PARSERS: dict[QuestionType, Callable[[Question, str, str], Any]] = {
    QuestionType.SINGLE_CHOICE: _choice,
    QuestionType.SCALE: _choice,
    QuestionType.WARD: _choice,
    QuestionType.YES_NO: _yes_no,
    QuestionType.CONSENT: _consent,
    QuestionType.FREE_TEXT: _free_text,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.POSTCODE: _postcode,
}
