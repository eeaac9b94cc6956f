"""Checking an expanded definition and building a `FormDefinition` from it."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from surveys.conditions import check_operands, check_order
from surveys.form_errors import DefinitionError, ProblemLog
from surveys.model import FormDefinition, Section, Text
from surveys.questions import Entry, read_question
from surveys.reading import check_keys, describe, read_count, read_id
from surveys.schema import (
    FORM_ID,
    FORM_ID_RULE,
    FORM_KEYS,
    FORM_REQUIRED,
    MOST_TITLE_LENGTH,
    MOST_VERSION,
    SECTION_ID,
    SECTION_ID_RULE,
    SECTION_KEYS,
    SECTION_REQUIRED,
)
from surveys.texts import read_text, section_texts, text_languages


def definition_from_dict(data: Mapping[str, Any], origin: str = "<dict>") -> FormDefinition:
    """Check an expanded definition (like `FormDefinition.source`) and build it."""
    log = ProblemLog(origin)
    definition = build_definition(data, log)
    if definition is None or log.problems:
        raise DefinitionError(log.problems)
    return definition


def build_definition(
    data: Any, log: ProblemLog, section_files: Sequence[str] = ()
) -> FormDefinition | None:
    """Check a definition, noting every problem in `log`; the definition when there are none."""
    if not isinstance(data, Mapping):
        log.add("must be a mapping with id, version, title and sections")
        return None
    if "include" in data:
        log.add("'include' is resolved only when loading files: use load_definition")
    check_keys(data, FORM_KEYS | {"include"}, FORM_REQUIRED, log)
    form_id = read_id(data, FORM_ID, FORM_ID_RULE, log)
    version = read_count(data, "version", log, most=MOST_VERSION)
    title = read_text(data, "title", log)
    _check_title_length(title, log)
    description = read_text(data, "description", log, required=False)
    sections = _read_sections(data["sections"], section_files, log) if "sections" in data else ()
    if log.problems or form_id is None or version is None or title is None:
        return None
    return FormDefinition(
        id=form_id,
        version=version,
        title=title,
        sections=sections,
        description=description,
        languages=text_languages([title, description, *section_texts(sections)]),
        source=copy.deepcopy(dict(data)),
    )


def _check_title_length(title: Text | None, log: ProblemLog) -> None:
    """Note a title too long to store, in any of its languages."""
    for language, text in title.translations.items() if title else ():
        if len(text) > MOST_TITLE_LENGTH:
            log.add(
                f"'title' ({language}) is {len(text):,} characters long: "
                f"use {MOST_TITLE_LENGTH} or fewer"
            )


def _read_sections(value: Any, files: Sequence[str], log: ProblemLog) -> tuple[Section, ...]:
    """The sections, checking ids across all of them and every `show_if`."""
    if not isinstance(value, list) or not value:
        log.add("'sections' must be a list with at least one section")
        return ()
    sections: list[Section] = []
    entries: list[Entry] = []
    for index, item in enumerate(value, start=1):
        file_log = log.at(file=files[index - 1]) if index <= len(files) else log
        read = _read_section(item, index, file_log)
        if read is None:
            continue
        section, section_entries = read
        if section.id and section.id in {earlier.id for earlier in sections}:
            message = "is used more than once: give each section its own id"
            file_log.add(f"section {describe(section.id)} {message}")
        sections.append(section)
        entries.extend(section_entries)
    _check_entries(entries)
    return tuple(sections)


def _read_section(item: Any, index: int, log: ProblemLog) -> tuple[Section, list[Entry]] | None:
    """One section and the entries of its questions, or None when it is not a mapping."""
    if not isinstance(item, Mapping):
        log.add(f"section {index} must be a mapping with id, title and questions")
        return None
    section_id = item.get("id") if isinstance(item.get("id"), str) else None
    name = f"section {describe(section_id)}" if section_id else f"section {index}"
    section_log = log.at(prefix=f"{name}: ")
    check_keys(item, SECTION_KEYS, SECTION_REQUIRED, section_log)
    read_id(item, SECTION_ID, SECTION_ID_RULE, section_log)
    title = read_text(item, "title", section_log)
    description = read_text(item, "description", section_log, required=False)
    questions = item.get("questions")
    entries: list[Entry] = []
    if "questions" in item and (not isinstance(questions, list) or not questions):
        section_log.add("'questions' must be a list with at least one question")
    elif isinstance(questions, list):
        for number, data in enumerate(questions, start=1):
            place = f"question {number} in {name}"
            entries.extend(read_question(data, section_id or "", place, log))
    built = tuple(entry.question for entry in entries if entry.question is not None)
    section = Section(section_id or "", title or Text({"en": name}), built, description)
    return section, entries


def _check_entries(entries: list[Entry]) -> None:
    """Note question ids used twice and `show_if` rules that name no earlier question."""
    known = {entry.id for entry in entries if entry.id is not None}
    earlier: dict[str, Entry] = {}
    for entry in entries:
        rule = entry.condition
        if rule is not None and check_order(rule, entry.id, earlier, known, entry.log):
            target = earlier[rule.question].question
            if target is not None:
                check_operands(rule, target, entry.log)
        if entry.id is not None and entry.id in earlier:
            _note_duplicate(entry, earlier[entry.id])
        elif entry.id is not None:
            earlier[entry.id] = entry


def _note_duplicate(entry: Entry, original: Entry) -> None:
    """Note that a question's id was used by an earlier question."""
    where = f" in {original.log.file}" if original.log.file != entry.log.file else ""
    parent = entry.added_by or original.added_by
    note = f" ('other: true' on '{parent}' adds a question '{entry.id}')" if parent else ""
    entry.log.add(
        f"the id '{entry.id}' is already used by an earlier question{where}{note}: "
        "give each question its own id"
    )
