"""Writing a definition as a YAML file that `load_definition` reads back to the same form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from surveys.model import FormDefinition, QuestionType

# Keys in the order the format's documentation gives them, so an export reads like a hand-written
# file; any other key (there should be none) follows in its own order.
FORM_ORDER = ("id", "version", "title", "description", "sections")
SECTION_ORDER = ("id", "title", "description", "questions")
QUESTION_ORDER = (
    "id",
    "type",
    "scale",
    "list",
    "long",
    "max_length",
    "label",
    "hint",
    "required",
    "options",
    "other",
    "min_selections",
    "max_selections",
    "min",
    "max",
    "integer",
    "not_future",
    "show_if",
)
WIDTH = 90
LINE_MARKS = ("\x85", "\u2028", "\u2029")


class _Inline(dict[str, Any]):
    """A mapping written on one line, like an option or a `show_if`."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, which quotes any text YAML would read as something else (yes, no,
    on, off, 12, a date), writing options and rules on one line each."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key, as the shipped definitions are written.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text, in double quotes (which escape them) when it has a line break YAML reads as a
    space in plain or single-quoted text: a next-line, line or paragraph separator."""
    style = '"' if any(mark in text for mark in LINE_MARKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(
    _Inline, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


def definition_yaml(definition: FormDefinition) -> str:
    """A definition as the text of a definition file, with its includes already inlined."""
    source = definition.source
    data = _ordered(source, FORM_ORDER)
    data["sections"] = [_section(section) for section in source.get("sections", [])]
    header = f"# {definition.id} version {definition.version}, exported from Engage.\n"
    return header + yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH
    )


def _section(section: Mapping[str, Any]) -> dict[str, Any]:
    """One section, its questions in order."""
    data = _ordered(section, SECTION_ORDER)
    data["questions"] = [_question(question) for question in section.get("questions", [])]
    return data


def _question(question: Mapping[str, Any]) -> dict[str, Any]:
    """One question; a ward question without the options its list gives it when loaded."""
    data = _ordered(question, QUESTION_ORDER)
    if data.get("type") == QuestionType.WARD:
        data.pop("options", None)
    if isinstance(data.get("options"), list):
        data["options"] = [_option(option) for option in data["options"]]
    if isinstance(data.get("show_if"), Mapping):
        data["show_if"] = _Inline(data["show_if"])
    return data


def _option(option: Any) -> Any:
    """An option on one line, its label in several languages on one line too."""
    if not isinstance(option, Mapping):
        return option
    return _Inline({key: _inline_text(value) for key, value in option.items()})


def _inline_text(value: Any) -> Any:
    """Text in several languages as a one-line mapping; plain text as it is."""
    return _Inline(value) if isinstance(value, Mapping) else value


def _ordered(data: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """A mapping's keys in the given order, then any others."""
    ordered = {key: data[key] for key in order if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    return ordered
