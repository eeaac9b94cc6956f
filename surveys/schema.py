"""What a definition may contain: its keys, the shape of ids, and defaults."""

from __future__ import annotations

import re

from surveys.model import Question, QuestionType

FORM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FORM_ID_RULE = "lower-case letters, digits and hyphens, like 'pact-feedback'"
SECTION_ID = re.compile(r"[a-z][a-z0-9_-]*")
SECTION_ID_RULE = "lower-case letters, digits, hyphens and underscores, starting with a letter"
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*")
QUESTION_ID_RULE = "lower-case letters, digits and underscores, starting with a letter"
OPTION_VALUE = re.compile(r"[A-Za-z0-9_-]+")
OPTION_VALUE_RULE = "letters, digits, hyphens and underscores"
LIST_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

# Limits that keep a definition within what the database stores it in: ids go in 100-character
# columns, and a question's "Other" follow-up adds "_other" to its id; versions are 32-bit.
MOST_ID_LENGTH = 80
MOST_VERSION = 1_000_000
MOST_TITLE_LENGTH = 300
# The largest shipped definition is about 8 KB; a file far bigger is a mistake, and reading one
# of many megabytes would take minutes and gigabytes.
MOST_FILE_BYTES = 1_000_000
# A question's id names its field on the web page, beside the names the web form uses itself.
RESERVED_QUESTION_IDS = frozenset(
    {
        "csrf_token",
        "data",
        "errors",
        "form_errors",
        "hidden_tag",
        "is_submitted",
        "meta",
        "populate_obj",
        "post_process",
        "process",
        "validate",
        "validate_on_submit",
    }
)

FORM_KEYS = {"id", "version", "title", "description", "sections"}
FORM_REQUIRED = {"id", "version", "title", "sections"}
SECTION_KEYS = {"id", "title", "description", "questions"}
SECTION_REQUIRED = {"id", "title", "questions"}
OPTION_KEYS = {"value", "label"}

QUESTION_COMMON = {"id", "type", "label", "hint", "required", "show_if"}
QUESTION_REQUIRED = {"id", "type", "label"}
QUESTION_KEYS: dict[QuestionType, set[str]] = {
    QuestionType.SINGLE_CHOICE: {"options", "other"},
    QuestionType.MULTIPLE_CHOICE: {"options", "other", "min_selections", "max_selections"},
    QuestionType.FREE_TEXT: {"long", "max_length"},
    QuestionType.SCALE: {"scale", "options"},
    QuestionType.YES_NO: set(),
    QuestionType.NUMBER: {"min", "max", "integer"},
    QuestionType.DATE: {"not_future"},
    QuestionType.POSTCODE: set(),
    QuestionType.WARD: {"list", "options"},
    QuestionType.CONSENT: set(),
}
ALL_QUESTION_KEYS = QUESTION_COMMON.union(*QUESTION_KEYS.values())

CHOICE_TYPES = {
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.SCALE,
    QuestionType.WARD,
}
BOOLEAN_TYPES = {QuestionType.YES_NO, QuestionType.CONSENT}
TEXT_TYPES = {QuestionType.FREE_TEXT, QuestionType.POSTCODE}

DEFAULT_LIST = "wards"
SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 5000
OTHER_VALUE = "other"
OTHER_SUFFIX = "_other"
OTHER_TEXT_LIMIT = 200


def text_limit(question: Question) -> int:
    """How many characters a free-text answer to this question may have."""
    return question.max_length or (LONG_TEXT_LIMIT if question.long else SHORT_TEXT_LIMIT)


def types_with_key(key: str) -> list[str]:
    """The question types that accept a type-specific key."""
    return [str(kind) for kind, keys in QUESTION_KEYS.items() if key in keys]
