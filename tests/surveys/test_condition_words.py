"""Wording skip rules for people: by their question's label and option labels, not ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from surveys import Condition, FormDefinition, describe_condition

Build = Callable[..., FormDefinition]


def question(question_id: str, kind: str = "free_text", **keys: Any) -> dict[str, Any]:
    """A question mapping whose label is its id in words."""
    return {"id": question_id, "type": kind, "label": question_id.replace("_", " "), **keys}


def options(*values: str) -> list[dict[str, Any]]:
    """Options whose labels are their values in capitals."""
    return [{"value": value, "label": value.upper()} for value in values]


@pytest.fixture
def pact(build: Build) -> FormDefinition:
    return build(
        question("attended", "yes_no", label="Did you go to a PACT meeting?", required=True),
        question(
            "topics",
            "multiple_choice",
            label="Which topics came up?",
            options=[
                {"value": "asb", "label": {"en": "Anti-social behaviour", "pa": "ਸਮਾਜ ਵਿਰੋਧੀ"}},
                {"value": "parking", "label": "Parking"},
                {"value": "drugs", "label": "Drugs"},
            ],
        ),
        question("ward", "single_choice", label="Which ward?", options=options("park", "penn")),
        question("meetings", "number", label="How many meetings?"),
        question("other_text", label={"en": "Anything else?", "pa": "ਕੁਝ ਹੋਰ?"}),
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (("attended", "equals", True), "'Did you go to a PACT meeting?' is answered 'Yes'"),
        (("attended", "equals", False), "'Did you go to a PACT meeting?' is answered 'No'"),
        (("topics", "equals", "parking"), "'Parking' is chosen in 'Which topics came up?'"),
        (
            ("topics", "any_of", ("asb", "parking", "drugs")),
            "'Anti-social behaviour', 'Parking' or 'Drugs' is chosen in 'Which topics came up?'",
        ),
        (
            ("topics", "not_equals", "drugs"),
            "'Which topics came up?' is answered without choosing 'Drugs'",
        ),
        (("ward", "not_equals", "park"), "'Which ward?' is answered, but not 'PARK'"),
        (("ward", "any_of", ("park", "penn")), "'Which ward?' is answered 'PARK' or 'PENN'"),
        (("meetings", "equals", 1000), "'How many meetings?' is answered 1,000"),
        (("other_text", "equals", "no"), "'Anything else?' is answered 'no'"),
        (("meetings", "answered", True), "'How many meetings?' is answered"),
        (("meetings", "answered", False), "'How many meetings?' is skipped"),
    ],
)
def test_a_rule_is_worded_by_labels_not_ids(
    pact: FormDefinition, rule: tuple[str, str, Any], words: str
) -> None:
    assert describe_condition(Condition(*rule), pact) == words


def test_a_rule_is_worded_in_the_language_asked_for_falling_back_to_english(
    pact: FormDefinition,
) -> None:
    translated = describe_condition(Condition("topics", "equals", "asb"), pact, "pa")
    assert translated == "'ਸਮਾਜ ਵਿਰੋਧੀ' is chosen in 'Which topics came up?'"
    assert describe_condition(Condition("other_text", "answered", True), pact, "pa") == (
        "'ਕੁਝ ਹੋਰ?' is answered"
    )
