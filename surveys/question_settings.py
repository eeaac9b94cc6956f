"""Reading the settings that only some types of question have, like options and limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from surveys.form_errors import ProblemLog
from surveys.model import Option, QuestionType, Text
from surveys.options import read_options
from surveys.reading import describe, read_bool, read_count, read_number
from surveys.scales import SCALES
from surveys.schema import DEFAULT_LIST, LIST_NAME, OTHER_VALUE

Fields = dict[str, Any]
OTHER_OPTION = Option(OTHER_VALUE, Text({"en": "Other"}))


def unread_list_message(name: str) -> str:
    """The problem noted for a ward question whose list could not be read."""
    return (
        f"the list '{name}' could not be read: "
        f"check that lists/{name}.yaml exists and is a list of {{value, label}} options"
    )


def type_fields(kind: QuestionType, data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """The `Question` fields that a question of this type takes from its mapping."""
    reader = _READERS.get(kind)
    return reader(data, log) if reader else {}


def _single_choice(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """Options, with "Other" added when `other: true`."""
    if "options" not in data:
        log.add("missing 'options': list the answers people can choose from")
        return {"options": ()}
    options = read_options(data["options"], log)
    if not read_bool(data, "other", False, log):
        return {"options": options}
    if any(option.value == OTHER_VALUE for option in options):
        log.add("option value 'other' is used more than once: other: true adds it already")
    return {"options": (*options, OTHER_OPTION)}


def _multiple_choice(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """Options as for a single choice, and how many may be chosen."""
    fields = _single_choice(data, log)
    least = read_count(data, "min_selections", log)
    most = read_count(data, "max_selections", log)
    if least is not None and most is not None and least > most:
        log.add(f"'min_selections' ({least}) is more than 'max_selections' ({most})")
    count = len(fields["options"])
    if least is not None and count and least > count:
        log.add(f"'min_selections' is {least} but there are only {count} to choose from")
    return {**fields, "min_selections": least, "max_selections": most}


def _free_text(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """Whether the text is long, and its most characters."""
    return {
        "long": read_bool(data, "long", False, log),
        "max_length": read_count(data, "max_length", log),
    }


def _scale(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """The options of a preset scale, or the question's own."""
    if ("scale" in data) == ("options" in data):
        log.add("give either 'scale' (like scale: agreement) or 'options', not both or neither")
    if "options" in data:
        return {"options": read_options(data["options"], log)}
    preset = data.get("scale")
    if isinstance(preset, str) and preset in SCALES:
        return {"options": SCALES[preset]}
    if "scale" in data:
        log.add(f"unknown scale {describe(preset)}: use one of {', '.join(SCALES)}, or 'options'")
    return {"options": ()}


def _number(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """The lowest and highest numbers allowed, and whether decimals are."""
    least = read_number(data, "min", log)
    most = read_number(data, "max", log)
    if least is not None and most is not None and least > most:
        log.add(f"'min' ({least}) is more than 'max' ({most})")
    return {
        "minimum": least,
        "maximum": most,
        "integer": read_bool(data, "integer", True, log),
    }


def _date(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """Whether the date may be in the future."""
    return {"not_future": read_bool(data, "not_future", False, log)}


def _ward(data: Mapping[Any, Any], log: ProblemLog) -> Fields:
    """The options read from the question's list, which the loader put in `options`."""
    name = data.get("list", DEFAULT_LIST)
    if not isinstance(name, str) or not LIST_NAME.fullmatch(name):
        log.add(f"'list' must name a file in lists/, like 'wards', not {describe(name)}")
        return {"options": ()}
    if "options" not in data:
        log.add(unread_list_message(name))
        return {"options": ()}
    return {"options": read_options(data["options"], log, origin=f" in lists/{name}.yaml")}


_READERS: dict[QuestionType, Callable[[Mapping[Any, Any], ProblemLog], Fields]] = {
    QuestionType.SINGLE_CHOICE: _single_choice,
    QuestionType.MULTIPLE_CHOICE: _multiple_choice,
    QuestionType.FREE_TEXT: _free_text,
    QuestionType.SCALE: _scale,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.WARD: _ward,
}
