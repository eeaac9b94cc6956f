"""Every problem a definition can have is found, named by file and question, and all reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from surveys import DefinitionError, Flow, Problem, load_definition

Write = Callable[[str, Any], Path]
FormMaker = Callable[..., dict[str, Any]]

Q = dict[str, Any]
YES_NO: Q = {"id": "attended", "type": "yes_no", "label": "Did you go?"}
CHOICE: Q = {
    "id": "topic",
    "type": "single_choice",
    "label": "Topic",
    "options": [{"value": "asb", "label": "ASB"}, {"value": "drugs", "label": "Drugs"}],
}


def text(question_id: str, **keys: Any) -> Q:
    """A free-text question with extra keys."""
    return {"id": question_id, "type": "free_text", "label": "Why?", **keys}


def problems_of(write: Write, data: Any) -> list[Problem]:
    """The problems found when loading `data` written as swp.yaml."""
    with pytest.raises(DefinitionError) as caught:
        load_definition(write("swp.yaml", data))
    return caught.value.problems


# (questions, the question id the problem names, words in the message)
QUESTION_PROBLEMS: list[tuple[list[Q], str | None, str]] = [
    ([{"id": "q", "type": "text", "label": "Q"}], "q", "unknown type 'text'"),
    ([{"id": "q", "label": "Q"}], "q", "missing 'type'"),
    ([{"type": "yes_no", "label": "Q"}], None, "question 1 in section 'main': missing 'id'"),
    ([{"id": "Why Not", "type": "yes_no", "label": "Q"}], "Why Not", "id 'Why Not' is not valid"),
    ([{"id": "q", "type": "yes_no"}], "q", "missing 'label'"),
    ([{"id": "q", "type": "yes_no", "label": ""}], "q", "'label' is empty"),
    ([{"id": "q", "type": "yes_no", "label": {"pa": "ਹਾਂ"}}], "q", "'label' has no English"),
    ([{"id": "q", "type": "yes_no", "label": "Q", "hint": {"pa": "x"}}], "q", "'hint' has no"),
    ([YES_NO, {**YES_NO, "label": "Again"}], "attended", "'attended' is already used"),
    ([{**CHOICE, "other": True}, text("topic_other")], "topic_other", "'other: true' on 'topic'"),
    ([{**CHOICE, "options": []}], "topic", "'options' must be a list with at least one"),
    ([{"id": "q", "type": "single_choice", "label": "Q"}], "q", "missing 'options'"),
    ([{"id": "q", "type": "scale", "label": "Q"}], "q", "give either 'scale'"),
    ([{"id": "q", "type": "scale", "label": "Q", "scale": "agreeable"}], "q", "unknown scale"),
    (
        [{**CHOICE, "options": [*CHOICE["options"], {"value": "asb", "label": "Again"}]}],
        "topic",
        "option value 'asb' is used more than once",
    ),
    (
        [{**CHOICE, "options": [{"value": "a b", "label": "A"}]}],
        "topic",
        "option 1: value 'a b' is not valid",
    ),
    ([{**CHOICE, "options": [{"value": True, "label": "Yes"}]}], "topic", "put it in quotes"),
    ([{**CHOICE, "options": [{"value": "a"}]}], "topic", "option 1: missing 'label'"),
    ([{**CHOICE, "options": [{"value": "a", "label": "A", "lable": "A"}]}], "topic", "'lable'"),
    ([text("why", show_if={"question": "nobody", "answered": True})], "why", "not a question"),
    (
        [text("why", show_if={"question": "later_q", "answered": True}), text("later_q")],
        "why",
        "show_if refers to 'later_q', which comes after it",
    ),
    ([text("why", show_if={"question": "why", "answered": True})], "why", "the question itself"),
    ([YES_NO, text("why", show_if="attended")], "why", "show_if must be a mapping"),
    ([YES_NO, text("why", show_if={"question": "attended"})], "why", "needs exactly one of"),
    (
        [YES_NO, text("why", show_if={"question": "attended", "equals": True, "answered": True})],
        "why",
        "it has equals and answered",
    ),
    ([CHOICE, text("why", show_if={"question": "topic", "any_of": []})], "why", "any_of must be"),
    ([CHOICE, text("why", show_if={"question": "topic", "any_of": "asb"})], "why", "any_of must"),
    ([YES_NO, text("why", show_if={"question": "attended", "answered": 1})], "why", "answered"),
    ([YES_NO, text("why", show_if={"question": "attended", "equal": True})], "why", "'equal'"),
    (
        [CHOICE, text("why", show_if={"question": "topic", "equals": "parking"})],
        "why",
        "'topic' has no such option: use one of asb, drugs",
    ),
    ([CHOICE, text("why", show_if={"question": "topic", "any_of": ["asb", "x"]})], "why", "'x'"),
    (
        [YES_NO, text("why", show_if={"question": "attended", "equals": "yes"})],
        "why",
        "compare it with true or false",
    ),
    (
        [
            {"id": "n", "type": "number", "label": "N"},
            text("why", show_if={"question": "n", "equals": "x"}),
        ],
        "why",
        "compare it with a number",
    ),
    ([{"id": "n", "type": "number", "label": "N", "min": 10, "max": 1}], "n", "'min' (10) is more"),
    ([{"id": "n", "type": "number", "label": "N", "max": "lots"}], "n", "'max' must be a number"),
    (
        [{**CHOICE, "type": "multiple_choice", "min_selections": 2, "max_selections": 1}],
        "topic",
        "'min_selections' (2) is more than 'max_selections' (1)",
    ),
    (
        [{**CHOICE, "type": "multiple_choice", "min_selections": 3}],
        "topic",
        "'min_selections' is 3 but there are only 2",
    ),
    ([text("why", requried=True)], "why", "unknown key 'requried' (did you mean 'required'?)"),
    ([{**YES_NO, "max_length": 10}], "attended", "'max_length' does not apply to a yes_no"),
    ([text("why", max_length=0)], "why", "'max_length' must be a whole number of 1 or more"),
    ([text("why", required="yes")], "why", "'required' must be true or false"),
    ([{"id": "w", "type": "ward", "label": "W", "list": "centres"}], "w", "the list 'centres'"),
    ([{"id": "w", "type": "ward", "label": "W", "options": CHOICE["options"]}], "w", "remove"),
]


@pytest.mark.parametrize(("questions", "question_id", "words"), QUESTION_PROBLEMS)
def test_each_question_problem_names_file_and_question(
    write: Write, form: FormMaker, questions: list[Q], question_id: str | None, words: str
) -> None:
    problems = problems_of(write, form(*questions))
    assert len(problems) == 1, problems
    assert problems[0].file == "swp.yaml"
    assert problems[0].question == question_id
    assert words in problems[0].message
    assert str(problems[0]).startswith("swp.yaml: ")


TOP_PROBLEMS: list[tuple[dict[str, Any], str]] = [
    ({"titel": "x"}, "unknown key 'titel' (did you mean 'title'?)"),
    ({"id": "PACT_feedback"}, "id 'PACT_feedback' is not valid"),
    ({"version": 0}, "'version' must be a whole number of 1 or more"),
    ({"version": "2"}, "'version' must be a whole number"),
    ({"version": True}, "'version' must be a whole number"),
    ({"sections": []}, "'sections' must be a list with at least one section"),
    ({"title": {"pa": "ਸੁਰੱਖਿਅਤ"}}, "'title' has no English"),
    ({"title": {"en": "Safe", "PA": "x"}}, "bad language code 'PA'"),
]


@pytest.mark.parametrize(("changes", "words"), TOP_PROBLEMS)
def test_each_form_problem_names_the_file(
    write: Write, form: FormMaker, changes: dict[str, Any], words: str
) -> None:
    problems = problems_of(write, form(YES_NO, **changes))
    assert [(p.file, p.question) for p in problems] == [("swp.yaml", None)]
    assert words in problems[0].message


def test_missing_top_level_key(write: Write, form: FormMaker) -> None:
    data = form(YES_NO)
    del data["title"]
    assert [str(p) for p in problems_of(write, data)] == ["swp.yaml: missing 'title'"]


def test_sections_left_empty_is_a_problem(write: Write) -> None:
    # `sections:` with nothing under it reads as null: a form with no questions at all.
    path = write("swp.yaml", "id: swp\nversion: 1\ntitle: Safer\nsections:\n")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert [str(p) for p in caught.value.problems] == [
        "swp.yaml: 'sections' must be a list with at least one section"
    ]


def test_section_problems(write: Write, form: FormMaker) -> None:
    sections = [
        {"id": "main", "title": "Main", "questions": [YES_NO]},
        {"id": "main", "title": "Again", "questions": [CHOICE]},
        {"id": "empty", "questions": []},
    ]
    messages = [p.message for p in problems_of(write, form(sections=sections))]
    assert messages == [
        "section 'main' is used more than once: give each section its own id",
        "section 'empty': missing 'title'",
        "section 'empty': 'questions' must be a list with at least one question",
    ]


def test_every_problem_is_reported_together(write: Write, form: FormMaker) -> None:
    questions = [
        text("why", show_if={"question": "later_q", "answered": True}),
        {"id": "later_q", "type": "txt", "label": "L"},
        text("how", requried=True, label={"pa": "ਕਿਵੇਂ"}),
    ]
    problems = problems_of(write, form(*questions, version=0))
    assert [(p.question, p.message.split(":")[0]) for p in problems] == [
        (None, "'version' must be a whole number of 1 or more, not 0"),
        ("later_q", "unknown type 'txt'"),
        ("how", "unknown key 'requried' (did you mean 'required'?)"),
        ("how", "'label' has no English"),
        ("why", "show_if refers to 'later_q', which comes after it"),
    ]


def test_yaml_reading_yes_as_true_is_explained(write: Write) -> None:
    path = write(
        "swp.yaml",
        "id: swp\nversion: 1\ntitle: T\nsections:\n- id: main\n  title: M\n  questions:\n"
        "  - {id: q, type: single_choice, label: Q, options: [{value: yes, label: Yes}]}\n",
    )
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert all("put it in quotes" in p.message for p in caught.value.problems)
    assert len(caught.value.problems) == 2


def test_whole_numbers_too_big_for_a_float_are_numbers_all_the_same(
    write: Write, form: FormMaker
) -> None:
    # Python cannot make a float of 10**400, but it is still a whole number to compare with.
    big = 10**400
    number = {"id": "n", "type": "number", "label": "N", "min": -big, "max": big}
    path = write("swp.yaml", form(number, text("why", show_if={"question": "n", "equals": big})))
    definition = load_definition(path)
    assert definition.question("n").maximum == big
    assert Flow(definition).parse(definition.question("n"), "12") == 12


def test_a_value_with_line_breaks_is_shown_on_one_line(write: Write, form: FormMaker) -> None:
    problems = problems_of(write, form(text("why", required="yes\nplease")))
    assert [str(p) for p in problems] == [
        "swp.yaml: question 'why': 'required' must be true or false, not 'yes\\nplease'"
    ]
