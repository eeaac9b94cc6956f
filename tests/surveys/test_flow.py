"""The flow: skip logic, cleaning answers, steps, what comes next, languages and display."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from form_parts import Build, options, question, when

from surveys import Flow, FormDefinition


@pytest.fixture
def pact(build: Build) -> Flow:
    """A flow like the README's PACT feedback form, in one section."""
    return Flow(
        build(
            question("attended", "yes_no", required=True),
            question("useful", "scale", scale="agreement", show_if=when("attended", equals=True)),
            question(
                "topics",
                "multiple_choice",
                options=options("asb", "drugs", "parking"),
                other=True,
                show_if=when("attended", equals=True),
            ),
            question("why_not", long=True, show_if=when("attended", equals=False)),
            question("ward", "single_choice", options=options("park", "outside", "dont-know")),
            question("postcode", "postcode", show_if=when("ward", any_of=["outside", "dont-know"])),
            question("meetings", "number", min=0),
        )
    )


def ids(questions: Any) -> list[str]:
    """The ids of some questions."""
    return [q.id for q in questions]


def test_applicable_before_any_answer(pact: Flow) -> None:
    assert ids(pact.applicable({})) == ["attended", "ward", "meetings"]


def test_equals_on_yes_no(pact: Flow) -> None:
    assert ids(pact.applicable({"attended": True})) == [
        "attended",
        "useful",
        "topics",
        "ward",
        "meetings",
    ]
    assert "why_not" in ids(pact.applicable({"attended": False}))


def test_any_of_on_a_single_choice(pact: Flow) -> None:
    assert "postcode" in ids(pact.applicable({"ward": "dont-know"}))
    assert "postcode" not in ids(pact.applicable({"ward": "park"}))
    assert "postcode" not in ids(pact.applicable({"ward": None}))


def test_equals_on_multiple_choice_means_includes(pact: Flow) -> None:
    answers = {"attended": True, "topics": ["asb", "other"]}
    assert "topics_other" in ids(pact.applicable(answers))
    assert "topics_other" not in ids(pact.applicable({**answers, "topics": ["asb"]}))


def test_hiding_passes_on_to_questions_that_depend_on_hidden_ones(pact: Flow) -> None:
    answers = {"attended": False, "topics": ["other"], "topics_other": "Fly-tipping"}
    assert "topics_other" not in ids(pact.applicable(answers))


@pytest.fixture
def rules(build: Build) -> Flow:
    """A flow with a rule of each kind on a multiple choice and on a single choice."""
    return Flow(
        build(
            question("many", "multiple_choice", options=options("a", "b", "c")),
            question("one", "single_choice", options=options("a", "b")),
            question("many_not_a", show_if=when("many", not_equals="a")),
            question("many_any", show_if=when("many", any_of=["b", "c"])),
            question("one_not_a", show_if=when("one", not_equals="a")),
            question("one_given", show_if=when("one", answered=True)),
            question("one_skipped", show_if=when("one", answered=False)),
        )
    )


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, []),
        ({"many": ["a", "b"], "one": "a"}, ["many_any", "one_given"]),
        ({"many": ["c"], "one": "b"}, ["many_not_a", "many_any", "one_not_a", "one_given"]),
        ({"many": None, "one": None}, ["one_skipped"]),
    ],
)
def test_each_rule(rules: Flow, answers: dict[str, Any], shown: list[str]) -> None:
    assert ids(rules.applicable(answers))[2:] == shown


def test_clean_drops_answers_hidden_by_a_changed_answer(pact: Flow) -> None:
    answers = {
        "attended": False,
        "useful": "agree",
        "topics": ["other"],
        "topics_other": "Fly-tipping",
        "why_not": "Too far",
        "ward": "park",
        "postcode": "WV1 1RP",
        "no_such_question": 3,
    }
    assert pact.clean(answers) == {"attended": False, "why_not": "Too far", "ward": "park"}


def test_next_question_counts_skipped_optionals_as_answered(pact: Flow) -> None:
    assert pact.next_question({}).id == "attended"  # type: ignore[union-attr]
    answers = {"attended": True, "useful": None, "topics": None}
    assert pact.next_question(answers).id == "ward"  # type: ignore[union-attr]
    finished = {**answers, "ward": "park", "meetings": None}
    assert pact.next_question(finished) is None


def test_steps_split_where_a_question_depends_on_the_same_page(pact: Flow) -> None:
    answers = {"attended": True, "topics": ["other"], "ward": "outside"}
    assert [ids(step.questions) for step in pact.steps(answers)] == [
        ["attended"],
        ["useful", "topics"],
        ["topics_other", "ward"],
        ["postcode", "meetings"],
    ]
    assert [step.key for step in pact.steps(answers)] == [
        "attended",
        "useful",
        "topics_other",
        "postcode",
    ]


