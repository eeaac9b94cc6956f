"""Checking every route: the routes listed and grouped, when each question is asked, worded."""

from __future__ import annotations

import time

import pytest
from form_parts import Build, options, question, when

from surveys import (
    Flow,
    FormDefinition,
    RouteCheck,
    check_routes,
    definition_from_dict,
)


def routes_of(check: RouteCheck) -> list[tuple[list[str], list[str]]]:
    """Each route as its questions and the words of its decisions."""
    assert check.routes is not None
    return [(list(r.questions), [d.words for d in r.decisions]) for r in check.routes]


def check_answers_follow_routes(definition: FormDefinition, check: RouteCheck) -> None:
    """Each route's example answers ask exactly the route's questions."""
    assert check.routes is not None
    flow = Flow(definition)
    for route in check.routes:
        assert [q.id for q in flow.applicable(route.answers)] == list(route.questions)


# When each question is asked.
def test_a_question_inherits_the_chain_of_rules_of_the_question_it_rests_on(build: Build) -> None:
    definition = build(
        question("aware", "yes_no", label="Do you know about PACT?"),
        question("went", "yes_no", label="Did you go?", show_if=when("aware", equals=True)),
        question("useful", "yes_no", label="Was it useful?", show_if=when("went", equals=True)),
        question("why", label="Why not?", show_if=when("useful", equals=False)),
    )
    asked = check_routes(definition).asked_when

    assert list(asked) == ["aware", "went", "useful", "why"]
    assert asked["aware"].conditions == () and asked["aware"].words == "always asked"
    assert asked["went"].words == "asked only if 'Do you know about PACT?' is answered 'Yes'"
    assert asked["why"].conditions == (
        "'Do you know about PACT?' is answered 'Yes'",
        "'Did you go?' is answered 'Yes'",
        "'Was it useful?' is answered 'No'",
    )
    assert asked["why"].words.startswith("asked only if 'Do you know about PACT?' is answered")
    assert all(entry.reachable for entry in asked.values())
    assert asked["useful"].label == "Was it useful?"


def test_a_question_no_answer_reaches_is_said_never_to_be_asked(build: Build) -> None:
    definition = build(
        question("name", required=True),
        question("why", show_if=when("name", answered=False)),
    )
    asked = check_routes(definition).asked_when["why"]
    assert not asked.reachable
    assert asked.words == "never asked: no answers meet its rules ('name' is skipped)"


# Routes and how answers are grouped.
def test_an_optional_yes_no_gives_two_routes_with_no_and_skipping_together(build: Build) -> None:
    definition = build(
        question("went", "yes_no", label="Did you go?"),
        question("useful", show_if=when("went", equals=True)),
        question("anything"),
    )
    check = check_routes(definition)
    assert routes_of(check) == [
        (["went", "useful", "anything"], ["'Did you go?' is answered 'Yes'"]),
        (["went", "anything"], ["'Did you go?' is answered 'No', or skipped"]),
    ]
    check_answers_follow_routes(definition, check)


def test_a_required_question_has_no_skipped_route(build: Build) -> None:
    definition = build(
        question("went", "yes_no", label="Did you go?", required=True),
        question("useful", show_if=when("went", equals=True)),
    )
    assert [words for _, words in routes_of(check_routes(definition))] == [
        ["'Did you go?' is answered 'Yes'"],
        ["'Did you go?' is answered 'No'"],
    ]


def test_answers_that_ask_the_same_questions_are_one_route(build: Build) -> None:
    definition = build(
        question("ward", "single_choice", label="Ward", options=options(*"abcdef")),
        question("near", show_if=when("ward", any_of=["a", "b"])),
        question("nearest", show_if=when("ward", equals="a")),
    )
    check = check_routes(definition)
    assert routes_of(check) == [
        (["ward", "near", "nearest"], ["'Ward' is answered 'A'"]),
        (["ward", "near"], ["'Ward' is answered 'B'"]),
        (["ward"], ["'Ward' is answered anything other than 'A' or 'B', or skipped"]),
    ]
    check_answers_follow_routes(definition, check)


def test_a_few_other_options_are_named_rather_than_anything_other(build: Build) -> None:
    definition = build(
        question("ward", "single_choice", label="Ward", options=options(*"abcd"), required=True),
        question("near", show_if=when("ward", any_of=["a", "b"])),
    )
    assert [words for _, words in routes_of(check_routes(definition))] == [
        ["'Ward' is answered 'A' or 'B'"],
        ["'Ward' is answered 'C' or 'D'"],
    ]


