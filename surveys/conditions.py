"""Reading `show_if` rules and checking them against the questions they name."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from surveys.form_errors import ProblemLog
from surveys.model import Condition, Question, QuestionType
from surveys.reading import check_keys, describe, is_number, quoting_hint, suggestion
from surveys.schema import BOOLEAN_TYPES, CHOICE_TYPES, TEXT_TYPES

OPERATORS = ("equals", "not_equals", "any_of", "answered")
EXAMPLE = "{question: attended, equals: true}"


def read_condition(value: Any, log: ProblemLog) -> Condition | None:
    """The rule in a `show_if`, or None when it is malformed."""
    log = log.at(prefix="show_if ")
    if not isinstance(value, Mapping):
        log.add(f"must be a mapping like {EXAMPLE}")
        return None
    check_keys(value, {"question", *OPERATORS}, {"question"}, log)
    operators = [key for key in OPERATORS if key in value]
    misspelt = any(key not in OPERATORS and key != "question" for key in value)
    if len(operators) > 1 or not (operators or misspelt):
        found = " and ".join(operators) or "none"
        log.add(f"needs exactly one of {', '.join(OPERATORS)} (it has {found}), like {EXAMPLE}")
    target = value.get("question")
    if "question" in value and not isinstance(target, str):
        log.add(f"'question' must be the id of an earlier question, not {describe(target)}")
    if len(operators) != 1 or not isinstance(target, str):
        return None
    operand = _read_operand(operators[0], value[operators[0]], log)
    return None if operand is None else Condition(target, operators[0], operand)


def _read_operand(operator: str, operand: Any, log: ProblemLog) -> Any:
    """The value a rule compares with, or None when it has the wrong shape."""
    if operator == "answered":
        if isinstance(operand, bool):
            return operand
        log.add(f"answered must be true or false, not {describe(operand)}")
        return None
    if operator == "any_of":
        if isinstance(operand, list) and operand and all(map(_is_scalar, operand)):
            return tuple(operand)
        log.add("any_of must be a list of one or more answers, like [asb, drugs]")
        return None
    if _is_scalar(operand):
        return operand
    log.add(f"{operator} must be one answer, like 'asb' or true, not {describe(operand)}")
    return None


def _is_scalar(value: Any) -> bool:
    """Whether a value is text, a number or true/false."""
    return isinstance(value, str | bool) or is_number(value)


def check_order(
    condition: Condition,
    question_id: str | None,
    earlier: Collection[str],
    known: Collection[str],
    log: ProblemLog,
) -> bool:
    """Whether a rule names an earlier question; if not, note why not."""
    name = condition.question
    if name == question_id:
        log.add("show_if refers to the question itself: name an earlier question")
    elif name in earlier:
        return True
    elif name in known:
        log.add(
            f"show_if refers to {describe(name)}, which comes after it: name an earlier question"
        )
    else:
        hint = suggestion(name, known)
        log.add(f"show_if refers to {describe(name)}, which is not a question in this form{hint}")
    return False


def check_operands(condition: Condition, target: Question, log: ProblemLog) -> None:
    """Note a compared value that the question named can never have."""
    if condition.operator == "answered":
        return
    operands = condition.operand if condition.operator == "any_of" else (condition.operand,)
    for operand in operands:
        problem = _operand_problem(target, operand)
        if problem:
            log.add(f"show_if {condition.operator} {describe(operand)}: {problem}")


def _operand_problem(target: Question, operand: Any) -> str | None:
    """Why an answer to the target can never be this value, or None when it can."""
    kind = target.type
    if kind in CHOICE_TYPES:
        values = [option.value for option in target.options]
        if not values or (isinstance(operand, str) and operand in values):
            return None
        hint = f" ({quoting_hint(operand)})" if isinstance(operand, bool) else ""
        return f"'{target.id}' has no such option: use one of {', '.join(values)}{hint}"
    if kind in BOOLEAN_TYPES and not isinstance(operand, bool):
        return f"'{target.id}' is a {kind} question: compare it with true or false"
    if kind is QuestionType.NUMBER and not is_number(operand):
        return f"'{target.id}' is a number question: compare it with a number"
    if kind in TEXT_TYPES and not isinstance(operand, str):
        return f"'{target.id}' is a {kind} question: compare it with some text"
    if kind is QuestionType.DATE:
        return f"'{target.id}' is a date question: use answered with it"
    return None