def test_steps_stay_put_as_answers_change(pact: Flow) -> None:
    assert [ids(step.questions) for step in pact.steps({})] == [
        ["attended"],
        ["ward"],
        ["meetings"],
    ]
    answers = {"attended": True, "ward": "park", "meetings": 2}
    assert [ids(step.questions) for step in pact.steps(answers)] == [
        ["attended"],
        ["useful", "topics"],
        ["ward"],
        ["meetings"],
    ]
    assert pact.next_step(answers) == pact.steps(answers)[1]
    assert all(step.section.id == "main" for step in pact.steps(answers))


def test_steps_split_on_a_chain_of_rules(build: Build) -> None:
    flow = Flow(
        build(
            question("a", "yes_no"),
            question("b", "yes_no", show_if=when("a", equals=True)),
            question("c", show_if=when("b", answered=True)),
            question("d"),
        )
    )
    answers = {"a": True, "b": False}
    assert [ids(step.questions) for step in flow.steps(answers)] == [["a"], ["b"], ["c", "d"]]


def test_steps_never_join_two_sections(build: Build) -> None:
    sections = [
        {"id": "one", "title": "One", "questions": [question("a"), question("b")]},
        {"id": "two", "title": "Two", "questions": [question("c")]},
    ]
    flow = Flow(build(sections=sections))
    assert [(step.section.id, ids(step.questions)) for step in flow.steps({})] == [
        ("one", ["a", "b"]),
        ("two", ["c"]),
    ]


def test_next_step_step_for_and_previous_step(pact: Flow) -> None:
    answers = {"attended": True, "useful": "agree", "topics": ["other"]}
    step = pact.next_step(answers)
    assert step is not None and ids(step.questions) == ["topics_other", "ward"]
    assert pact.step_for("topics", answers).key == "useful"  # type: ignore[union-attr]
    assert pact.step_for("why_not", answers) is None
    previous = pact.previous_step(step, answers)
    assert previous is not None and previous.key == "useful"
    assert pact.previous_step(pact.steps(answers)[0], answers) is None


def test_next_step_is_none_when_every_question_is_answered(pact: Flow) -> None:
    answers = {"attended": False, "why_not": None, "ward": "park", "meetings": 2}
    assert pact.next_step(answers) is None


def test_complete_when_every_applicable_required_question_is_answered(build: Build) -> None:
    flow = Flow(
        build(
            question("agree", "consent", required=True),
            question("name", required=True, show_if=when("agree", equals=True)),
        )
    )
    assert ids(flow.missing_required({})) == ["agree"]
    assert ids(flow.missing_required({"agree": False})) == ["agree"]
    assert ids(flow.missing_required({"agree": True, "name": None})) == ["name"]
    assert flow.is_complete({"agree": True, "name": "Sam"})
    assert not flow.is_complete({"agree": True})


@pytest.fixture
def translated(build: Build) -> FormDefinition:
    """A definition with some text in Punjabi."""
    return build(
        question(
            "feel_safe",
            "single_choice",
            label={"en": "Do you feel safe?", "pa": "ਕੀ ਤੁਸੀਂ ਸੁਰੱਖਿਅਤ ਮਹਿਸੂਸ ਕਰਦੇ ਹੋ?"},
            hint="Think of the last month.",
            options=[
                {"value": "yes", "label": {"en": "Yes", "pa": "ਹਾਂ"}},
                {"value": "no", "label": "No"},
            ],
        )
    )


def test_text_in_the_flow_language_falls_back_to_english(translated: FormDefinition) -> None:
    flow = Flow(translated, "pa")
    feel_safe = translated.question("feel_safe")
    assert translated.languages == ("en", "pa")
    assert flow.text(feel_safe.label) == "ਕੀ ਤੁਸੀਂ ਸੁਰੱਖਿਅਤ ਮਹਿਸੂਸ ਕਰਦੇ ਹੋ?"
    assert flow.text(feel_safe.hint) == "Think of the last month."
    assert flow.text(None) is None
    assert flow.display_value(feel_safe, "yes") == "ਹਾਂ"
    assert flow.display_value(feel_safe, "no") == "No"
    assert Flow(translated, "ur").text(feel_safe.label) == "Do you feel safe?"


@pytest.mark.parametrize(
    ("keys", "value", "shown"),
    [
        (
            {"type": "multiple_choice", "options": options("asb", "drugs")},
            ["asb", "drugs"],
            "ASB, DRUGS",
        ),
        ({"type": "single_choice", "options": options("asb")}, "asb", "ASB"),
        ({"type": "scale", "scale": "agreement"}, "dont-know", "Don't know"),
        ({"type": "yes_no"}, True, "Yes"),
        ({"type": "consent"}, False, "No"),
        ({"type": "date"}, date(2024, 3, 3), "3 March 2024"),
        ({"type": "number"}, 12000, "12,000"),
        ({"type": "number", "integer": False}, 2.5, "2.5"),
        ({"type": "postcode"}, "WV1 1RP", "WV1 1RP"),
        ({"type": "free_text"}, "Too far", "Too far"),
        ({"type": "free_text"}, None, "Not answered"),
    ],
)
def test_display_value(build: Build, keys: dict[str, Any], value: Any, shown: str) -> None:
    definition = build({"id": "q", "label": "Q", **keys})
    assert Flow(definition).display_value(definition.question("q"), value) == shown
