"""Reading a question's `options`: a list of {value, label}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.form_errors import ProblemLog
from surveys.model import Option, Text
from surveys.reading import check_keys, describe, quoting_hint
from surveys.schema import OPTION_KEYS, OPTION_VALUE, OPTION_VALUE_RULE
from surveys.texts import read_text


def read_options(value: Any, log: ProblemLog, origin: str = "") -> tuple[Option, ...]:
    """The options of a list, noting bad ones and values used twice."""
    if not isinstance(value, list) or not value:
        log.add("'options' must be a list with at least one {value, label} option")
        return ()
    options: list[Option] = []
    for index, item in enumerate(value, start=1):
        option = _read_option(item, log.at(prefix=f"option {index}{origin}: "))
        if option is not None:
            options.append(option)
    _check_unique_values(options, log)
    return tuple(options)


def _check_unique_values(options: list[Option], log: ProblemLog) -> None:
    """Note every option value that is used more than once."""
    seen: set[str] = set()
    for option in options:
        if option.value in seen:
            log.add(f"option value '{option.value}' is used more than once: make each different")
        seen.add(option.value)


def _read_option(item: Any, log: ProblemLog) -> Option | None:
    """One option, or None when it is too broken to use."""
    if not isinstance(item, Mapping):
        log.add("must be a mapping like {value: asb, label: Anti-social behaviour}")
        return None
    check_keys(item, OPTION_KEYS, OPTION_KEYS, log)
    label = read_text(item, "label", log)
    value = item.get("value")
    if "value" not in item:
        return None
    if not isinstance(value, str):
        log.add(f"value {describe(value)} must be text: {quoting_hint(value)}")
        return None
    if not OPTION_VALUE.fullmatch(value):
        log.add(f"value {describe(value)} is not valid: use only {OPTION_VALUE_RULE}")
    return Option(value, label or Text({"en": value}))
