"""How two versions of a form differ: each kind of difference, said in plain English."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from surveys import (
    DEFINITIONS_DIR,
    Differences,
    FormDefinition,
    QuestionDifference,
    SectionDifference,
    compare_definitions,
    definition_from_dict,
    load_definitions,
)

Form = dict[str, Any]


def original() -> Form:
    """Version 1 of a small consultation: two sections, with a rule and every kind of limit."""
    return {
        "id": "pact",
        "version": 1,
        "title": "Your PACT meeting",
        "sections": [
            {
                "id": "meeting",
                "title": "The meeting",
                "questions": [
                    {"id": "attended", "type": "yes_no", "label": "Did you go?", "required": True},
                    {
                        "id": "topics",
                        "type": "multiple_choice",
                        "label": "Which topics came up?",
                        "options": [
                            {"value": "asb", "label": "ASB"},
                            {"value": "drugs", "label": "Drug dealing"},
                        ],
                        "max_selections": 2,
                        "show_if": {"question": "attended", "equals": True},
                    },
                    {"id": "count", "type": "number", "label": "How many?", "min": 0},
                    {"id": "why", "type": "free_text", "label": "Why?", "hint": "Say why."},
                    {"id": "when", "type": "date", "label": "When?"},
                ],
            },
            {
                "id": "closing",
                "title": "Anything else",
                "questions": [{"id": "else", "type": "free_text", "label": "Anything else?"}],
            },
        ],
    }


def compare(change: Callable[[Form], Any]) -> Differences:
    """The differences once `change` has edited a copy of the original."""
    old = definition_from_dict(original())
    edited = copy.deepcopy(original())
    change(edited)
    return compare_definitions(old, definition_from_dict(edited))


def question(form: Form, question_id: str) -> dict[str, Any]:
    """A question's mapping in a form dict."""
    found = [q for s in form["sections"] for q in s["questions"] if q["id"] == question_id]
    return found[0]


def changed(differences: Differences) -> dict[str, tuple[str, ...]]:
    return {entry.question_id: entry.changes for entry in differences.changed}


def test_identical_versions_have_no_differences() -> None:
    differences = compare(lambda form: form.update(version=2))
    assert differences.none
    assert differences == Differences()


def test_a_question_added_is_listed_with_its_section_and_rule() -> None:
    def add(form: Form) -> None:
        form["sections"][0]["questions"].append(
            {
                "id": "useful",
                "type": "yes_no",
                "label": "Was it useful?",
                "show_if": {"question": "attended", "equals": True},
            }
        )

    differences = compare(add)
    assert differences.added == (
        QuestionDifference(
            "useful",
            "Was it useful?",
            ("Added to section 'The meeting'", "Asked only if 'Did you go?' is answered 'Yes'"),
        ),
    )
    assert not differences.none and not differences.changed and not differences.removed


def test_a_question_removed_is_listed_by_its_old_label() -> None:
    differences = compare(lambda form: form["sections"][0]["questions"].pop(2))
    assert differences.removed == (
        QuestionDifference("count", "How many?", ("Removed from section 'The meeting'",)),
    )
    assert not differences.added


def test_a_label_or_hint_reworded_in_any_language_is_listed_as_reworded() -> None:
    def reword(form: Form) -> None:
        question(form, "why")["label"] = {"en": "Why do you say that?", "pa": "ਕਿਉਂ?"}
        question(form, "why")["hint"] = "Tell us why."
        question(form, "attended")["hint"] = "In the last year."

    differences = compare(reword)
    assert differences.reworded == (
        QuestionDifference("attended", "Did you go?", ("Hint added: 'In the last year.'",)),
        QuestionDifference(
            "why",
            "Why do you say that?",
            (
                "Label changed from 'Why?' to 'Why do you say that?'",
                "Label (pa) added: 'ਕਿਉਂ?'",
                "Hint changed from 'Say why.' to 'Tell us why.'",
            ),
        ),
    )
    assert not differences.changed


