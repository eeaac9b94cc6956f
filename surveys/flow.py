"""Walking a person through a form: what to ask next, checking answers, storing them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.answer_text import display_value
from surveys.model import FormDefinition, Question, QuestionType, Text
from surveys.parsing import Raw, parse_answer
from surveys.steps import Step, group_steps
from surveys.storage import from_storage, to_storage
from surveys.visibility import applicable_questions

Answers = Mapping[str, Any]


class Flow:
    """A form in one language; it holds no answers, every call is given the answers so far.

    In the answers, a key that is present means the question was answered, and `None`
    means an optional question was skipped or left blank.
    """

    def __init__(self, definition: FormDefinition, language: str = "en") -> None:
        self.definition = definition
        self.language = language
        self._order = {question.id: index for index, question in enumerate(definition.questions)}

    def applicable(self, answers: Answers) -> list[Question]:
        """The questions that apply, in order."""
        return applicable_questions(self.definition, answers)

    def next_question(self, answers: Answers) -> Question | None:
        """The first applicable question not yet answered, or None when there is none."""
        return next((q for q in self.applicable(answers) if q.id not in answers), None)

    def steps(self, answers: Answers) -> list[Step]:
        """The applicable questions grouped into pages."""
        return group_steps(self.definition, self.applicable(answers))

    def next_step(self, answers: Answers) -> Step | None:
        """The first step with a question not yet answered, or None when there is none."""
        unanswered = (
            s for s in self.steps(answers) if any(q.id not in answers for q in s.questions)
        )
        return next(unanswered, None)

    def step_for(self, question_id: str, answers: Answers) -> Step | None:
        """The step that holds a question, or None when the question does not apply."""
        holding = (s for s in self.steps(answers) if any(q.id == question_id for q in s.questions))
        return next(holding, None)

    def previous_step(self, step: Step, answers: Answers) -> Step | None:
        """The step before this one, or None for the first step."""
        before = [s for s in self.steps(answers) if self._order[s.key] < self._order[step.key]]
        return before[-1] if before else None

    def parse(self, question: Question, raw: Raw) -> Any:
        """The value of a raw answer; raises `AnswerError` saying what to fix."""
        return parse_answer(question, raw, self.language)

    def clean(self, answers: Answers) -> dict[str, Any]:
        """The answers without those to hidden questions or to no question of this form."""
        applicable = {question.id for question in self.applicable(answers)}
        return {key: value for key, value in answers.items() if key in applicable}

    def is_complete(self, answers: Answers) -> bool:
        """Whether every applicable required question has an answer."""
        return not self.missing_required(answers)

    def missing_required(self, answers: Answers) -> list[Question]:
        """The applicable required questions without an answer (or without consent given)."""
        return [
            question
            for question in self.applicable(answers)
            if question.required and not _has_answer(question, answers.get(question.id))
        ]

    def to_storage(self, question: Question, value: Any) -> list[str]:
        """The strings stored for an answer: none when skipped, one a choice for multiple choice."""
        return to_storage(question, value)

    def from_storage(self, question: Question, stored: list[str]) -> Any:
        """The answer that `to_storage` stored as these strings."""
        return from_storage(question, stored)

    def text(self, text: Text | None) -> str | None:
        """A text in the flow's language, falling back to English."""
        return text.get(self.language) if text is not None else None

    def display_value(self, question: Question, value: Any) -> str:
        """An answer for people to read: option labels, Yes or No, "3 March 2024"."""
        return display_value(question, value, self.language)


def _has_answer(question: Question, value: Any) -> bool:
    """Whether a value answers a required question; consent must be given."""
    if question.type is QuestionType.CONSENT:
        return value is True
    return value is not None
