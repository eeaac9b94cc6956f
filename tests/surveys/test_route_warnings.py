"""Checking every route: warnings about questions no answer reaches, rules that always hold,
answers a rule names that no one can give, and sections that can be empty."""

from __future__ import annotations

from typing import Any

import pytest
from form_parts import Build, options, question, when

from surveys import FormDefinition, RouteWarning, check_routes, definition_from_dict


def warnings_of(definition: FormDefinition) -> list[tuple[str, str | None]]:
    """Each warning's kind and the question it is about."""
    return [(w.kind, w.question_id) for w in check_routes(definition).warnings]


def only_warning(definition: FormDefinition) -> RouteWarning:
    (warning,) = check_routes(definition).warnings
    return warning


def sections(*parts: tuple[str, list[dict[str, Any]]]) -> FormDefinition:
    """A definition with these sections of questions."""
    form = {"id": "f", "version": 1, "title": "F", "sections": []}
    for section_id, questions in parts:
        form["sections"].append(
            {"id": section_id, "title": section_id.title(), "questions": questions}
        )
    return definition_from_dict(form)


def test_a_form_whose_rules_all_make_sense_has_no_warnings(build: Build) -> None:
    definition = build(
        question("went", "yes_no", required=True),
        question("useful", "yes_no", show_if=when("went", equals=True)),
        question("why_not", show_if=when("went", equals=False)),
        question("why", show_if=when("useful", answered=True)),
    )
    assert check_routes(definition).warnings == ()


# Questions no answer reaches.
def test_skipping_a_required_question_is_never_possible(build: Build) -> None:
    definition = build(
        question("attended", "yes_no", label="Did you go?", required=True),
        question("why_not", show_if=when("attended", answered=False)),
    )
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id, warning.section_id) == (
        "unreachable",
        "why_not",
        "main",
    )
    assert warning.message == (
        "'why_not' is never asked: it is asked only if 'Did you go?' is skipped, and "
        "'attended' is required, so it is never skipped. "
        "Make 'attended' optional, or change the rule on 'why_not'."
    )
    assert not check_routes(definition).asked_when["why_not"].reachable


@pytest.mark.parametrize(
    ("target", "value", "why"),
    [
        (question("agree", "consent", required=True), True, "every answer to 'agree' is 'Yes'"),
        (
            question("only", "single_choice", options=options("a")),
            "a",
            "every answer to 'only' is 'A'",
        ),
        (
            question("all", "multiple_choice", options=options("a", "b"), min_selections=2),
            "a",
            "every answer to 'all' includes 'A'",
        ),
    ],
)
def test_not_equals_the_only_possible_answer_is_never_met(
    build: Build, target: dict[str, Any], value: Any, why: str
) -> None:
    definition = build(target, question("then", show_if=when(target["id"], not_equals=value)))
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id) == ("unreachable", "then")
    assert why in warning.message and "Change the rule on 'then'." in warning.message


@pytest.mark.parametrize(
    ("target", "value", "why"),
    [
        (
            question("age", "number", min=0, max=100),
            150,
            "'age' can never be answered 150: it takes nothing above 100",
        ),
        (question("age", "number", min=18), 16, "it takes nothing below 18"),
        (question("count", "number"), 2.5, "it takes whole numbers only"),
        (question("count", "number", integer=False), 10**16, "at most 15 digits"),
        (question("agree", "consent", required=True), False, "it must be given, as it is required"),
        (question("word", "free_text"), " yes", "spaces at either end of an answer are removed"),
        (question("word", "free_text"), "", "a blank answer counts as skipped"),
        (question("word", "free_text", max_length=3), "four", "it takes at most 3 characters"),
        (question("code", "postcode"), "wv1 1rp", "postcodes are written like 'WV1 1RP'"),
        (question("code", "postcode"), "nowhere", "it is not a UK postcode"),
    ],
)
def test_equals_an_answer_no_one_can_give_is_never_met(
    build: Build, target: dict[str, Any], value: Any, why: str
) -> None:
    definition = build(target, question("then", show_if=when(target["id"], equals=value)))
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id) == ("unreachable", "then")
    assert why in warning.message


