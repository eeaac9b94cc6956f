"""Loading definition files: includes, shared lists, YAML problems, and the expanded source."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from surveys import (
    DEFINITIONS_DIR,
    DefinitionError,
    Option,
    QuestionType,
    Text,
    definition_from_dict,
    load_definition,
    load_definition_bytes,
    load_definitions,
)

Write = Callable[[str, Any], Path]
FormMaker = Callable[..., dict[str, Any]]
WARD: dict[str, Any] = {"id": "ward", "type": "ward", "label": "Which ward?"}
TOPICS: dict[str, Any] = {
    "id": "topics",
    "type": "multiple_choice",
    "label": "Topics",
    "options": [{"value": "asb", "label": "ASB"}],
    "other": True,
}


def equalities(**top: Any) -> dict[str, Any]:
    """A small definition to include, with one question."""
    question = {"id": "age", "type": "number", "label": "Age", "min": 0}
    return {
        "id": "equalities",
        "version": 3,
        "title": "About you",
        "sections": [{"id": "about-you", "title": "About you", "questions": [question]}],
        **top,
    }


def problems_of(path: Path) -> list[str]:
    """The problems, as text, found when loading a file."""
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return [str(problem) for problem in caught.value.problems]


def test_loads_a_definition(write: Write, form: FormMaker) -> None:
    definition = load_definition(write("swp.yaml", form(TOPICS, description="Tell us")))
    assert (definition.id, definition.version) == ("swp", 1)
    assert definition.title == Text({"en": "Safer Wolverhampton"})
    assert definition.description == Text({"en": "Tell us"})
    assert [q.id for q in definition.questions] == ["topics", "topics_other"]
    assert definition.question("topics").type is QuestionType.MULTIPLE_CHOICE


def test_ward_options_come_from_the_shared_list(write: Write, form: FormMaker) -> None:
    definition = load_definition(write("swp.yaml", form(WARD)))
    options = definition.question("ward").options
    assert [option.value for option in options] == ["park", "penn", "outside-wolverhampton"]
    assert options[1].label.get("pa") == "ਪੈੱਨ"
    assert definition.source["sections"][0]["questions"][0]["options"][0] == {
        "value": "park",
        "label": "Park",
    }


def test_ward_question_can_name_another_list(write: Write, form: FormMaker) -> None:
    write("lists/centres.yaml", [{"value": "library", "label": "Central Library"}])
    definition = load_definition(write("swp.yaml", form({**WARD, "list": "centres"})))
    assert definition.question("ward").options == (
        Option("library", Text({"en": "Central Library"})),
    )
    assert definition.source["sections"][0]["questions"][0]["list"] == "centres"


def test_broken_list_file_is_named(write: Write, form: FormMaker) -> None:
    write("lists/wards.yaml", "- {value: park, label: Park\n")
    problems = problems_of(write("swp.yaml", form(WARD)))
    assert problems[0].startswith("lists/wards.yaml: YAML syntax error on line 2")
    assert problems[1].startswith("swp.yaml: question 'ward': the list 'wards' could not be read")
    assert len(problems) == 2


def test_list_file_that_is_not_a_list(write: Write, form: FormMaker) -> None:
    write("lists/wards.yaml", {"park": "Park"})
    problems = problems_of(write("swp.yaml", form(WARD)))
    assert problems[0] == "lists/wards.yaml: must be a list of {value, label} options"


def test_bad_option_in_list_points_at_the_list(write: Write, form: FormMaker) -> None:
    write("lists/wards.yaml", [{"value": "St Peter's", "label": "St Peter's"}])
    problems = problems_of(write("swp.yaml", form(WARD)))
    assert problems == [
        "swp.yaml: question 'ward': option 1 in lists/wards.yaml: value 'St Peter's' is not "
        "valid: use only letters, digits, hyphens and underscores"
    ]


def test_include_appends_sections_last(write: Write, form: FormMaker) -> None:
    write("equalities.yaml", equalities())
    definition = load_definition(write("swp.yaml", form(WARD, include=["equalities"])))
    assert [s.id for s in definition.sections] == ["main", "about-you"]
    assert [q.id for q in definition.questions] == ["ward", "age"]
    assert definition.question("age").section_id == "about-you"
    assert "include" not in definition.source
    assert [s["id"] for s in definition.source["sections"]] == ["main", "about-you"]


def test_includes_of_includes(write: Write, form: FormMaker) -> None:
    write("contact.yaml", form(WARD, id="contact", sections=[_section("contact", WARD)]))
    write("equalities.yaml", equalities(include=["contact"]))
    definition = load_definition(write("swp.yaml", form(TOPICS, include=["equalities"])))
    assert [s.id for s in definition.sections] == ["main", "about-you", "contact"]
    assert definition.question("ward").options[0].value == "park"


def test_include_cycle(write: Write, form: FormMaker) -> None:
    write("equalities.yaml", equalities(include=["swp"]))
    problems = problems_of(write("swp.yaml", form(WARD, include=["equalities"])))
    assert problems == [
        "equalities.yaml: include cycle swp → equalities → swp: remove one of these includes"
    ]


def test_include_not_found(write: Write, form: FormMaker) -> None:
    problems = problems_of(write("swp.yaml", form(WARD, include=["equalities"])))
    assert problems == [
        "swp.yaml: include 'equalities' not found: there is no equalities.yaml in the same folder"
    ]


def test_names_too_long_for_a_file_are_not_found(write: Write, form: FormMaker) -> None:
    name = "x" * 300
    path = write("swp.yaml", form({**WARD, "list": name}, include=[name]))
    assert problems_of(path) == [
        f"swp.yaml: question 'ward': the list '{name}' could not be read: "
        f"check that lists/{name}.yaml exists and is a list of {{value, label}} options",
        f"swp.yaml: include '{name}' not found: there is no {name}.yaml in the same folder",
    ]


def test_include_must_be_a_list_of_ids(write: Write, form: FormMaker) -> None:
    problems = problems_of(write("swp.yaml", form(WARD, include="equalities")))
    assert problems == [
        "swp.yaml: 'include' must be a list of definition ids, like [equalities-monitoring]"
    ]


def test_problems_in_an_included_file_name_that_file(write: Write, form: FormMaker) -> None:
    broken = equalities(titel="About you")
    broken["sections"][0]["questions"][0]["type"] = "numbr"
    write("equalities.yaml", broken)
    problems = problems_of(write("swp.yaml", form(WARD, include=["equalities"])))
    assert problems == [
        "equalities.yaml: unknown key 'titel' (did you mean 'title'?): remove or correct it",
        "equalities.yaml: question 'age': unknown type 'numbr' (did you mean 'number'?): use "
        "one of single_choice, multiple_choice, free_text, scale, yes_no, number, date, "
        "postcode, ward, consent",
    ]


def test_id_used_in_both_files(write: Write, form: FormMaker) -> None:
    write("equalities.yaml", equalities())
    age = {"id": "age", "type": "number", "label": "Age"}
    problems = problems_of(write("swp.yaml", form(age, include=["equalities"])))
    assert problems == [
        "equalities.yaml: question 'age': the id 'age' is already used by an earlier question "
        "in swp.yaml: give each question its own id"
    ]


def test_source_rebuilds_an_equal_definition(write: Write, form: FormMaker) -> None:
    write("equalities.yaml", equalities(title={"en": "About you", "pa": "ਤੁਹਾਡੇ ਬਾਰੇ"}))
    scale = {"id": "safe", "type": "scale", "scale": "agreement", "label": "I feel safe"}
    path = write("swp.yaml", form(TOPICS, WARD, scale, include=["equalities"]))
    definition = load_definition(path)
    stored = json.loads(json.dumps(definition.source))
    assert definition_from_dict(stored) == definition
    assert stored["sections"][0]["questions"][0]["other"] is True
    assert stored["sections"][0]["questions"][2]["scale"] == "agreement"
    assert len(stored["sections"][0]["questions"]) == 3


def test_source_is_not_shared_with_the_caller(form: FormMaker) -> None:
    data = form(TOPICS)
    definition = definition_from_dict(data)
    data["sections"][0]["questions"][0]["label"] = "Changed"
    assert definition.source["sections"][0]["questions"][0]["label"] == "Topics"


def test_from_dict_does_not_resolve_includes_or_lists(form: FormMaker) -> None:
    with pytest.raises(DefinitionError) as caught:
        definition_from_dict(form(WARD, include=["equalities"]), origin="swp v1")
    assert [str(p) for p in caught.value.problems] == [
        "swp v1: 'include' is resolved only when loading files: use load_definition",
        "swp v1: question 'ward': the list 'wards' could not be read: check that "
        "lists/wards.yaml exists and is a list of {value, label} options",
    ]


def test_file_not_found(folder: Path) -> None:
    assert problems_of(folder / "nope.yaml") == [
        f"nope.yaml: file not found: check that {folder / 'nope.yaml'} exists"
    ]


def test_yaml_syntax_error_gives_the_line(write: Write) -> None:
    path = write("swp.yaml", "id: swp\nversion: 1\ntitle: [Safer\nsections: []\n")
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith("swp.yaml: YAML syntax error on line 4")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2024-02-30", "cannot read '2024-02-30' as a date"),
        ("9" * 4301, f"cannot read '{'9' * 40}…' as a whole number"),
        ("!!bool maybe", "cannot read 'maybe' as true or false"),
        ("!!int twelve", "cannot read 'twelve' as a whole number"),
        ("!!timestamp soon", "cannot read 'soon' as a date"),
        ("!!map text", "expected a mapping node, but found scalar"),
    ],
)
def test_value_yaml_cannot_read_gives_the_line(write: Write, value: str, problem: str) -> None:
    path = write("swp.yaml", f"id: swp\nversion: {value}\n")
    assert problems_of(path)[0].startswith(f"swp.yaml: YAML syntax error on line 2: {problem}")


def test_nesting_deeper_than_python_can_read_gives_the_line(write: Write) -> None:
    path = write("swp.yaml", "id: swp\nversion:\n  " + "[" * 1000 + "]" * 1000 + "\n")
    assert problems_of(path) == [
        "swp.yaml: YAML syntax error on line 3: lists and mappings are nested more than 50 deep: "
        "check the brackets and the indentation"
    ]


def test_character_yaml_refuses_gives_the_line_on_one_line(write: Write) -> None:
    path = write("swp.yaml", "id: swp\nversion: 1\ntitle: Safer\x88\n")
    assert problems_of(path) == [
        "swp.yaml: YAML syntax error on line 3: remove the character U+0088"
    ]


def test_key_written_twice_is_a_problem(write: Write) -> None:
    path = write("swp.yaml", "id: swp\nversion: 1\nversion: 2\n")
    assert problems_of(path) == [
        "swp.yaml: YAML syntax error on line 3: the key 'version' is written twice"
    ]


def test_empty_file(write: Write) -> None:
    assert problems_of(write("swp.yaml", "# nothing yet\n")) == ["swp.yaml: the file is empty"]


def test_file_that_is_not_a_mapping(write: Write) -> None:
    assert problems_of(write("swp.yaml", "- id: swp\n")) == [
        "swp.yaml: must be a mapping with id, version, title and sections"
    ]


def test_load_definitions_loads_every_file_by_id(write: Write, form: FormMaker) -> None:
    write("equalities.yaml", equalities())
    write("swp.yaml", form(WARD, include=["equalities"]))
    definitions = load_definitions(write("notes.txt", "not a definition").parent)
    assert sorted(definitions) == ["equalities", "swp"]
    assert definitions["swp"].question("age").type is QuestionType.NUMBER


def test_load_definitions_reports_every_file(write: Write, form: FormMaker) -> None:
    write("a.yaml", form(WARD, version=0))
    write("b.yaml", form(WARD, title=""))
    write("c.yaml", form(WARD, id="same"))
    write("d.yaml", form(WARD, id="same"))
    with pytest.raises(DefinitionError) as caught:
        load_definitions(write("e.yaml", equalities()).parent)
    assert [str(p) for p in caught.value.problems] == [
        "a.yaml: 'version' must be a whole number of 1 or more, not 0",
        "b.yaml: 'title' is empty: write the text",
        "d.yaml: id 'same' is used by c.yaml too: change one",
    ]


def test_load_definitions_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definitions(tmp_path / "nowhere")
    assert str(caught.value) == f"nowhere: folder not found: {tmp_path / 'nowhere'}"


def test_shipped_definitions_load() -> None:
    definitions = load_definitions(DEFINITIONS_DIR)
    assert definitions
    for definition in definitions.values():
        assert definition_from_dict(json.loads(json.dumps(definition.source))) == definition


def _section(section_id: str, *questions: dict[str, Any]) -> dict[str, Any]:
    """A section mapping."""
    return {"id": section_id, "title": section_id.title(), "questions": list(questions)}


def test_file_without_sections_but_with_include(write: Write, form: FormMaker) -> None:
    data = form(include=["equalities"])
    del data["sections"]
    assert problems_of(write("swp.yaml", data)) == ["swp.yaml: missing 'sections'"]


def test_file_elsewhere_uses_the_shipped_ward_list(tmp_path: Path, form: FormMaker) -> None:
    path = tmp_path / "swp.yaml"
    path.write_text(json.dumps(form(WARD)))
    shipped = yaml.safe_load((DEFINITIONS_DIR / "lists" / "wards.yaml").read_text())
    options = load_definition(path).question("ward").options
    assert [option.value for option in options] == [option["value"] for option in shipped]


def bytes_problems(content: bytes, name: str = "upload.yaml") -> list[str]:
    """The problems, as text, found when loading a file's bytes."""
    with pytest.raises(DefinitionError) as caught:
        load_definition_bytes(content, name)
    return [str(problem) for problem in caught.value.problems]


