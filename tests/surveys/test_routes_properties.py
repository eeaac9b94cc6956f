"""Checking every route agrees with the flow, on tiny made-up forms where every combination of
answers can be tried: the routes are exactly the distinct sets of questions the flow asks, a
question is reachable exactly when some answers ask it, and the section and rule warnings hold
exactly when the answers show what they say."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from surveys import Flow, FormDefinition, Question, QuestionType, check_routes, definition_from_dict

KINDS = ["yes_no", "consent", "single_choice", "multiple_choice", "number", "free_text", "date"]
TEXTS = ["x", "y", " x", "X", ""]
# Brute force tries every combination of answers to the deciding questions: at most this many.
MOST_COMBINATIONS = 3000


@st.composite
def question_keys(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A question of one type, small enough to try every answer."""
    keys: dict[str, Any] = {"type": kind, "required": draw(st.booleans())}
    if kind in ("single_choice", "multiple_choice"):
        count = draw(st.integers(1, 3))
        keys["options"] = [{"value": f"o{n}", "label": f"O{n}"} for n in range(count)]
        keys["other"] = draw(st.booleans())
    if kind == "multiple_choice":
        count = len(keys["options"]) + keys["other"]
        least = draw(st.none() | st.integers(1, count))
        most = draw(st.none() | st.integers(least or 1, count))
        keys.update({"min_selections": least, "max_selections": most})
    if kind == "number":
        least = draw(st.none() | st.integers(-2, 2))
        most = draw(st.none() | st.integers(least if least is not None else -2, 2))
        keys.update({"min": least, "max": most, "integer": draw(st.booleans())})
    if kind == "free_text":
        keys["max_length"] = draw(st.none() | st.just(1))
    return {key: value for key, value in keys.items() if value is not None}


def operand_values(target: Question) -> st.SearchStrategy[Any]:
    """Values the loader lets a rule compare with, some of which no answer can be."""
    if target.options:
        return st.sampled_from([option.value for option in target.options])
    if target.type in (QuestionType.YES_NO, QuestionType.CONSENT):
        return st.booleans()
    if target.type is QuestionType.NUMBER:
        return st.integers(-3, 3) | st.just(0.5)
    return st.sampled_from(TEXTS)


@st.composite
def rules(draw: st.DrawFn, target: Question) -> dict[str, Any]:
    """A `show_if` on an earlier question."""
    operators = ["answered"] if target.type is QuestionType.DATE else None
    operator = draw(st.sampled_from(operators or ["answered", "equals", "not_equals", "any_of"]))
    if operator == "answered":
        return {"question": target.id, "answered": draw(st.booleans())}
    values = operand_values(target)
    operand = (
        draw(st.lists(values, min_size=1, max_size=3)) if operator == "any_of" else draw(values)
    )
    return {"question": target.id, operator: operand}


@st.composite
def tiny_forms(draw: st.DrawFn) -> FormDefinition:
    """A form of up to 6 questions in up to 3 sections, most of them with a rule."""
    form: dict[str, Any] = {"id": "tiny", "version": 1, "title": "Tiny", "sections": []}
    definition: FormDefinition | None = None
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(KINDS))
        question = {"id": f"q{number}", "label": f"Q{number}", **draw(question_keys(kind))}
        if definition and draw(st.integers(0, 3)):
            target = draw(st.sampled_from(definition.questions))
            question["show_if"] = draw(rules(target))
        if not form["sections"] or draw(st.booleans()):
            section = {"id": f"s{len(form['sections'])}", "title": "S", "questions": []}
            form["sections"].append(section)
        form["sections"][-1]["questions"].append(question)
        definition = definition_from_dict(form)
    assert definition is not None
    return definition


