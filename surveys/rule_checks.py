"""Checking each skip rule against the answers its question can have: which questions some
answers reach, and the rules that can never hold, always hold or name impossible answers."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.answer_classes import answer_classes, operands
from surveys.answer_values import impossible_reason, no_answer_reason
from surveys.condition_words import or_list, rule_words, value_words
from surveys.model import Condition, FormDefinition, Question, QuestionType
from surveys.route_model import RouteWarning


@dataclass(frozen=True)
class RuleReport:
    """The questions some answers reach, and what is wrong with the rules."""

    reachable: frozenset[str]
    warnings: tuple[RouteWarning, ...]


def check_rules(definition: FormDefinition, language: str = "en") -> RuleReport:
    """Which questions some answers reach, and warnings about each rule, in the form's order."""
    by_id = {question.id: question for question in definition.questions}
    reachable: set[str] = set()
    warnings: list[RouteWarning] = []
    for question in definition.questions:
        reason = no_answer_reason(question)
        if reason:
            warnings.append(_no_answer(question, reason))
        rule = question.show_if
        if rule is None:
            reachable.add(question.id)
            continue
        target = by_id[rule.question]
        words = rule_words(rule, target, language)
        if rule.question not in reachable:
            message = (
                f"'{question.id}' is never asked: it is asked only if {words}, but "
                f"'{rule.question}' is never asked. Fix the rule on '{rule.question}' first."
            )
            warnings.append(_warning("unreachable", question, message))
            continue
        found, reached = _rule_warnings(question, target, words)
        warnings.extend(found)
        if reached:
            reachable.add(question.id)
    return RuleReport(frozenset(reachable), tuple(warnings))


def _warning(kind: str, question: Question, message: str) -> RouteWarning:
    return RouteWarning(kind, question.section_id, question.id, message)


def _no_answer(question: Question, reason: str) -> RouteWarning:
    """A question nobody can answer: they can only skip it, or are stuck when it is required."""
    stuck = (
        " It is required, so nobody who is asked it can finish the form."
        if question.required
        else ""
    )
    message = f"'{question.id}' accepts no answer: {reason}.{stuck} Change its limits."
    return _warning("no_answer", question, message)


def _rule_warnings(
    question: Question, target: Question, words: str
) -> tuple[list[RouteWarning], bool]:
    """What is wrong with a question's rule on a question some answers reach, and whether
    some answers reach this question too."""
    rule = question.show_if
    assert rule is not None
    classes = answer_classes(target, [rule]) or []
    can_hold = any(found.holds for found in classes)
    can_fail = any(not found.holds for found in classes)
    warnings = _listed_values(question, rule, target, can_hold)
    if not can_hold:
        why, fix = _never_reason(question, rule, target)
        message = f"'{question.id}' is never asked: it is asked only if {words}, and {why}. {fix}"
        warnings.append(_warning("unreachable", question, message))
    elif not can_fail:
        same = "remove the rule" if target.show_if is None else f"give it the rule of '{target.id}'"
        message = (
            f"The rule on '{question.id}' always holds when '{target.id}' is asked: "
            f"{_always_reason(rule, target)}. If '{question.id}' should be asked whenever "
            f"'{target.id}' is, {same}; if not, change the rule."
        )
        warnings.append(_warning("rule_always_holds", question, message))
    return warnings, can_hold


def _listed_values(
    question: Question, rule: Condition, target: Question, can_hold: bool
) -> list[RouteWarning]:
    """Answers an `any_of` lists twice, or lists though no answer is ever one of them."""
    if rule.operator != "any_of":
        return []
    warnings = []
    listed: list[object] = []
    for value in rule.operand:
        words = value_words(target, value)
        reason = impossible_reason(target, value)
        if value in listed:
            message = f"The rule on '{question.id}' lists {words} more than once: list it once."
            warnings.append(_warning("repeated_value", question, message))
        elif reason and can_hold:
            message = (
                f"The rule on '{question.id}' lists {words}, but '{target.id}' can never be "
                f"answered {words}: {reason}. Remove it from the list, or correct it."
            )
            warnings.append(_warning("impossible_value", question, message))
        listed.append(value)
    return warnings


def _never_reason(question: Question, rule: Condition, target: Question) -> tuple[str, str]:
    """Why no answer meets a rule, and what to do about it."""
    change = f"Change the rule on '{question.id}'."
    if rule.operator == "answered" and not rule.operand:
        why = f"'{target.id}' is required, so it is never skipped"
        return why, f"Make '{target.id}' optional, or change the rule on '{question.id}'."
    reason = no_answer_reason(target)
    if reason:
        return f"'{target.id}' accepts no answer: {reason}", f"Change the limits on '{target.id}'."
    if rule.operator == "not_equals":
        words = value_words(target, rule.operand)
        return f"every answer to '{target.id}' {_is_or_includes(target)} {words}", change
    reasons = [
        f"'{target.id}' can never be answered {value_words(target, value)}: {reason}"
        for value in operands(rule)
        if (reason := impossible_reason(target, value))
    ]
    return "; ".join(reasons) or f"no answer to '{target.id}' meets it", change


def _always_reason(rule: Condition, target: Question) -> str:
    """Why every answer to a question meets a rule on it."""
    if rule.operator == "answered":
        return f"'{target.id}' is required, so it is always answered"
    words = value_words(target, rule.operand) if rule.operator != "any_of" else ""
    reason = impossible_reason(target, rule.operand) if rule.operator != "any_of" else None
    if rule.operator == "not_equals" and reason:
        return f"'{target.id}' can never be answered {words}: {reason}"
    if rule.operator == "equals":
        return f"every answer to '{target.id}' {_is_or_includes(target)} {words}"
    if rule.operator == "any_of":
        listed = or_list([value_words(target, value) for value in rule.operand])
        return f"every answer to '{target.id}' {_is_or_includes(target)} {listed}"
    return f"every answer to '{target.id}' meets it"


def _is_or_includes(target: Question) -> str:
    return "includes" if target.type is QuestionType.MULTIPLE_CHOICE else "is"