def test_skipping_is_its_own_route_when_a_rule_tells_it_apart(build: Build) -> None:
    definition = build(
        question("age", "number", label="Age", min=0, max=120),
        question("adult", show_if=when("age", not_equals=17)),
        question("why_not", show_if=when("age", answered=False)),
    )
    check = check_routes(definition)
    assert routes_of(check) == [
        (["age"], ["'Age' is answered 17"]),
        (["age", "adult"], ["'Age' is answered anything other than 17"]),
        (["age", "why_not"], ["'Age' is skipped"]),
    ]
    check_answers_follow_routes(definition, check)


def test_independent_questions_multiply_routes_but_a_nested_one_only_where_asked(
    build: Build,
) -> None:
    independent = build(
        question("a", "yes_no", required=True),
        question("a_more", show_if=when("a", equals=True)),
        question("b", "yes_no", required=True),
        question("b_more", show_if=when("b", equals=True)),
    )
    nested = build(
        question("a", "yes_no", required=True),
        question("b", "yes_no", required=True, show_if=when("a", equals=True)),
        question("b_more", show_if=when("b", equals=True)),
    )
    assert len(check_routes(independent).routes or ()) == 4
    assert [questions for questions, _ in routes_of(check_routes(nested))] == [
        ["a", "b", "b_more"],
        ["a", "b"],
        ["a"],
    ]


def test_other_on_a_multiple_choice_gives_a_route_with_please_specify(build: Build) -> None:
    definition = build(
        question("topics", "multiple_choice", label="Topics", options=options("asb"), other=True),
        question("asb_more", show_if=when("topics", equals="asb")),
    )
    check = check_routes(definition)
    assert routes_of(check) == [
        (
            ["topics", "topics_other"],
            ["'Topics' is answered with 'Other' chosen and 'ASB' not chosen"],
        ),
        (["topics", "asb_more"], ["'Topics' is answered with 'ASB' chosen and 'Other' not chosen"]),
        (
            ["topics", "topics_other", "asb_more"],
            ["'Topics' is answered with 'ASB' and 'Other' chosen"],
        ),
        (["topics"], ["'Topics' is skipped"]),  # choosing neither is no answer: there is no other
    ]
    check_answers_follow_routes(definition, check)


def test_choosing_none_of_the_options_a_rule_names_joins_skipping(build: Build) -> None:
    definition = build(
        question("topics", "multiple_choice", label="Topics", options=options("asb", "drugs")),
        question("asb_more", show_if=when("topics", equals="asb")),
    )
    check = check_routes(definition)
    assert routes_of(check) == [
        (["topics"], ["'Topics' is answered with 'ASB' not chosen, or skipped"]),
        (["topics", "asb_more"], ["'Topics' is answered with 'ASB' chosen"]),
    ]
    assert check.routes is not None and check.routes[0].answers == {"topics": ["drugs"]}


def test_a_multiple_choice_limit_leaves_out_routes_no_answer_can_take(build: Build) -> None:
    definition = build(
        question("top", "multiple_choice", options=options("a", "b", "c"), max_selections=1),
        question("a_more", show_if=when("top", equals="a")),
        question("b_more", show_if=when("top", equals="b")),
    )
    check = check_routes(definition)
    assert sorted(questions for questions, _ in routes_of(check)) == [
        ["top"],
        ["top", "a_more"],
        ["top", "b_more"],
    ]
    check_answers_follow_routes(definition, check)


def test_a_question_asked_on_every_route_does_not_split_routes(build: Build) -> None:
    definition = build(
        question("name", required=True),
        question("thanks", show_if=when("name", answered=True)),
    )
    check = check_routes(definition)
    assert routes_of(check) == [(["name", "thanks"], [])]
    assert check.routes is not None and check.routes[0].answers == {"name": "a"}


def six_questions_with_follow_ups(build: Build) -> FormDefinition:
    """A form with 64 routes: six yes/no questions, each with its own follow-up."""
    pairs = [
        (
            question(f"q{n}", "yes_no", required=True),
            question(f"f{n}", show_if=when(f"q{n}", equals=True)),
        )
        for n in range(6)
    ]
    return build(*[q for pair in pairs for q in pair])


@pytest.mark.parametrize(("most", "listed"), [(64, True), (63, False), (50, False), (1000, True)])
def test_routes_are_listed_only_up_to_the_most_asked_for(
    build: Build, most: int, listed: bool
) -> None:
    check = check_routes(six_questions_with_follow_ups(build), most_routes=most)
    assert check.too_many_routes is not listed
    assert check.most_routes == most
    assert (check.routes is not None and len(check.routes) == 64) is listed
    assert len(check.asked_when) == 12  # said for every question, however many routes


