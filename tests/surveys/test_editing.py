"""Changing a definition's source one step at a time, as the browser builder does."""

import surveys
from surveys import editing


def source_with(*sections: tuple[str, list[str]]) -> dict:
    return {
        "id": "order",
        "version": 1,
        "title": "Order",
        "sections": [
            {
                "id": section_id,
                "title": section_id,
                "questions": [{"id": q, "type": "yes_no", "label": q} for q in questions],
            }
            for section_id, questions in sections
        ],
    }


def order(source: dict) -> list[tuple[str, list[str]]]:
    return [(s["id"], [q["id"] for q in s["questions"]]) for s in source["sections"]]


def test_a_question_moves_within_its_section_then_across_the_edge():
    source = source_with(("one", ["a", "b"]), ("two", ["c"]))

    moved = editing.moved_question(source, "a", 1)
    assert order(moved) == [("one", ["b", "a"]), ("two", ["c"])]
    moved = editing.moved_question(moved, "a", 1)
    assert order(moved) == [("one", ["b"]), ("two", ["a", "c"])]
    moved = editing.moved_question(moved, "a", -1)
    assert order(moved) == [("one", ["b", "a"]), ("two", ["c"])]
    assert order(source) == [("one", ["a", "b"]), ("two", ["c"])]  # the old source is untouched


def test_a_question_at_the_very_top_or_bottom_stays_put():
    source = source_with(("one", ["a"]), ("two", ["b"]))
    assert order(editing.moved_question(source, "a", -1)) == order(source)
    assert order(editing.moved_question(source, "b", 1)) == order(source)


def test_a_question_moves_into_an_empty_section():
    source = source_with(("one", ["a"]), ("two", []))
    assert order(editing.moved_question(source, "a", 1)) == [("one", []), ("two", ["a"])]


def test_reworded_options_keep_their_stored_values_and_new_ones_get_values_of_their_own():
    old = [
        {"value": "asb", "label": {"en": "Anti-social behaviour", "pa": "ਸਮਾਜ ਵਿਰੋਧੀ"}},
        {"value": "drugs", "label": {"en": "Drug dealing"}},
    ]

    options = editing.options_from_lines(
        ["Anti-social behaviour", "Drug dealing and use", "Parking", ""], old
    )

    assert options == [
        {"value": "asb", "label": {"en": "Anti-social behaviour", "pa": "ਸਮਾਜ ਵਿਰੋਧੀ"}},
        {"value": "drugs", "label": {"en": "Drug dealing and use"}},  # reworded in its place
        {"value": "parking", "label": {"en": "Parking"}},
    ]


def test_options_with_the_same_words_get_different_values():
    options = editing.options_from_lines(["Yes!", "Yes?"], [])
    assert [o["value"] for o in options] == ["yes", "yes-2"]


def test_ids_made_from_words_are_valid_and_unlike_those_taken():
    assert editing.words_id("Why did you go?", []) == "why_did_you_go"
    assert editing.words_id("Why did you go?", ["why_did_you_go"]) == "why_did_you_go_2"
    assert editing.words_id("2024 events", []) == "q_2024_events"
    assert editing.words_id("!!!", []) == "q"


def test_a_deleted_question_a_rule_names_is_a_problem_the_loader_states():
    source = source_with(("one", ["a", "b"]))
    source["sections"][0]["questions"][1]["show_if"] = {"question": "a", "equals": True}
    assert editing.problems_of(source) == []

    problems = editing.problems_of(editing.without_question(source, "a"))

    assert [p.question for p in problems] == ["b"]
    assert "'a'" in problems[0].message


def test_the_builders_source_loads_as_a_definition():
    source = editing.blank_source("new-form", "A new form")
    source = editing.with_section(source, {"id": "about", "title": {"en": "About"}})
    question = {"id": "ward", "type": "ward", "label": {"en": "Ward?"}}
    question["options"] = editing.shared_list()
    source = editing.with_question(source, "about", question)

    definition = surveys.definition_from_dict(source)

    assert definition.question("ward").options[0].value
    assert editing.question_ids(source) == ["ward"]
