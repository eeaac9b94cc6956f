"""Reading checked values out of the mappings of a definition, noting every problem."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from difflib import get_close_matches
from typing import Any

from surveys.form_errors import ProblemLog
from surveys.schema import MOST_ID_LENGTH

# How much of a long value a problem message shows.
SHOWN_LENGTH = 40


def describe(value: Any) -> str:
    """A value as it would be written in YAML, for a problem message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # Line breaks and other unprintable characters escaped, so a problem stays on one line;
        # a long value cut short, so a problem stays readable.
        shown = value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"
        return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown) + "'"
    if value is None:
        return "nothing"
    return str(value)


def quoting_hint(value: Any) -> str:
    """Advice for a value YAML read as something other than text."""
    if isinstance(value, bool):
        return (
            "put it in quotes, like 'yes': unquoted, YAML reads yes, no, on and off as true/false"
        )
    return f"put it in quotes, like '{value}'"


def check_keys(
    data: Mapping[Any, Any],
    allowed: Collection[str],
    required: Collection[str],
    log: ProblemLog,
) -> None:
    """Note keys that are not allowed and required keys that are missing."""
    for key in data:
        if key not in allowed:
            log.add(f"unknown key {describe(key)}{suggestion(key, allowed)}: remove or correct it")
    for key in sorted(required):
        if key not in data:
            log.add(f"missing '{key}'")


def suggestion(word: Any, choices: Collection[str]) -> str:
    """A " (did you mean 'x'?)" hint for a misspelt word, or nothing."""
    matches = get_close_matches(str(word), sorted(choices), n=1, cutoff=0.7)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def read_id(
    data: Mapping[Any, Any], pattern: re.Pattern[str], rule: str, log: ProblemLog
) -> str | None:
    """The `id` of a mapping, noting a badly formed one; None when absent or not text."""
    value = data.get("id")
    if "id" not in data:
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        log.add(f"id {describe(value)} is not valid: use {rule}")
    elif len(value) > MOST_ID_LENGTH:
        log.add(
            f"id {describe(value)} is {len(value):,} characters long: use {MOST_ID_LENGTH} or fewer"
        )
    return value if isinstance(value, str) else None


def read_bool(data: Mapping[Any, Any], key: str, default: bool, log: ProblemLog) -> bool:
    """A true/false value, or the default when the key is absent."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        log.add(f"'{key}' must be true or false, not {describe(value)}")
        return default
    return value


def read_count(
    data: Mapping[Any, Any], key: str, log: ProblemLog, most: int | None = None
) -> int | None:
    """A whole number of 1 or more (and at most `most`), or None when the key is absent."""
    value = data.get(key)
    if value is None and key not in data:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        log.add(f"'{key}' must be a whole number of 1 or more, not {describe(value)}")
        return None
    if most is not None and value > most:
        log.add(f"'{key}' must be {most:,} or less, not {value:,}")
        return None
    return value


def read_number(data: Mapping[Any, Any], key: str, log: ProblemLog) -> float | None:
    """A finite number, or None when the key is absent."""
    value = data.get(key)
    if value is None and key not in data:
        return None
    if not is_number(value):
        log.add(f"'{key}' must be a number, not {describe(value)}")
        return None
    return value


def is_number(value: Any) -> bool:
    """Whether a value is a finite int or float (and not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)  # an int may be too big for a float
