"""Properties of the exports: any definition that loads, written as YAML or as XLSForm, reads
back to the same form, with nothing left out. The definitions tried are the shipped ones (and
the README's example) changed as the loader's property tests change them, and forms of a few
questions of any types, with any settings, texts in any characters and languages, and rules of
every kind; of those, the ones that load are exported.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from surveys import (
    DefinitionError,
    FormDefinition,
    QuestionType,
    definition_from_dict,
    definition_xlsform,
    definition_yaml,
    load_definition_bytes,
    load_xlsform,
)
from surveys.loader import list_options
from surveys.model import Condition
from tests.surveys.conftest import make_form
from tests.surveys.test_loader_properties import SOURCES, broken

WARDS = list_options("wards")


def loaded(data: Any) -> FormDefinition:
    """The definition, or the example is dropped when it does not load."""
    try:
        return definition_from_dict(data, origin="form")
    except DefinitionError:
        assume(False)
        raise


def exportable(definition: FormDefinition) -> bool:
    """Whether a definition can come back the same: its ward questions offer their list.

    A definition file cannot give a ward question options of its own, so an export of one whose
    options are not its list's is read back with the list's.
    """
    return all(
        q.get("options") == WARDS
        for s in definition.source["sections"]
        for q in s["questions"]
        if isinstance(q, dict) and q.get("type") == "ward"
    )


def comes_back_the_same(definition: FormDefinition) -> None:
    assume(exportable(definition))
    from_yaml = load_definition_bytes(definition_yaml(definition).encode(), "form.yaml")
    from_xlsform, left_out = load_xlsform(definition_xlsform(definition), "form.xlsx")

    assert from_yaml == definition
    assert normalised(from_xlsform) == normalised(definition)
    assert left_out == []


def normalised(definition: FormDefinition) -> list[Any]:
    """The questions, with a rule `any_of` one answer read as `equals` it: the same rule, and
    XLSForm writes both as one comparison."""
    questions = []
    for question in definition.questions:
        rule = question.show_if
        if rule is not None and rule.operator == "any_of" and len(set(rule.operand)) == 1:
            rule = Condition(rule.question, "equals", rule.operand[0])
        questions.append(replace(question, show_if=rule))
    return [definition.title, definition.description, definition.languages, questions]


@settings(max_examples=60)
@given(data=st.data())
def test_a_changed_definition_that_loads_comes_back_the_same(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SOURCES)))
    comes_back_the_same(loaded(data.draw(broken(SOURCES[name]))))


TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).filter(str.strip)
TEXTS = TEXT | st.fixed_dictionaries({"en": TEXT}, optional={"pa": TEXT, "pt-BR": TEXT})
VALUES = st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), min_size=1, max_size=4)
NUMBERS = st.integers(-(10**20), 10**20) | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def options(draw: st.DrawFn) -> list[dict[str, Any]]:
    values = draw(VALUES.map(lambda values: list(dict.fromkeys(values))))
    return [{"value": value, "label": draw(TEXTS)} for value in values if value != "other"] or [
        {"value": "a", "label": "A"}
    ]


@st.composite
def settings_of(draw: st.DrawFn, kind: QuestionType) -> dict[str, Any]:
    """Settings a question of this type may have."""
    optional: dict[QuestionType, dict[str, st.SearchStrategy[Any]]] = {
        QuestionType.SINGLE_CHOICE: {"other": st.booleans()},
        QuestionType.MULTIPLE_CHOICE: {
            "other": st.booleans(),
            "min_selections": st.integers(1, 2),
            "max_selections": st.integers(2, 9),
        },
        QuestionType.FREE_TEXT: {"long": st.booleans(), "max_length": st.integers(1, 10**6)},
        QuestionType.NUMBER: {"min": NUMBERS, "max": NUMBERS, "integer": st.booleans()},
        QuestionType.DATE: {"not_future": st.booleans()},
    }
    chosen = draw(st.fixed_dictionaries({}, optional=optional.get(kind, {})))
    if kind in {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}:
        chosen["options"] = draw(options())
    if kind == QuestionType.SCALE:
        chosen.update(
            draw(st.just({"scale": "agreement"}) | options().map(lambda o: {"options": o}))
        )
    if kind == QuestionType.WARD:
        chosen["options"] = WARDS
    return chosen


def answers_to(question: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values an answer to a question can have, for a rule to compare with."""
    kind = question["type"]
    if kind in {QuestionType.YES_NO, QuestionType.CONSENT}:
        return st.booleans()
    if kind == QuestionType.NUMBER:
        return NUMBERS
    if kind in {QuestionType.FREE_TEXT, QuestionType.POSTCODE}:
        return TEXT
    if kind == QuestionType.SCALE and "scale" in question:
        return st.sampled_from(["agree", "disagree", "dont-know"])
    values = [option["value"] for option in question.get("options", [])]
    return st.sampled_from(values + (["other"] if question.get("other") else []))


@st.composite
def rule_on(draw: st.DrawFn, earlier: dict[str, Any]) -> dict[str, Any]:
    """A rule that names an earlier question and compares it with one of its answers."""
    operator = draw(st.sampled_from(["equals", "not_equals", "any_of", "answered"]))
    if operator == "answered" or earlier["type"] == QuestionType.DATE:
        return {"question": earlier["id"], "answered": draw(st.booleans())}
    if operator == "any_of":
        return {
            "question": earlier["id"],
            "any_of": draw(st.lists(answers_to(earlier), min_size=1, max_size=3)),
        }
    return {"question": earlier["id"], operator: draw(answers_to(earlier))}


@st.composite
def forms(draw: st.DrawFn) -> dict[str, Any]:
    """A form of one to five questions of any types, with any settings and rules."""
    questions: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(list(QuestionType)))
        question = {"id": f"q{number}", "type": str(kind), "label": draw(TEXTS)}
        question.update(
            draw(st.fixed_dictionaries({}, optional={"hint": TEXTS, "required": st.booleans()}))
        )
        question.update(draw(settings_of(kind)))
        if questions and draw(st.booleans()):
            question["show_if"] = draw(rule_on(draw(st.sampled_from(questions))))
        questions.append(question)
    description = draw(st.none() | TEXTS)
    top = {"title": draw(TEXTS)} | ({"description": description} if description else {})
    return make_form(*questions, **top)


@settings(max_examples=150)
@given(form=forms())
def test_any_form_that_loads_comes_back_the_same(form: dict[str, Any]) -> None:
    comes_back_the_same(loaded(form))
