"""How a definition is written as an XLSForm: its sheets, column headings, types and languages.

Both the reader and the writer use these names, so what one writes the other reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveys.schema import LANGUAGE_CODE

SURVEY = "survey"
CHOICES = "choices"
SETTINGS = "settings"

TYPE = "type"
NAME = "name"
LABEL = "label"
HINT = "hint"
REQUIRED = "required"
RELEVANT = "relevant"
CONSTRAINT = "constraint"
APPEARANCE = "appearance"
# Engage's own column: the Engage type of a question whose XLSForm type does not say it.
ENGAGE_TYPE = "engage::type"
LIST_NAME = "list_name"
FORM_ID = "form_id"
FORM_TITLE = "form_title"
VERSION = "version"
DEFAULT_LANGUAGE = "default_language"

MULTILINE = "multiline"
LIKERT = "likert"
OR_OTHER = "or_other"
# What an XLSForm `acknowledge` question holds once it is ticked.
ACKNOWLEDGED = "OK"
YES_NO_LIST = "yes_no"
# The columns whose headings may name a language, like `label::Punjabi (pa)`.
TRANSLATED = {LABEL, HINT, FORM_TITLE}

# The names XLSForm users give languages, by code, for headings like `label::Urdu (ur)`.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "cy": "Welsh",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "gu": "Gujarati",
    "hi": "Hindi",
    "it": "Italian",
    "ku": "Kurdish",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "so": "Somali",
    "sw": "Swahili",
    "ta": "Tamil",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}
LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
NAMED_LANGUAGE = re.compile(r"(?P<name>[^()]*?)\s*\((?P<code>[^()]*)\)\s*")

# XLSForm's types, as its users write them, by the name this module uses for each.
TYPE_ALIASES = {
    "int": "integer",
    "string": "text",
    "select one": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "begin_group": "begin group",
    "end_group": "end group",
    "begin_repeat": "begin repeat",
    "end_repeat": "end repeat",
}
SELECT_TYPES = ("select_one", "select_multiple")
# Headings some tools and older forms write, for the columns they mean.
COLUMN_ALIASES = {"list name": LIST_NAME}


@dataclass(frozen=True)
class Heading:
    """A column heading: its column (like `label`), its language code, or why it has none."""

    base: str
    language: str | None = None
    problem: str | None = None


def read_heading(written: str) -> Heading:
    """The column and language of a heading like `label`, `label::English (en)` or `hint::pa`."""
    text = written.strip()
    base, separator, language = text.rpartition("::")
    if not separator or base.lower() not in TRANSLATED:
        return Heading(COLUMN_ALIASES.get(text.lower(), text.lower()))
    code = language_code(language)
    if code is None:
        problem = f"give the language code too, like '{base}::{language.strip()} (xx)'"
        return Heading(base.lower(), problem=problem)
    return Heading(base.lower(), code)


def language_code(written: str) -> str | None:
    """The code of a language written like `Punjabi (pa)`, `Punjabi` or `pa`, or None."""
    named = NAMED_LANGUAGE.fullmatch(written.strip())
    candidate = named.group("code").strip() if named else written.strip()
    if LANGUAGE_CODE.fullmatch(candidate):
        return candidate
    return LANGUAGE_CODES.get(candidate.lower())


def language_name(code: str) -> str:
    """A language as XLSForm names it, like `Punjabi (pa)`."""
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def language_heading(base: str, code: str) -> str:
    """The heading for a column's text in one language, like `label::Punjabi (pa)`."""
    return f"{base}::{language_name(code)}"


@dataclass(frozen=True)
class XlsType:
    """A survey row's type: its kind (like `select_one`), its choice list, and `or_other`."""

    kind: str
    list_name: str | None = None
    or_other: bool = False


def read_type(written: str) -> XlsType:
    """The parts of a type cell like `select_one wards` or `select_multiple topics or_other`."""
    text = " ".join(written.split())
    for alias, kind in TYPE_ALIASES.items():
        lowered = text.lower()
        if lowered == alias or (kind in SELECT_TYPES and lowered.startswith(alias + " ")):
            text = kind + text[len(alias) :]
            break
    words = text.split()
    kind = words[0].lower() if words else ""
    if kind not in SELECT_TYPES:
        return XlsType(text.lower())
    if len(words) == 2:
        return XlsType(kind, words[1])
    if len(words) == 3 and words[2].lower() == OR_OTHER:
        return XlsType(kind, words[1], or_other=True)
    return XlsType(kind)  # no list name, or words after it that XLSForm does not have