def test_a_translation_changed_or_removed_is_rewording_too() -> None:
    old = copy.deepcopy(original())
    question(old, "why")["label"] = {"en": "Why?", "pa": "ਕਿਉਂ?", "ur": "کیوں؟"}
    new = copy.deepcopy(old)
    question(new, "why")["label"] = {"en": "Why?", "pa": "ਕਿਉਂ ਜੀ?"}
    question(new, "why").pop("hint")
    differences = compare_definitions(definition_from_dict(old), definition_from_dict(new))
    (entry,) = differences.reworded
    assert entry.changes == (
        "Label (pa) changed from 'ਕਿਉਂ?' to 'ਕਿਉਂ ਜੀ?'",
        "Label (ur) removed",
        "Hint removed",
    )


@pytest.mark.parametrize(
    ("change", "question_id", "expected"),
    [
        (
            lambda f: question(f, "topics")["options"].append(
                {"value": "parking", "label": "Parking"}
            ),
            "topics",
            ("Option 'Parking' added",),
        ),
        (lambda f: question(f, "topics")["options"].pop(0), "topics", ("Option 'ASB' removed",)),
        (
            lambda f: question(f, "topics")["options"][0].update(label="Anti-social behaviour"),
            "topics",
            ("Option 'asb' label changed from 'ASB' to 'Anti-social behaviour'",),
        ),
        (
            lambda f: question(f, "topics")["options"].reverse(),
            "topics",
            ("Options put in a different order",),
        ),
        (
            lambda f: question(f, "topics").update(other=True),
            "topics",
            ("Option 'Other' added",),
        ),
        (lambda f: question(f, "why").update(required=True), "why", ("Now required",)),
        (
            lambda f: question(f, "attended").update(required=False),
            "attended",
            ("No longer required",),
        ),
        (lambda f: question(f, "topics").pop("show_if"), "topics", ("Now always asked",)),
        (
            lambda f: question(f, "why").update(show_if={"question": "count", "answered": True}),
            "why",
            ("Now asked only if 'How many?' is answered",),
        ),
        (
            lambda f: question(f, "topics").update(
                show_if={"question": "attended", "equals": False}
            ),
            "topics",
            (
                "Now asked only if 'Did you go?' is answered 'No' "
                "(before, only if 'Did you go?' is answered 'Yes')",
            ),
        ),
        (
            lambda f: question(f, "count").update(min=1),
            "count",
            ("Lowest number changed from 0 to 1",),
        ),
        (
            lambda f: question(f, "count").update(max=1000),
            "count",
            ("Highest number set to 1,000",),
        ),
        (lambda f: question(f, "count").pop("min"), "count", ("Lowest number removed (it was 0)",)),
        (lambda f: question(f, "count").update(integer=False), "count", ("Now takes decimals",)),
        (
            lambda f: question(f, "topics").update(min_selections=2),
            "topics",
            ("Fewest choices set to 2",),
        ),
        (
            lambda f: question(f, "topics").update(max_selections=1),
            "topics",
            ("Most choices changed from 2 to 1",),
        ),
        (
            lambda f: question(f, "why").update(long=True),
            "why",
            ("Most characters changed from 500 to 5,000", "Now a long answer, in a text area"),
        ),
        (
            lambda f: question(f, "why").update(max_length=100),
            "why",
            ("Most characters changed from 500 to 100",),
        ),
        (
            lambda f: question(f, "when").update(not_future=True),
            "when",
            ("Now refuses dates in the future",),
        ),
        (
            lambda f: question(f, "else").update(
                type="single_choice", options=[{"value": "yes", "label": "Yes"}]
            ),
            "else",
            ("Type changed from free text to single choice", "Option 'Yes' added"),
        ),
    ],
)
def test_each_other_change_to_a_question_is_said_in_plain_english(
    change: Callable[[Form], Any], question_id: str, expected: tuple[str, ...]
) -> None:
    differences = compare(change)
    assert changed(differences) == {question_id: expected}
    assert not differences.reworded


