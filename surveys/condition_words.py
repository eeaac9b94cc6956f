"""Skip rules and the answers they compare with, worded for the officers who write forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from surveys.answer_text import format_number
from surveys.model import Condition, FormDefinition, Question, QuestionType
from surveys.reading import is_number


def describe_condition(
    condition: Condition, definition: FormDefinition, language: str = "en"
) -> str:
    """A rule in plain words, by its question's label and option labels, like
    "'Did you go to a PACT meeting?' is answered 'Yes'"."""
    return rule_words(condition, definition.question(condition.question), language)


def rule_words(condition: Condition, target: Question, language: str = "en") -> str:
    """A rule on `target` in plain words, as `describe_condition` gives it."""
    name = question_words(target, language)
    if condition.operator == "answered":
        return f"{name} is answered" if condition.operand else f"{name} is skipped"
    operands = condition.operand if condition.operator == "any_of" else (condition.operand,)
    values = [value_words(target, operand, language) for operand in operands]
    if target.type is QuestionType.MULTIPLE_CHOICE:
        if condition.operator == "not_equals":
            return f"{name} is answered without choosing {values[0]}"
        return f"{or_list(values)} is chosen in {name}"
    if condition.operator == "not_equals":
        return f"{name} is answered, but not {values[0]}"
    return f"{name} is answered {or_list(values)}"


def question_words(question: Question, language: str = "en") -> str:
    """A question by its label, in quotes."""
    return f"'{question.label.get(language)}'"


def value_words(question: Question, value: Any, language: str = "en") -> str:
    """An answer as people read it: an option's label or Yes or No in quotes, or a number."""
    if isinstance(value, bool):
        return "'Yes'" if value else "'No'"
    if is_number(value):
        return format_number(value)
    labels = {option.value: option.label.get(language) for option in question.options}
    return f"'{labels.get(value, value)}'"


def or_list(words: Sequence[str]) -> str:
    """Words joined like "'A', 'B' or 'C'"."""
    return _joined(words, "or")


def and_list(words: Sequence[str]) -> str:
    """Words joined like "'A', 'B' and 'C'"."""
    return _joined(words, "and")


def _joined(words: Sequence[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"
