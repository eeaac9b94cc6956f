"""Answers to and from the strings that are stored, one string a row."""

from __future__ import annotations

from datetime import date
from typing import Any

from surveys.model import Question, QuestionType
from surveys.schema import BOOLEAN_TYPES


def to_storage(question: Question, value: Any) -> list[str]:
    """The strings stored for an answer: none when skipped, one a choice for multiple choice."""
    if value is None:
        return []
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return [str(choice) for choice in value]
    if question.type in BOOLEAN_TYPES:
        return ["yes" if value else "no"]
    if isinstance(value, date):
        return [value.isoformat()]
    if question.type is QuestionType.NUMBER:
        return [str(int(value) if question.integer else float(value))]
    return [str(value)]


def from_storage(question: Question, stored: list[str]) -> Any:
    """The answer that `to_storage` turned into these strings."""
    if not stored:
        return None
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return list(stored)
    if len(stored) != 1:
        raise ValueError(f"question '{question.id}' stores one value, not {len(stored)}")
    text = stored[0]
    if question.type in BOOLEAN_TYPES:
        return text == "yes"
    if question.type is QuestionType.DATE:
        return date.fromisoformat(text)
    if question.type is QuestionType.NUMBER:
        return int(text) if question.integer else float(text)
    return text
