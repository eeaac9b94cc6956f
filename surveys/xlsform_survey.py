"""Walking an XLSForm's survey sheet: groups become sections, notes become descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from surveys.imported import LeftOut
from surveys.reading import describe
from surveys.xlsform_format import APPEARANCE, LABEL, NAME, RELEVANT, TYPE, XlsType, read_type
from surveys.xlsform_left_out import IN_REPEAT, REPEAT, TYPES, column_message, unknown_type
from surveys.xlsform_questions import BASE_TYPES, GroupRule, Known, Options, read_question
from surveys.xlsform_sheets import FormRow, Table, formula_notes

Text = str | dict[str, str]
GROUP_COLUMNS = {TYPE, NAME, LABEL, RELEVANT, APPEARANCE}
NOTE_COLUMNS = {TYPE, NAME, LABEL, RELEVANT}
# Engage already shows a section's questions together on a page where it can.
GROUP_APPEARANCES = {"field-list"}
IMPLICIT_SECTION = "questions"


@dataclass
class _Section:
    """A section being read: from a group, or from questions outside any group."""

    id: str | None  # None for questions outside any group, named once all are read
    title: Text | None
    row: int
    description: list[Text] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Group:
    """An open `begin group` or `begin repeat`."""

    kind: str  # "section", "nested" or "repeat"
    name: str
    rule: GroupRule | None = None


@dataclass
class Survey:
    """What the survey sheet holds: the form's description, its sections, and the notes."""

    description: list[Text]
    sections: list[dict[str, Any]]
    left_out: list[LeftOut]


@dataclass
class _Walk:
    """The state of reading the survey sheet row by row."""

    choices: dict[str, Options]
    title: Text
    known: Known = field(default_factory=Known)
    description: list[Text] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    notes: list[LeftOut] = field(default_factory=list)

    def row(self, row: FormRow) -> None:
        """Read one row."""
        self.notes.extend(formula_notes(row))
        xls = read_type(row.value(TYPE) or "")
        repeat = next((group for group in self.groups if group.kind == "repeat"), None)
        if repeat is not None and xls.kind not in {"end repeat", "begin repeat"}:
            self._in_repeat(row, repeat, xls.kind)
        elif xls.kind in _ROWS:
            _ROWS[xls.kind](self, row)
        elif xls.kind in BASE_TYPES:
            self._question(row, xls)
        else:
            self._unsupported(row, xls.kind)

    def _question(self, row: FormRow, xls: XlsType) -> None:
        """A question, in the open section or one for questions outside any group."""
        rules = [group.rule for group in self.groups if group.rule is not None]
        question, notes = read_question(row, xls, self.choices, self.known, rules)
        self.notes.extend(notes)
        if question is not None:
            self._open_section(row).questions.append(question)

    def _open_section(self, row: FormRow) -> _Section:
        """The section a row belongs to, opening one for rows outside any group."""
        if not self.groups and (not self.sections or self.sections[-1].id is not None):
            self.sections.append(_Section(None, None, row.number))
        return self.sections[-1]

    def _begin_group(self, row: FormRow) -> None:
        """A group: a new section, or (inside another group) part of the one it is in."""
        name = row.value(NAME) or ""
        relevant = row.value(RELEVANT)
        rule = GroupRule(name, row.number, relevant) if relevant else None
        self._note_columns(row, GROUP_COLUMNS, _subject(row))
        self._note_group_appearance(row)
        if self.groups:
            outer = self.groups[0].name
            self.notes.append(
                row.left_out(
                    _subject(row),
                    f"Engage has no groups within groups: its questions were kept in the section "
                    f"'{outer}', and its label was left out",
                )
            )
            self.groups.append(_Group("nested", name, rule))
            return
        self.groups.append(_Group("section", name, rule))
        self.sections.append(_Section(section_id(name, row.number), row.text(LABEL), row.number))

    def _note_group_appearance(self, row: FormRow) -> None:
        """Note a group's appearance that Engage takes no meaning from."""
        for word in (row.value(APPEARANCE) or "").split():
            if word not in GROUP_APPEARANCES:
                self.notes.append(
                    row.left_out(
                        _subject(row),
                        f"the appearance '{word}' was left out: Engage lays out pages itself",
                    )
                )

    def _end_group(self, row: FormRow) -> None:
        """The end of the innermost open group."""
        if not self.groups or self.groups[-1].kind == "repeat":
            self.notes.append(
                row.left_out("end group", "there is no group open to end: it was left out")
            )
            return
        self.groups.pop()

    def _begin_repeat(self, row: FormRow) -> None:
        """A repeat, which is left out with every row inside it."""
        name = row.value(NAME) or ""
        self.notes.append(row.left_out(_subject(row), REPEAT))
        self.known.left_out.add(name)
        self.groups.append(_Group("repeat", name))

    def _end_repeat(self, row: FormRow) -> None:
        """The end of the innermost open repeat."""
        if not self.groups or self.groups[-1].kind != "repeat":
            self.notes.append(
                row.left_out("end repeat", "there is no repeat open to end: it was left out")
            )
            return
        self.groups.pop()

    def _in_repeat(self, row: FormRow, repeat: _Group, kind: str) -> None:
        """A row inside a repeat: left out with it."""
        if kind == "begin group":
            self.groups.append(_Group("nested", row.value(NAME) or ""))
        elif kind == "end group" and self.groups[-1].kind == "nested":
            self.groups.pop()
        elif kind:
            self.known.left_out.add(row.value(NAME) or "")
            self.notes.append(row.left_out(_subject(row), IN_REPEAT.format(repeat.name)))

    def _note(self, row: FormRow) -> None:
        """A note: the form's description at the start, else its section's description."""
        self.known.left_out.add(row.value(NAME) or "")
        self._note_columns(row, NOTE_COLUMNS, _subject(row))
        text = row.text(LABEL)
        if row.value(RELEVANT):
            self.notes.append(
                row.left_out(
                    _subject(row), "its relevant was left out: Engage always shows a description"
                )
            )
        if text is None:
            self.notes.append(row.left_out(_subject(row), "it has no label, so it was left out"))
        elif not self.groups and not self.sections:
            self.description.append(text)
        else:
            section = self._open_section(row)
            if section.questions:
                self.notes.append(
                    row.left_out(
                        _subject(row),
                        "Engage shows text only above a section's questions: the note was moved "
                        "to the description of its section",
                    )
                )
            section.description.append(text)

    def _unsupported(self, row: FormRow, kind: str) -> None:
        """A row of a type Engage has no question for."""
        self.known.left_out.add(row.value(NAME) or "")
        if not kind:
            message = "it has no type, so it was left out: give it a type, like text"
        else:
            message = TYPES.get(kind) or unknown_type(kind)
        self.notes.append(row.left_out(_subject(row), message))

    def _note_columns(self, row: FormRow, known: set[str], subject: str) -> None:
        """Note each filled-in column a row of this kind has no place for."""
        for heading, text in row.unknown(known):
            message = column_message(heading)
            self.notes.append(
                row.left_out(subject, f"the column '{heading}' ({describe(text)}): {message}")
            )

    def finish(self) -> Survey:
        """The survey read, once every row has been."""
        for group in reversed(self.groups):
            if group.kind != "nested":
                kind = "repeat" if group.kind == "repeat" else "group"
                message = f"the {kind} '{group.name}' has no end: add an end {kind} row"
                self.notes.append(LeftOut("survey", None, "", message))
        sections = [
            _section_data(section, self.title, self.notes) for section in _named(self.sections)
        ]
        return Survey(self.description, [s for s in sections if s is not None], self.notes)