def test_the_default_is_to_list_up_to_50_routes(build: Build) -> None:
    assert check_routes(six_questions_with_follow_ups(build)).routes is None
    five = build(*[question(f"q{n}", "yes_no") for n in range(5)])
    assert len(check_routes(five).routes or ()) == 1  # no rules, so a single route


# The shipped definitions.
SHIPPED_ROUTES = {
    "equalities-monitoring": 2,
    "hate-incident-report": 40,
    "report-contact-details": 2,
    "swp-strategy-2020-2023": 48,
}


@pytest.mark.parametrize(("form_id", "count"), SHIPPED_ROUTES.items())
def test_the_shipped_definitions_routes_are_listed_and_followed(
    shipped: dict[str, FormDefinition], form_id: str, count: int
) -> None:
    definition = shipped[form_id]
    check = check_routes(definition)
    assert check.routes is not None and len(check.routes) == count
    assert len({route.questions for route in check.routes}) == count
    assert all(entry.reachable for entry in check.asked_when.values())
    check_answers_follow_routes(definition, check)


@pytest.mark.parametrize("form_id", sorted(set(SHIPPED_ROUTES) - {"report-contact-details"}))
def test_the_shipped_definitions_have_no_warnings(
    shipped: dict[str, FormDefinition], form_id: str
) -> None:
    assert check_routes(shipped[form_id]).warnings == ()


def test_the_contact_details_are_left_out_by_design_when_no_is_answered(
    shipped: dict[str, FormDefinition],
) -> None:
    (warning,) = check_routes(shipped["report-contact-details"]).warnings
    assert (warning.kind, warning.section_id, warning.question_id) == (
        "empty_section",
        "details",
        None,
    )
    assert "'Do you want to leave your contact details?' is answered 'No'" in warning.message


def test_a_report_asks_where_it_happened_only_for_the_answer_given(
    shipped: dict[str, FormDefinition],
) -> None:
    check = check_routes(shipped["hate-incident-report"])
    assert check.asked_when["location_type_other"].conditions == (
        "'Did it happen online?' is answered 'No'",
        "'What kind of place did it happen in?' is answered 'Other'",
    )
    assert check.routes is not None
    skipped = [r for r in check.routes if r.answers.get("location_online", False) is None]
    assert skipped and all("ward" not in r.questions for r in skipped)


@pytest.fixture(scope="module")
def shipped() -> dict[str, FormDefinition]:
    import surveys

    return surveys.load_definitions(surveys.DEFINITIONS_DIR)


def test_a_form_built_from_a_dict_checks_the_same_as_loaded(
    shipped: dict[str, FormDefinition],
) -> None:
    loaded = shipped["swp-strategy-2020-2023"]
    rebuilt = definition_from_dict(loaded.source)
    assert check_routes(rebuilt) == check_routes(loaded)


# Big forms.
def big_form() -> FormDefinition:
    """200 questions in 20 sections: 30 yes/no questions that each decide a follow-up, so
    2**30 routes, then a chain of 140 questions each resting on the one before."""
    questions = []
    for n in range(30):
        questions.append(question(f"q{n}", "yes_no"))
        questions.append(question(f"f{n}", show_if=when(f"q{n}", equals=True)))
    questions.append(question("c0", "yes_no"))
    for n in range(1, 140):
        questions.append(question(f"c{n}", "yes_no", show_if=when(f"c{n - 1}", not_equals=False)))
    parts = [questions[start : start + 10] for start in range(0, 200, 10)]
    form = {"id": "big", "version": 1, "title": "Big", "sections": []}
    for number, part in enumerate(parts):
        form["sections"].append({"id": f"s{number}", "title": "Part", "questions": part})
    return definition_from_dict(form)


def test_a_big_form_is_checked_quickly_without_listing_its_routes() -> None:
    definition = big_form()
    started = time.perf_counter()
    check = check_routes(definition)
    # Listing 2**30 routes, or trying every answer, would take hours: this bound is generous.
    assert time.perf_counter() - started < 10
    assert check.routes is None
    assert len(check.asked_when) == 200 and len(check.asked_when["c139"].conditions) == 139
    empty = [w.section_id for w in check.warnings if w.kind == "empty_section"]
    assert empty == [f"s{n}" for n in range(7, 20)]  # every section of the chain after c0's
