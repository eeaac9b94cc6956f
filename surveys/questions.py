"""Reading one question of a definition, with the follow-up that `other: true` adds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.conditions import read_condition
from surveys.form_errors import ProblemLog
from surveys.model import Condition, Question, QuestionType, Text
from surveys.question_settings import type_fields
from surveys.reading import check_keys, describe, read_bool, read_id, suggestion
from surveys.schema import (
    ALL_QUESTION_KEYS,
    OTHER_SUFFIX,
    OTHER_TEXT_LIMIT,
    OTHER_VALUE,
    QUESTION_COMMON,
    QUESTION_ID,
    QUESTION_ID_RULE,
    QUESTION_KEYS,
    QUESTION_REQUIRED,
    RESERVED_QUESTION_IDS,
    types_with_key,
)
from surveys.texts import read_text

TYPES = ", ".join(QuestionType)
OTHER_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}


@dataclass(frozen=True)
class Entry:
    """A question as read: its id, its rule, the question when its type is known, its log."""

    id: str | None
    condition: Condition | None
    question: Question | None
    log: ProblemLog
    added_by: str | None = None  # the question whose `other: true` added this one


def read_question(data: Any, section_id: str, place: str, log: ProblemLog) -> list[Entry]:
    """The entries for one question mapping: the question and any "Please specify" after it."""
    if isinstance(data, Mapping) and isinstance(data.get("id"), str):
        log = log.at(question=data["id"])
    else:
        log = log.at(prefix=f"{place}: ")
    if not isinstance(data, Mapping):
        log.add("must be a mapping of keys like id, type and label")
        return []
    question_id = read_id(data, QUESTION_ID, QUESTION_ID_RULE, log)
    if question_id in RESERVED_QUESTION_IDS:
        log.add(f"id '{question_id}' is a name the web form uses itself: choose another id")
    kind = _read_type(data, log)
    _check_question_keys(data, kind, log)
    condition = read_condition(data["show_if"], log) if "show_if" in data else None
    label = read_text(data, "label", log)
    hint = read_text(data, "hint", log, required=False)
    required = read_bool(data, "required", False, log)
    if kind is None:
        return [Entry(question_id, condition, None, log)]
    question = Question(
        id=question_id or "",
        type=kind,
        label=label or Text({"en": question_id or "?"}),
        section_id=section_id,
        hint=hint,
        required=required,
        show_if=condition,
        **type_fields(kind, data, log),
    )
    entries = [Entry(question_id, condition, question, log)]
    if kind in OTHER_TYPES and data.get("other") is True:
        follow_up = other_follow_up(question)
        entries.append(Entry(follow_up.id, follow_up.show_if, follow_up, log, question_id))
    return entries


def other_follow_up(question: Question) -> Question:
    """The "Please specify" question shown when "Other" is chosen."""
    return Question(
        id=question.id + OTHER_SUFFIX,
        type=QuestionType.FREE_TEXT,
        label=Text({"en": "Please specify"}),
        section_id=question.section_id,
        required=True,
        show_if=Condition(question.id, "equals", OTHER_VALUE),
        max_length=OTHER_TEXT_LIMIT,
    )


def _read_type(data: Mapping[Any, Any], log: ProblemLog) -> QuestionType | None:
    """The question's type, or None when it is missing or unknown."""
    value = data.get("type")
    if isinstance(value, str) and value in set(QuestionType):
        return QuestionType(value)
    if "type" in data:
        hint = suggestion(value, list(QuestionType))
        log.add(f"unknown type {describe(value)}{hint}: use one of {TYPES}")
    return None


def _check_question_keys(
    data: Mapping[Any, Any], kind: QuestionType | None, log: ProblemLog
) -> None:
    """Note missing keys, misspelt keys and keys that belong to another type."""
    allowed = QUESTION_COMMON | (QUESTION_KEYS[kind] if kind else ALL_QUESTION_KEYS)
    misplaced = {key for key in data if key in ALL_QUESTION_KEYS and key not in allowed}
    for key in sorted(misplaced):
        owners = ", ".join(types_with_key(key))
        log.add(f"'{key}' does not apply to a {kind} question, only to: {owners}")
    check_keys(data, allowed | misplaced, QUESTION_REQUIRED, log)
