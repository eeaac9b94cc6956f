"""How one question differs between two versions of a form, in plain English."""

from __future__ import annotations

from surveys.answer_text import format_number
from surveys.condition_words import describe_condition
from surveys.model import Condition, FormDefinition, Question, QuestionType, Text
from surveys.schema import text_limit

TYPE_WORDS = {
    QuestionType.SINGLE_CHOICE: "single choice",
    QuestionType.MULTIPLE_CHOICE: "multiple choice",
    QuestionType.FREE_TEXT: "free text",
    QuestionType.SCALE: "scale",
    QuestionType.YES_NO: "yes or no",
    QuestionType.NUMBER: "number",
    QuestionType.DATE: "date",
    QuestionType.POSTCODE: "postcode",
    QuestionType.WARD: "ward",
    QuestionType.CONSENT: "consent",
}
LIMITS = {
    "minimum": "Lowest number",
    "maximum": "Highest number",
    "min_selections": "Fewest choices",
    "max_selections": "Most choices",
}


def text_changes(name: str, old: Text | None, new: Text | None) -> list[str]:
    """How a text changed, language by language, like "Label changed from 'A' to 'B'"."""
    if old == new:
        return []
    if old is None or new is None:
        return [f"{name} added: '{new.get()}'" if new else f"{name} removed"]
    languages = sorted(
        {*old.translations, *new.translations}, key=lambda code: (code != "en", code)
    )
    changes = []
    for language in languages:
        before, after = old.translations.get(language), new.translations.get(language)
        where = "" if language == "en" else f" ({language})"
        if before == after:
            continue
        if before is None:
            changes.append(f"{name}{where} added: '{after}'")
        elif after is None:
            changes.append(f"{name}{where} removed")
        else:
            changes.append(f"{name}{where} changed from '{before}' to '{after}'")
    return changes


def rewording(old: Question, new: Question) -> list[str]:
    """How a question's label and hint changed, in any language."""
    return text_changes("Label", old.label, new.label) + text_changes("Hint", old.hint, new.hint)


def other_changes(
    old: Question, new: Question, before: FormDefinition, after: FormDefinition, language: str
) -> list[str]:
    """How a question changed other than in its wording: its type, options, whether it is
    required, its skip rule and its limits."""
    changes = []
    if old.type is not new.type:
        changes.append(f"Type changed from {TYPE_WORDS[old.type]} to {TYPE_WORDS[new.type]}")
    changes += option_changes(old, new)
    if old.required != new.required:
        changes.append("Now required" if new.required else "No longer required")
    changes += rule_changes(old, new, before, after, language)
    return changes + limit_changes(old, new)


def option_changes(old: Question, new: Question) -> list[str]:
    """Options removed, added, relabelled or put in another order."""
    before = {option.value: option for option in old.options}
    after = {option.value: option for option in new.options}
    changes = [f"Option '{o.label.get()}' removed" for v, o in before.items() if v not in after]
    changes += [f"Option '{o.label.get()}' added" for v, o in after.items() if v not in before]
    for value, option in after.items():
        if value in before:
            changes += text_changes(f"Option '{value}' label", before[value].label, option.label)
    if [v for v in before if v in after] != [v for v in after if v in before]:
        changes.append("Options put in a different order")
    return changes


def rule_changes(
    old: Question, new: Question, before: FormDefinition, after: FormDefinition, language: str
) -> list[str]:
    """How the rule for when the question is asked changed."""
    if _rule_key(old.show_if) == _rule_key(new.show_if):
        return []
    if new.show_if is None:
        return ["Now always asked"]
    now = f"Now asked only if {describe_condition(new.show_if, after, language)}"
    if old.show_if is None:
        return [now]
    return [f"{now} (before, only if {describe_condition(old.show_if, before, language)})"]


def _rule_key(rule: Condition | None) -> tuple[object, ...] | None:
    """A rule in a form where `any_of` lists in any order are the same."""
    if rule is None:
        return None
    operand = frozenset(rule.operand) if rule.operator == "any_of" else rule.operand
    return (rule.question, rule.operator, operand)


def limit_changes(old: Question, new: Question) -> list[str]:
    """How the limits on answers changed: numbers, choices, characters, decimals, dates."""
    changes = []
    for field, name in LIMITS.items():
        was, now = getattr(old, field), getattr(new, field)
        if was == now:
            continue
        if was is None:
            changes.append(f"{name} set to {format_number(now)}")
        elif now is None:
            changes.append(f"{name} removed (it was {format_number(was)})")
        else:
            changes.append(f"{name} changed from {format_number(was)} to {format_number(now)}")
    return changes + _setting_changes(old, new)


def _setting_changes(old: Question, new: Question) -> list[str]:
    """Changes to the settings of a type of question, when it stays that type."""
    if old.type is not new.type:
        return []
    changes = []
    if old.type is QuestionType.FREE_TEXT and text_limit(old) != text_limit(new):
        changes.append(f"Most characters changed from {text_limit(old):,} to {text_limit(new):,}")
    if old.type is QuestionType.FREE_TEXT and old.long != new.long:
        changes.append("Now a long answer, in a text area" if new.long else "Now a one-line answer")
    if old.type is QuestionType.NUMBER and old.integer != new.integer:
        changes.append("Now takes whole numbers only" if new.integer else "Now takes decimals")
    if old.type is QuestionType.DATE and old.not_future != new.not_future:
        changes.append(
            "Now refuses dates in the future" if new.not_future else "Now takes future dates"
        )
    return changes
