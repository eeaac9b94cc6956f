"""Answers written for people to read, as on a "check your answers" page."""

from __future__ import annotations

from datetime import date
from typing import Any

from surveys.dates import format_date
from surveys.model import Question
from surveys.schema import CHOICE_TYPES

NOT_ANSWERED = "Not answered"


def display_value(question: Question, value: Any, language: str = "en") -> str:
    """An answer as text: option labels for choices, Yes or No, dates like "3 March 2024"."""
    if value is None:
        return NOT_ANSWERED
    if question.type in CHOICE_TYPES:
        labels = {option.value: option.label.get(language) for option in question.options}
        chosen = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(choice), str(choice)) for choice in chosen)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def format_number(value: float) -> str:
    """A number with thousands separated by commas, and no ".0" on a whole number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"