def test_a_question_resting_on_one_never_asked_is_never_asked_either(build: Build) -> None:
    definition = build(
        question("name", required=True),
        question("why", "yes_no", show_if=when("name", answered=False)),
        question("more", show_if=when("why", equals=True)),
        question("most", show_if=when("more", answered=True)),
    )
    assert warnings_of(definition) == [
        ("unreachable", "why"),
        ("unreachable", "more"),
        ("unreachable", "most"),
    ]
    message = check_routes(definition).warnings[1].message
    assert "but 'why' is never asked. Fix the rule on 'why' first." in message
    assert [q for q, e in check_routes(definition).asked_when.items() if e.reachable] == ["name"]


def test_a_question_that_takes_no_answer_and_a_rule_on_it_are_warned_of(build: Build) -> None:
    definition = build(
        question("count", "number", min=1.2, max=1.8, required=True),
        question("then", show_if=when("count", answered=True)),
    )
    assert warnings_of(definition) == [("no_answer", "count"), ("unreachable", "then")]
    first, second = check_routes(definition).warnings
    assert first.message == (
        "'count' accepts no answer: there is no whole number from 1.2 to 1.8. It is required, "
        "so nobody who is asked it can finish the form. Change its limits."
    )
    assert "'count' accepts no answer" in second.message


# Rules that always hold, and answers a rule names that no one can give.
@pytest.mark.parametrize(
    ("target", "rule", "why"),
    [
        (
            question("name", required=True),
            {"answered": True},
            "'name' is required, so it is always answered",
        ),
        (
            question("age", "number", max=100, required=True),
            {"not_equals": 150},
            "'age' can never be answered 150: it takes nothing above 100",
        ),
        (
            question("size", "single_choice", options=options("s", "m"), required=True),
            {"any_of": ["s", "m"]},
            "every answer to 'size' is 'S' or 'M'",
        ),
        (
            question("agree", "consent", required=True),
            {"equals": True},
            "every answer to 'agree' is 'Yes'",
        ),
    ],
)
def test_a_rule_every_answer_meets_is_warned_of(
    build: Build, target: dict[str, Any], rule: dict[str, Any], why: str
) -> None:
    definition = build(target, question("then", show_if=when(target["id"], **rule)))
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id) == ("rule_always_holds", "then")
    assert why in warning.message
    assert "remove the rule" in warning.message
    assert check_routes(definition).asked_when["then"].reachable


def test_a_rule_always_holding_on_a_question_with_a_rule_says_to_copy_that_rule(
    build: Build,
) -> None:
    definition = build(
        question("went", "yes_no"),
        question("name", required=True, show_if=when("went", equals=True)),
        question("then", show_if=when("name", answered=True)),
    )
    assert "give it the rule of 'name'" in only_warning(definition).message


def test_a_rule_optional_answers_can_fail_by_skipping_is_not_warned_of(build: Build) -> None:
    definition = build(question("name"), question("then", show_if=when("name", answered=True)))
    assert check_routes(definition).warnings == ()


def test_any_of_listing_an_answer_no_one_can_give_is_warned_of(build: Build) -> None:
    definition = build(
        question("age", "number", max=100),
        question("then", show_if=when("age", any_of=[16, 150])),
    )
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id) == ("impossible_value", "then")
    assert warning.message == (
        "The rule on 'then' lists 150, but 'age' can never be answered 150: it takes nothing "
        "above 100. Remove it from the list, or correct it."
    )
    assert check_routes(definition).asked_when["then"].reachable


def test_any_of_listing_an_answer_twice_is_warned_of(build: Build) -> None:
    definition = build(
        question("ward", "single_choice", options=options("a", "b", "c")),
        question("then", show_if=when("ward", any_of=["a", "b", "a"])),
    )
    warning = only_warning(definition)
    assert (warning.kind, warning.question_id) == ("repeated_value", "then")
    assert warning.message == "The rule on 'then' lists 'A' more than once: list it once."


