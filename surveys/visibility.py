"""Which questions apply, given the answers so far: `show_if` rules, with hiding passed on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.model import Condition, FormDefinition, Question


def applicable_questions(definition: FormDefinition, answers: Mapping[str, Any]) -> list[Question]:
    """The questions shown, in order; hidden if its rule fails or names a hidden question."""
    shown: set[str] = set()
    applicable: list[Question] = []
    for question in definition.questions:
        rule = question.show_if
        if rule is None or (rule.question in shown and condition_holds(rule, answers)):
            shown.add(question.id)
            applicable.append(question)
    return applicable


def condition_holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Whether a rule holds for the answers; never before its question is answered or skipped."""
    if condition.question not in answers:
        return False
    value = answers[condition.question]
    if condition.operator == "answered":
        return (value is not None) == condition.operand
    if value is None:
        return False
    if condition.operator == "equals":
        return _matches(value, condition.operand)
    if condition.operator == "not_equals":
        return not _matches(value, condition.operand)
    return any(_matches(value, operand) for operand in condition.operand)


def _matches(value: Any, operand: Any) -> bool:
    """Whether an answer is the value, or for a multiple choice includes it."""
    if isinstance(value, list | tuple):
        return operand in value
    return bool(value == operand)