_ROWS = {
    "begin group": _Walk._begin_group,
    "end group": _Walk._end_group,
    "begin repeat": _Walk._begin_repeat,
    "end repeat": _Walk._end_repeat,
    "note": _Walk._note,
}


def read_survey(table: Table, choices: dict[str, Options], title: Text) -> Survey:
    """The sections, description and notes of a survey sheet."""
    walk = _Walk(choices, title)
    walk.notes.extend(table.left_out)
    for row in table.rows:
        walk.row(row)
    return walk.finish()


def section_id(name: str, number: int) -> str:
    """A group's name as an Engage section id: lower case, with underscores for the rest."""
    text = re.sub(r"[^a-z0-9_-]", "_", name.strip().lower())
    if not text:
        return f"section_{number}"
    return text if re.match(r"[a-z]", text) else f"s_{text}"


def _named(sections: list[_Section]) -> list[_Section]:
    """The sections, those for questions outside any group given ids no group has."""
    taken = {section.id for section in sections if section.id is not None}
    count = 0
    for section in sections:
        if section.id is None:
            count += 1
            candidate = IMPLICIT_SECTION if count == 1 else f"{IMPLICIT_SECTION}_{count}"
            while candidate in taken:
                candidate += "_"
            section.id = candidate
            taken.add(candidate)
    return sections


def _section_data(section: _Section, title: Text, notes: list[LeftOut]) -> dict[str, Any] | None:
    """A section as a definition has it, or None (noted) when it has no questions."""
    if not section.questions:
        notes.append(
            LeftOut(
                "survey",
                section.row,
                f"group '{section.id}'",
                "it has no questions Engage can ask, so it was left out",
            )
        )
        return None
    data: dict[str, Any] = {"id": section.id, "title": section.title or title}
    if section.description:
        data["description"] = join_texts(section.description)
    data["questions"] = section.questions
    return data


def join_texts(texts: list[Text]) -> Text:
    """Several texts as one, a blank line between each; English stands in for a missing language."""
    languages = sorted({language for text in texts if isinstance(text, dict) for language in text})
    if not languages:
        return "\n\n".join(str(text) for text in texts)
    joined = {}
    for language in ["en", *[code for code in languages if code != "en"]]:
        parts = [_in(text, language) for text in texts]
        joined[language] = "\n\n".join(part for part in parts if part)
    return {language: text for language, text in joined.items() if text}


def _in(text: Text, language: str) -> str | None:
    """A text in one language, falling back to English."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get("en")


def _subject(row: FormRow) -> str:
    """How a row is named in a note: its type and its name."""
    name = row.value(NAME)
    return f"{row.value(TYPE)} {describe(name)}" if name else str(row.value(TYPE) or "")
