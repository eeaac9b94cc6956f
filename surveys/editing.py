"""Changing a definition's source one step at a time, as the browser builder does.

Each function takes a source (the plain data `definition_from_dict` reads) and returns a new
one, leaving the old untouched, so a change that fails its checks is simply not kept. The
source between changes may not load yet (a form with no questions, a rule left pointing at a
deleted question): `problems_of` says what is wrong, in the loader's own words.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any

from surveys.definition import definition_from_dict
from surveys.form_errors import DefinitionError, Problem, ProblemLog
from surveys.loader import DEFINITIONS_DIR
from surveys.schema import DEFAULT_LIST, MOST_ID_LENGTH, OPTION_VALUE, OTHER_SUFFIX
from surveys.yaml_files import read_yaml

Source = dict[str, Any]
QuestionSource = dict[str, Any]


def blank_source(definition_id: str, title: str) -> Source:
    """A new form with a title and nothing in it yet."""
    return {"id": definition_id, "version": 1, "title": {"en": title}, "sections": []}


def shared_list(name: str = DEFAULT_LIST) -> list[dict[str, Any]]:
    """The options of a shipped list, like the wards, for a question that offers them."""
    log = ProblemLog(f"lists/{name}.yaml")
    options = read_yaml(DEFINITIONS_DIR / "lists" / f"{name}.yaml", log)
    if not isinstance(options, list):
        raise DefinitionError(log.problems or [Problem(log.file, None, "must be a list")])
    return options


def problems_of(source: Source, origin: str = "this form") -> list[Problem]:
    """Everything the loader would refuse in a source; none when it would load."""
    try:
        definition_from_dict(source, origin=origin)
    except DefinitionError as error:
        return error.problems
    return []


def words_id(words: str, taken: Iterable[str], separator: str = "_") -> str:
    """An id made of a text's first words, unlike any taken: "Why did you go?" is why_did_you_go."""
    stem = re.sub(r"[^a-z0-9]+", separator, words.lower()).strip(separator)[:40].strip(separator)
    if not stem or not stem[0].isalpha():
        stem = f"q{separator}{stem}".strip(separator)
    taken = set(taken)
    candidate, number = stem, 2
    while candidate in taken:
        candidate = f"{stem}{separator}{number}"[:MOST_ID_LENGTH]
        number += 1
    return candidate


def question_ids(source: Source) -> list[str]:
    """Every question's id, in order, with the "Other" follow-ups the loader adds."""
    ids = []
    for question in all_questions(source):
        ids.append(str(question.get("id")))
        if question.get("other"):
            ids.append(other_box_id(question))
    return ids


def other_box_id(question: QuestionSource) -> str:
    """The id of the box a question's "Other" answer opens, the one the loader adds."""
    return f"{question.get('id')}{OTHER_SUFFIX}"


def all_questions(source: Source) -> Iterator[QuestionSource]:
    """Every question of a source, in order."""
    for section in source.get("sections", []):
        yield from section.get("questions", [])


def find_question(source: Source, question_id: str) -> QuestionSource | None:
    """A question's source, or None."""
    return next((q for q in all_questions(source) if q.get("id") == question_id), None)


def section_of(source: Source, question_id: str) -> str | None:
    """The id of the section a question is in, or None."""
    for section in source.get("sections", []):
        if _has(section, question_id):
            return str(section.get("id"))
    return None


def questions_before(source: Source, question_id: str | None) -> list[QuestionSource]:
    """The questions asked before one (all of them for a question not yet added)."""
    earlier = []
    for question in all_questions(source):
        if question.get("id") == question_id:
            break
        earlier.append(question)
    return earlier


def with_question(source: Source, section_id: str, question: QuestionSource) -> Source:
    """The source with a question replaced where it is, or added at the end of a section."""
    changed = copy.deepcopy(source)
    for section in changed["sections"]:
        questions = section["questions"]
        for index, existing in enumerate(questions):
            if existing.get("id") == question["id"]:
                questions[index] = copy.deepcopy(question)
                return changed
    for section in changed["sections"]:
        if section.get("id") == section_id:
            section["questions"].append(copy.deepcopy(question))
            return changed
    raise KeyError(section_id)