def test_bytes_load_like_the_file_they_came_from(write: Write, form: FormMaker) -> None:
    path = write("swp.yaml", form(WARD, TOPICS))

    assert load_definition_bytes(path.read_bytes(), "swp.yaml", folder=path.parent) == (
        load_definition(path)
    )


def test_bytes_take_includes_and_lists_from_the_shipped_definitions(form: FormMaker) -> None:
    content = yaml.safe_dump(form(WARD, include=["equalities-monitoring"])).encode()

    definition = load_definition_bytes(content, "upload.yaml")

    assert definition.sections[-1].id == "your_background"
    assert len(definition.question("ward").options) == 22
    assert "include" not in definition.source


def test_bytes_with_problems_name_the_upload(form: FormMaker) -> None:
    content = yaml.safe_dump(form(WARD, include=["nowhere"])).encode()

    assert bytes_problems(content) == [
        "upload.yaml: include 'nowhere' not found: there is no nowhere.yaml in definitions/"
    ]


def test_bytes_that_are_not_utf8_or_too_many(form: FormMaker) -> None:
    [not_text] = bytes_problems("title: Café".encode("latin-1"))
    assert not_text.startswith("upload.yaml: cannot be read (") and "save it as UTF-8" in not_text
    assert bytes_problems(b"#" * 1_000_001) == [
        "upload.yaml: is 1,000,001 bytes: a definition file may be at most 1,000,000 bytes; "
        "split it with include, or check it is the right file"
    ]


def test_bytes_with_windows_line_breaks_read_as_a_file_does(form: FormMaker) -> None:
    text = yaml.safe_dump(form({"id": "why", "type": "free_text", "label": "Why?"}))
    content = text.replace("\n", "\r\n").encode()

    assert load_definition_bytes(content, "swp.yaml").question("why").label.get() == "Why?"