# Sections.
def test_a_section_whose_questions_all_rest_on_one_answer_can_be_empty() -> None:
    definition = sections(
        ("choice", [question("leave", "yes_no", label="Leave details?", required=True)]),
        (
            "details",
            [
                question("name", show_if=when("leave", equals=True)),
                question("phone", show_if=when("leave", equals=True)),
            ],
        ),
    )
    warning = only_warning(definition)
    assert (warning.kind, warning.section_id, warning.question_id) == (
        "empty_section",
        "details",
        None,
    )
    assert warning.message.startswith(
        "Section 'details' can be empty: none of its questions is asked when "
        "'Leave details?' is answered 'No'."
    )


def test_a_section_asking_something_for_every_answer_is_never_empty() -> None:
    definition = sections(
        ("choice", [question("went", "yes_no", required=True)]),
        (
            "follow_up",
            [
                question("useful", show_if=when("went", equals=True)),
                question("why_not", show_if=when("went", equals=False)),
            ],
        ),
    )
    assert check_routes(definition).warnings == ()


def test_skipping_an_optional_question_can_empty_a_section() -> None:
    definition = sections(
        ("choice", [question("went", "yes_no", label="Did you go?")]),
        (
            "follow_up",
            [
                question("useful", show_if=when("went", equals=True)),
                question("why_not", show_if=when("went", equals=False)),
            ],
        ),
    )
    assert "when 'Did you go?' is skipped." in only_warning(definition).message


def test_a_section_emptied_by_answers_to_two_questions_names_both() -> None:
    definition = sections(
        (
            "first",
            [
                question("a", "yes_no", label="A?", required=True),
                question(
                    "b", "single_choice", label="B?", options=options("x", "y"), required=True
                ),
            ],
        ),
        (
            "second",
            [
                question("a_more", show_if=when("a", equals=True)),
                question("b_more", "yes_no", show_if=when("b", equals="x")),
                question("b_most", show_if=when("b_more", equals=True)),
            ],
        ),
    )
    warning = only_warning(definition)
    assert "when 'A?' is answered 'No' and 'B?' is answered 'Y'." in warning.message


def test_a_section_of_questions_never_asked_is_never_shown() -> None:
    definition = sections(
        ("first", [question("name", required=True)]),
        ("second", [question("why", show_if=when("name", answered=False))]),
    )
    assert warnings_of(definition) == [("unreachable", "why"), ("section_never_shown", None)]
    warning = check_routes(definition).warnings[1]
    assert warning.section_id == "second"
    assert warning.message.startswith("Section 'second' is never shown")


def test_a_section_whose_rules_combine_in_too_many_ways_is_said_to_be_unchecked() -> None:
    # Ten rules on one multiple choice split its answers 1,024 ways; `equals` and `not_equals`
    # on the same option mean that every answer asks one of the questions.
    values = [f"o{n}" for n in range(10)]
    follow_ups = [question(f"f{n}", show_if=when("topics", equals=v)) for n, v in enumerate(values)]
    follow_ups.append(question("not_o0", show_if=when("topics", not_equals="o0")))
    definition = sections(
        ("first", [question("topics", "multiple_choice", options=options(*values), required=True)]),
        ("second", follow_ups),
    )
    assert warnings_of(definition) == [("section_unchecked", None)]
    assert "Check it by hand." in check_routes(definition).warnings[0].message


def test_a_section_is_found_empty_even_when_its_rules_split_answers_too_many_ways() -> None:
    values = [f"o{n}" for n in range(12)]
    follow_ups = [question(f"f{n}", show_if=when("topics", equals=v)) for n, v in enumerate(values)]
    definition = sections(
        ("first", [question("topics", "multiple_choice", label="T", options=options(*values))]),
        ("second", follow_ups),
    )
    check = check_routes(definition)
    assert check.routes is None
    (warning,) = check.warnings
    assert warning.kind == "empty_section" and "when 'T' is skipped" in warning.message