def without_question(source: Source, question_id: str) -> Source:
    """The source without a question; rules that named it are left for the checks to find."""
    changed = copy.deepcopy(source)
    for section in changed["sections"]:
        section["questions"] = [q for q in section["questions"] if q.get("id") != question_id]
    return changed


def moved_question(source: Source, question_id: str, by: int) -> Source:
    """The source with a question moved up (-1) or down (+1) one place; from the top or bottom
    of a section it moves to the end or start of the section next to it."""
    changed = copy.deepcopy(source)
    sections = changed["sections"]
    s = next(i for i, section in enumerate(sections) if _has(section, question_id))
    questions = sections[s]["questions"]
    q = next(i for i, question in enumerate(questions) if question.get("id") == question_id)
    if 0 <= q + by < len(questions):
        questions.insert(q + by, questions.pop(q))
    elif 0 <= s + by < len(sections):
        moving = questions.pop(q)
        neighbour = sections[s + by]["questions"]
        neighbour.insert(len(neighbour) if by < 0 else 0, moving)
    return changed


def _has(section: dict[str, Any], question_id: str) -> bool:
    return any(q.get("id") == question_id for q in section.get("questions", []))


def with_section(source: Source, section: dict[str, Any]) -> Source:
    """The source with a section's title and description replaced, or a new section at the end."""
    changed = copy.deepcopy(source)
    for existing in changed["sections"]:
        if existing.get("id") == section["id"]:
            existing.update({k: v for k, v in section.items() if k != "questions"})
            if "description" not in section:
                existing.pop("description", None)
            return changed
    changed["sections"].append({"questions": [], **copy.deepcopy(section)})
    return changed


def without_section(source: Source, section_id: str) -> Source:
    """The source without a section and its questions."""
    changed = copy.deepcopy(source)
    changed["sections"] = [s for s in changed["sections"] if s.get("id") != section_id]
    return changed


def moved_section(source: Source, section_id: str, by: int) -> Source:
    """The source with a section moved up (-1) or down (+1)."""
    changed = copy.deepcopy(source)
    sections = changed["sections"]
    where = next(i for i, s in enumerate(sections) if s.get("id") == section_id)
    target = where + by
    if 0 <= target < len(sections):
        sections.insert(target, sections.pop(where))
    return changed


def with_sections_of(source: Source, other: Source) -> Source:
    """The source with another form's sections added at the end (the equalities block)."""
    changed = copy.deepcopy(source)
    changed["sections"].extend(copy.deepcopy(other["sections"]))
    return changed


def options_from_lines(lines: Iterable[str], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Options typed one a line, keeping each existing option's stored value: by its label, or by
    its place when it was reworded, so answers already given still count with it."""
    labels = [line.strip() for line in lines if line.strip()]
    old_by_label = {english(o.get("label")): o for o in old}
    taken: set[str] = set()
    options = []
    for index, label in enumerate(labels):
        kept = old_by_label.get(label)
        if kept is None and index < len(old) and english(old[index].get("label")) not in labels:
            kept = old[index]
        value = str(kept["value"]) if kept else ""
        if not value or value in taken or not OPTION_VALUE.fullmatch(value):
            value = words_id(label, taken | {o["value"] for o in old}, separator="-")
        taken.add(value)
        options.append({"value": value, "label": _relabelled(kept, label)})
    return options


def _relabelled(kept: dict[str, Any] | None, label: str) -> dict[str, str]:
    """An option's label in English, with its translations while the English is unchanged."""
    if kept is None or english(kept.get("label")) != label:
        return {"en": label}
    old = kept["label"]
    return {**old, "en": label} if isinstance(old, dict) else {"en": label}


def english(text: Any) -> str:
    """The English of a text as a source holds it: plain, or a mapping of languages."""
    if isinstance(text, dict):
        return str(text.get("en", ""))
    return str(text or "")
