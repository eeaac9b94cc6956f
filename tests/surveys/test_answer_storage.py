"""Answers to and from the strings stored, one a row: every type round-trips exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from surveys import Flow, FormDefinition

Build = Callable[..., FormDefinition]
CHOICES = [{"value": v, "label": v.title()} for v in ("asb", "drugs", "parking")]


@pytest.mark.parametrize(
    ("keys", "value", "stored"),
    [
        ({"type": "single_choice", "options": CHOICES}, "drugs", ["drugs"]),
        ({"type": "multiple_choice", "options": CHOICES}, ["asb", "parking"], ["asb", "parking"]),
        ({"type": "multiple_choice", "options": CHOICES, "other": True}, ["other"], ["other"]),
        ({"type": "free_text"}, "Too far, and late", ["Too far, and late"]),
        ({"type": "scale", "scale": "agreement"}, "neither", ["neither"]),
        ({"type": "yes_no"}, True, ["yes"]),
        ({"type": "yes_no"}, False, ["no"]),
        ({"type": "consent"}, True, ["yes"]),
        ({"type": "number"}, 12, ["12"]),
        ({"type": "number"}, -1200, ["-1200"]),
        ({"type": "number", "integer": False}, 12.5, ["12.5"]),
        ({"type": "number", "integer": False}, 0.1, ["0.1"]),
        ({"type": "date"}, date(2024, 3, 27), ["2024-03-27"]),
        ({"type": "postcode"}, "WV1 1RP", ["WV1 1RP"]),
        ({"type": "ward", "options": CHOICES}, "asb", ["asb"]),
        ({"type": "free_text"}, None, []),
        ({"type": "multiple_choice", "options": CHOICES}, None, []),
        ({"type": "yes_no"}, None, []),
    ],
)
def test_round_trip(build: Build, keys: dict[str, Any], value: Any, stored: list[str]) -> None:
    definition = build({"id": "q", "label": "Q", **keys})
    flow, question = Flow(definition), definition.question("q")
    assert flow.to_storage(question, value) == stored
    restored = flow.from_storage(question, stored)
    assert restored == value
    assert type(restored) is type(value)


def test_parsed_answers_round_trip(build: Build) -> None:
    definition = build(
        {"id": "n", "type": "number", "label": "N", "integer": False},
        {"id": "d", "type": "date", "label": "D"},
        {"id": "m", "type": "multiple_choice", "label": "M", "options": CHOICES},
    )
    flow = Flow(definition)
    for question_id, raw in [("n", "1,234.5"), ("d", "3/3/2024"), ("m", ["parking", "asb"])]:
        question = definition.question(question_id)
        value = flow.parse(question, raw)
        assert flow.from_storage(question, flow.to_storage(question, value)) == value


def test_one_value_questions_refuse_several_stored_strings(build: Build) -> None:
    definition = build({"id": "q", "type": "free_text", "label": "Q"})
    with pytest.raises(ValueError, match="stores one value"):
        Flow(definition).from_storage(definition.question("q"), ["a", "b"])