def every_answer(question: Question) -> list[Any]:
    """Every answer the question can have, as far as a rule can tell them apart."""
    skipped = [] if question.required else [None]
    kind = question.type
    if kind is QuestionType.MULTIPLE_CHOICE:
        values = [option.value for option in question.options]
        least, most = question.min_selections or 1, question.max_selections or len(values)
        sizes = range(least, most + 1)
        return [list(c) for n in sizes for c in itertools.combinations(values, n)] + skipped
    if question.options:
        return [option.value for option in question.options] + skipped
    if kind is QuestionType.YES_NO or (kind is QuestionType.CONSENT and not question.required):
        return [True, False] + skipped
    if kind is QuestionType.CONSENT:
        return [True]
    if kind is QuestionType.NUMBER:
        return _numbers(question) + skipped
    if kind is QuestionType.FREE_TEXT:
        return ["x", "y", "X", "z"] + skipped  # each text a rule can name, and another
    return [date(2000, 1, 1)] + skipped


def _numbers(question: Question) -> list[Any]:
    halves = [n / 2 for n in range(-10, 11)]
    allowed = [n for n in halves if not question.integer or n == int(n)]
    low = question.minimum if question.minimum is not None else -5
    high = question.maximum if question.maximum is not None else 5
    return [int(n) if question.integer else n for n in allowed if low <= n <= high]


def outcomes(definition: FormDefinition) -> set[tuple[str, ...]]:
    """The questions the flow asks, for every combination of answers to the deciding ones."""
    deciding = sorted({q.show_if.question for q in definition.questions if q.show_if})
    choices = [every_answer(definition.question(question_id)) for question_id in deciding]
    assume(len(list(itertools.product(*choices))) <= MOST_COMBINATIONS)
    flow = Flow(definition)
    return {
        tuple(q.id for q in flow.applicable(dict(zip(deciding, answers, strict=True))))
        for answers in itertools.product(*choices)
    }


@settings(max_examples=300)
@given(definition=tiny_forms())
def test_the_routes_are_exactly_the_distinct_sets_of_questions_the_flow_asks(
    definition: FormDefinition,
) -> None:
    asked = outcomes(definition)
    check = check_routes(definition, most_routes=10_000)
    assert check.routes is not None
    assert sorted(route.questions for route in check.routes) == sorted(asked)
    flow = Flow(definition)
    for route in check.routes:
        assert tuple(q.id for q in flow.applicable(route.answers)) == route.questions
        assert all(decision.answer for decision in route.decisions)
    fewer = check_routes(definition, most_routes=len(asked) - 1)
    assert fewer.routes is None or not asked


@settings(max_examples=300)
@given(definition=tiny_forms())
def test_a_question_is_reported_reachable_exactly_when_some_answers_ask_it(
    definition: FormDefinition,
) -> None:
    asked = outcomes(definition)
    check = check_routes(definition, most_routes=10_000)
    ever_asked = {question_id for questions in asked for question_id in questions}
    reachable = {q for q, entry in check.asked_when.items() if entry.reachable}
    assert reachable == ever_asked
    never = {w.question_id for w in check.warnings if w.kind == "unreachable"}
    assert never == {q.id for q in definition.questions} - ever_asked


@settings(max_examples=300)
@given(definition=tiny_forms())
def test_section_and_rule_warnings_hold_exactly_when_the_answers_show_it(
    definition: FormDefinition,
) -> None:
    asked = outcomes(definition)
    check = check_routes(definition, most_routes=10_000)
    kinds = {
        (w.kind, w.section_id if w.question_id is None else w.question_id) for w in check.warnings
    }
    for section in definition.sections:
        ids = {q.id for q in section.questions}
        shown_on = [bool(ids & set(questions)) for questions in asked]
        assert (("section_never_shown", section.id) in kinds) is not any(shown_on)
        assert (("empty_section", section.id) in kinds) is (any(shown_on) and not all(shown_on))
    for question in definition.questions:
        rule = question.show_if
        if rule is None:
            continue
        with_target = [questions for questions in asked if rule.question in questions]
        always = bool(with_target) and all(question.id in qs for qs in with_target)
        assert (("rule_always_holds", question.id) in kinds) is always
    assert not any(kind == "section_unchecked" for kind, _ in kinds)
