"""The parts of a form definition, as plain immutable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    FREE_TEXT = "free_text"
    SCALE = "scale"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"
    POSTCODE = "postcode"
    WARD = "ward"
    CONSENT = "consent"


@dataclass(frozen=True)
class Text:
    """Text in one or more languages; English is always there."""

    translations: dict[str, str]

    def get(self, language: str = "en") -> str:
        return self.translations.get(language) or self.translations["en"]


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class Condition:
    """A `show_if` rule: one operator applied to an earlier question's answer."""

    question: str
    operator: str  # "equals", "not_equals", "any_of" or "answered"
    operand: Any


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: Text
    section_id: str
    hint: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    long: bool = False
    max_length: int | None = None
    min_selections: int | None = None
    max_selections: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True
    not_future: bool = False


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]
    description: Text | None = None


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: Text
    sections: tuple[Section, ...]
    description: Text | None = None
    languages: tuple[str, ...] = ("en",)
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)
