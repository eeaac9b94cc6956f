"""The limits a definition must keep to fit the database and the web form, each named clearly."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask_wtf import FlaskForm

from surveys import DefinitionError, definition_from_dict, load_definition
from surveys.schema import (
    MOST_FILE_BYTES,
    MOST_ID_LENGTH,
    MOST_TITLE_LENGTH,
    MOST_VERSION,
    RESERVED_QUESTION_IDS,
)

Write = Callable[[str, Any], Path]
FormMaker = Callable[..., dict[str, Any]]


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        definition_from_dict(data, origin="swp.yaml")
    return [str(problem) for problem in caught.value.problems]


def text_question(question_id: str) -> dict[str, Any]:
    return {"id": question_id, "type": "free_text", "label": "Tell us"}


def test_a_question_id_at_the_limit_loads_with_its_other_follow_up(form: FormMaker) -> None:
    question_id = "q" * MOST_ID_LENGTH
    choice = {
        "id": question_id,
        "type": "single_choice",
        "label": "Pick",
        "options": [{"value": "a", "label": "A"}],
        "other": True,
    }
    definition = definition_from_dict(form(choice), origin="swp.yaml")
    # The follow-up's id must still fit the answers' 100-character question_id column.
    assert max(len(q.id) for q in definition.questions) <= 100


def test_a_question_id_too_long_is_named_with_the_limit(form: FormMaker) -> None:
    question_id = "q" * (MOST_ID_LENGTH + 1)
    [problem] = problems(form(text_question(question_id)))
    assert problem.startswith(f"swp.yaml: question '{question_id}': id 'qqqq")
    assert problem.endswith(f"is {MOST_ID_LENGTH + 1} characters long: use 80 or fewer")
    assert len(problem) < 200  # the id itself is cut short, not echoed whole


def test_form_and_section_ids_too_long_are_problems(form: FormMaker) -> None:
    data = form(text_question("why"), id="f" * 500)
    data["sections"][0]["id"] = "s" * 500
    found = problems(data)
    assert len(found) == 2
    assert all("500 characters long: use 80 or fewer" in problem for problem in found)


@pytest.mark.parametrize("question_id", ["csrf_token", "meta", "data", "validate"])
def test_a_question_id_the_web_form_uses_is_refused(form: FormMaker, question_id: str) -> None:
    assert problems(form(text_question(question_id))) == [
        f"swp.yaml: question '{question_id}': id '{question_id}' is a name the web form uses "
        "itself: choose another id"
    ]


def test_every_name_a_web_form_has_is_reserved() -> None:
    question_id = re.compile(r"[a-z][a-z0-9_]*")
    form_names = {name for name in dir(FlaskForm) if question_id.fullmatch(name)}
    assert form_names | {"csrf_token", "meta"} <= RESERVED_QUESTION_IDS


def test_a_version_too_big_to_store_is_a_problem(form: FormMaker) -> None:
    assert problems(form(text_question("why"), version=2**63)) == [
        f"swp.yaml: 'version' must be {MOST_VERSION:,} or less, not {2**63:,}"
    ]
    assert definition_from_dict(form(text_question("why"), version=MOST_VERSION)).version == (
        MOST_VERSION
    )


def test_a_title_too_long_to_store_is_a_problem(form: FormMaker) -> None:
    title = {"en": "Safer", "pa": "ਸ" * (MOST_TITLE_LENGTH + 1)}
    assert problems(form(text_question("why"), title=title)) == [
        f"swp.yaml: 'title' (pa) is {MOST_TITLE_LENGTH + 1} characters long: use 300 or fewer"
    ]


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: swp\nversion: 1\n# " + "x" * MOST_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("huge.yaml: is 1,000,0")
    assert "may be at most 1,000,000 bytes" in problem


def test_a_section_id_with_a_line_break_is_named_on_one_line(form: FormMaker) -> None:
    """Found by the loader's property test: the section's name held the raw line break."""
    data = form(text_question("why"))
    data["sections"][0]["id"] = "\n"

    [problem] = problems(data)

    assert "\n" not in problem
    assert problem.startswith("swp.yaml: section '\\n': id '\\n' is not valid")