def test_other_true_adds_its_please_specify_question_too() -> None:
    differences = compare(lambda f: question(f, "topics").update(other=True))
    assert [(entry.question_id, entry.label) for entry in differences.added] == [
        ("topics_other", "Please specify")
    ]
    assert (
        "Asked only if 'Other' is chosen in 'Which topics came up?'" in differences.added[0].changes
    )


def test_an_any_of_listed_in_another_order_is_the_same_rule() -> None:
    old = copy.deepcopy(original())
    question(old, "why")["show_if"] = {"question": "topics", "any_of": ["asb", "drugs"]}
    new = copy.deepcopy(old)
    question(new, "why")["show_if"] = {"question": "topics", "any_of": ["drugs", "asb"]}
    assert compare_definitions(definition_from_dict(old), definition_from_dict(new)).none


def test_a_question_moved_to_another_section_says_so() -> None:
    def move(form: Form) -> None:
        form["sections"][1]["questions"].insert(0, form["sections"][0]["questions"].pop())

    assert changed(compare(move)) == {
        "when": ("Moved from section 'The meeting' to section 'Anything else'",)
    }


def test_a_question_reworded_and_changed_is_in_both_lists() -> None:
    def both(form: Form) -> None:
        question(form, "count").update(label="How many meetings?", max=50)

    differences = compare(both)
    assert [e.question_id for e in differences.reworded] == ["count"]
    assert differences.changed == (
        QuestionDifference("count", "How many meetings?", ("Highest number set to 50",)),
    )


def test_sections_added_removed_and_retitled_are_listed() -> None:
    def sections(form: Form) -> None:
        closing = form["sections"].pop()
        closing["id"] = "final"
        closing["title"] = "Last words"
        form["sections"].append(closing)
        form["sections"][0]["title"] = "Your meeting"
        form["sections"][0]["description"] = "About the last one."

    differences = compare(sections)
    assert differences.sections_added == (
        SectionDifference("final", "Last words", ("Added, with 1 question",)),
    )
    assert differences.sections_removed == (
        SectionDifference("closing", "Anything else", ("Removed, with its 1 question",)),
    )
    assert differences.sections_reworded == (
        SectionDifference(
            "meeting",
            "Your meeting",
            (
                "Title changed from 'The meeting' to 'Your meeting'",
                "Description added: 'About the last one.'",
            ),
        ),
    )
    assert changed(differences) == {
        "else": ("Moved from section 'Anything else' to section 'Last words'",)
    }


def test_the_forms_own_title_reworded_is_a_difference() -> None:
    differences = compare(lambda form: form.update(title="Your PACT meetings"))
    assert differences.form == ("Title changed from 'Your PACT meeting' to 'Your PACT meetings'",)
    assert not differences.none


def test_labels_are_given_in_the_language_asked_for() -> None:
    old = definition_from_dict(original())
    new_form = copy.deepcopy(original())
    question(new_form, "why")["label"] = {"en": "Why so?", "pa": "ਕਿਉਂ?"}
    question(new_form, "why")["required"] = True
    differences = compare_definitions(old, definition_from_dict(new_form), language="pa")
    assert differences.changed == (QuestionDifference("why", "ਕਿਉਂ?", ("Now required",)),)


def test_a_shipped_definition_compared_with_itself_has_no_differences() -> None:
    definitions: dict[str, FormDefinition] = load_definitions(DEFINITIONS_DIR)
    for definition in definitions.values():
        assert compare_definitions(definition, definition_from_dict(definition.source)).none


def test_two_different_shipped_definitions_differ_in_every_question() -> None:
    definitions = load_definitions(DEFINITIONS_DIR)
    report, contact = definitions["hate-incident-report"], definitions["report-contact-details"]
    differences = compare_definitions(report, contact)
    # Both have a 'consent' section; no question id is shared.
    assert {e.question_id for e in differences.added} == {q.id for q in contact.questions}
    assert {e.question_id for e in differences.removed} == {q.id for q in report.questions} - {
        q.id for q in contact.questions
    }
