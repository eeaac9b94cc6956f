"""Writing a definition as an XLSForm workbook that `read_xlsform` reads back to the same form.

Each Engage question is written with XLSForm's own types and columns where they say the same
thing, so KoBoToolbox and ODK can open it too; `engage::type` says what XLSForm cannot.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from surveys.model import FormDefinition, QuestionType
from surveys.scales import SCALES
from surveys.schema import DEFAULT_LIST, OTHER_SUFFIX
from surveys.workbooks import ESCAPE
from surveys.xlsform_expressions import constraint_text, relevant_text
from surveys.xlsform_format import (
    APPEARANCE,
    CHOICES,
    CONSTRAINT,
    DEFAULT_LANGUAGE,
    ENGAGE_TYPE,
    FORM_ID,
    FORM_TITLE,
    HINT,
    LABEL,
    LIKERT,
    LIST_NAME,
    MULTILINE,
    NAME,
    OR_OTHER,
    RELEVANT,
    REQUIRED,
    SETTINGS,
    SURVEY,
    TYPE,
    VERSION,
    YES_NO_LIST,
    language_heading,
    language_name,
)

Row = dict[str, Any]
YES_NO_OPTIONS = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
# A cell starting with one of these would be a formula if someone edited it in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")
# The Engage types written as another XLSForm type with `engage::type` to say which.
MARKED_TYPES = {QuestionType.YES_NO, QuestionType.WARD, QuestionType.POSTCODE}
PLAIN_TYPES = {
    QuestionType.FREE_TEXT: "text",
    QuestionType.POSTCODE: "text",
    QuestionType.DATE: "date",
    QuestionType.CONSENT: "acknowledge",
}
OWN_LIST_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.SCALE}
# Control characters, which XML cannot hold, a carriage return, which reading XML turns into a
# line break, and the two code points that are not characters.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
LAST_COLUMNS = (REQUIRED, RELEVANT, CONSTRAINT, APPEARANCE, ENGAGE_TYPE)


def definition_xlsform(definition: FormDefinition) -> bytes:
    """A definition as an XLSForm's .xlsx bytes: survey, choices and settings sheets."""
    writer = _Writer(definition.languages, _all_questions(definition.source))
    survey = writer.survey_rows(definition.source)
    choices = [
        row for name, options in writer.lists.items() for row in writer.choices(name, options)
    ]
    settings = [writer.settings_row(definition.source)]
    labels, hints = writer.text_columns(LABEL), writer.text_columns(HINT)
    book = Workbook()
    book.remove(book.active)
    _sheet(book, SURVEY, survey, [TYPE, NAME, *labels, *hints, *LAST_COLUMNS])
    _sheet(book, CHOICES, choices, [LIST_NAME, NAME, *labels])
    _sheet(book, SETTINGS, settings, [FORM_ID, FORM_TITLE, VERSION, DEFAULT_LANGUAGE])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _all_questions(source: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every question of a definition, in order."""
    return [
        question
        for section in source.get("sections", [])
        for question in section.get("questions", [])
    ]


@dataclass
class _Writer:
    """Builds the rows of each sheet, naming choice lists and notes so that none collide."""

    languages: tuple[str, ...]
    questions: list[Mapping[str, Any]]
    lists: dict[str, list[Any]] = field(default_factory=dict)
    list_names: dict[str, str] = field(default_factory=dict)  # question id -> its list's name
    names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.types: dict[str, str] = {}
        for question in self.questions:
            question_id, kind = str(question.get("id")), str(question.get("type"))
            self.types[question_id] = kind
            self.types[question_id + OTHER_SUFFIX] = QuestionType.FREE_TEXT
        self.names = set(self.types)
        # Shared lists first, so that a question's own list never takes a shared list's name.
        for question in self.questions:
            shared = _shared_list(question)
            if shared is not None:
                self.list_names[str(question["id"])] = shared[0]
                self.lists.setdefault(shared[0], shared[1])
        for question in self.questions:
            if question.get("type") in OWN_LIST_TYPES and "options" in question:
                name = _unique(str(question["id"]), set(self.lists))
                self.list_names[str(question["id"])] = name
                self.lists[name] = list(question["options"])

    def text_columns(self, base: str) -> list[str]:
        """The headings of a text column: one, or one a language when there are several."""
        if len(self.languages) == 1:
            return [base]
        return [language_heading(base, code) for code in self.languages]

    def text_cells(self, base: str, text: Any) -> Row:
        """A text's cells: plain text under the English column, or each language under its own."""
        if text is None:
            return {}
        translations = text if isinstance(text, Mapping) else {"en": text}
        if len(self.languages) == 1:
            return {base: translations.get("en")}
        return {language_heading(base, code): value for code, value in translations.items()}

    def survey_rows(self, source: Mapping[str, Any]) -> list[Row]:
        """The survey sheet: the form's description, then each section as a group."""
        rows: list[Row] = []
        if source.get("description") is not None:
            rows.append(self._note("intro", source["description"]))
        for section in source.get("sections", []):
            rows.append(
                {
                    TYPE: "begin group",
                    NAME: section["id"],
                    **self.text_cells(LABEL, section["title"]),
                }
            )
            if section.get("description") is not None:
                rows.append(self._note(f"{section['id']}_intro", section["description"]))
            rows.extend(self.question_row(question) for question in section.get("questions", []))
            rows.append({TYPE: "end group", NAME: section["id"]})
        return rows

    def _note(self, name: str, text: Any) -> Row:
        """A note, named so that no question or other note has its name."""
        unique = _unique(name, self.names)
        self.names.add(unique)
        return {TYPE: "note", NAME: unique, **self.text_cells(LABEL, text)}

    def question_row(self, question: Mapping[str, Any]) -> Row:
        """One question's row."""
        kind = question["type"]
        row: Row = {TYPE: self._type(question), NAME: question["id"]}
        row.update(self.text_cells(LABEL, question.get("label")))
        row.update(self.text_cells(HINT, question.get("hint")))
        if question.get("required") is True:
            row[REQUIRED] = "yes"
        rule = question.get("show_if")
        if isinstance(rule, Mapping):
            row[RELEVANT] = relevant_text(rule, self.types.get(str(rule.get("question")), ""))
        row[CONSTRAINT] = constraint_text(question)
        if question.get("long") is True:
            row[APPEARANCE] = MULTILINE
        elif kind == QuestionType.SCALE:
            row[APPEARANCE] = LIKERT
        if kind in MARKED_TYPES:
            row[ENGAGE_TYPE] = kind
        return {key: value for key, value in row.items() if value is not None}

    def _type(self, question: Mapping[str, Any]) -> str:
        """The type cell: like `text`, `select_one wards` or `select_multiple topics or_other`."""
        kind = question["type"]
        if kind == QuestionType.NUMBER:
            return "decimal" if question.get("integer") is False else "integer"
        if kind in PLAIN_TYPES:
            return PLAIN_TYPES[kind]
        select = "select_multiple" if kind == QuestionType.MULTIPLE_CHOICE else "select_one"
        other = f" {OR_OTHER}" if question.get("other") is True else ""
        return f"{select} {self.list_names[str(question['id'])]}{other}"

    def choices(self, name: str, options: Iterable[Any]) -> list[Row]:
        """The choices sheet's rows for one list."""
        return [
            {LIST_NAME: name, NAME: option["value"], **self.text_cells(LABEL, option.get("label"))}
            for option in options
        ]

    def settings_row(self, source: Mapping[str, Any]) -> Row:
        """The settings sheet's row: id, title, version, and the default language."""
        title = source["title"]
        translations = title if isinstance(title, Mapping) else {"en": title}
        row: Row = {
            FORM_ID: source["id"],
            FORM_TITLE: translations.get("en"),
            VERSION: source["version"],
        }
        for code, text in translations.items():
            if code != "en":
                row[language_heading(FORM_TITLE, code)] = text
        if len(self.languages) > 1:
            row[DEFAULT_LANGUAGE] = language_name("en")
        return row


def _shared_list(question: Mapping[str, Any]) -> tuple[str, list[Any]] | None:
    """The name and options of a list that questions share: a ward list, a scale, yes/no."""
    kind = question.get("type")
    if kind == QuestionType.WARD:
        return str(question.get("list", DEFAULT_LIST)), list(question.get("options", []))
    if kind == QuestionType.SCALE and "scale" in question:
        preset = SCALES[str(question["scale"])]
        return str(question["scale"]), [
            {"value": o.value, "label": dict(o.label.translations)} for o in preset
        ]
    if kind == QuestionType.YES_NO:
        return YES_NO_LIST, YES_NO_OPTIONS
    return None


def escaped(text: str) -> str:
    """Text with the characters XML cannot hold written as OOXML's `_xHHHH_` escapes, as Excel
    writes them, and a literal `_xHHHH_` kept literal."""
    text = ESCAPE.sub(lambda match: "_x005F" + match.group(0), text)
    return UNWRITABLE.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)


def _unique(name: str, taken: set[str]) -> str:
    """A name no other has, adding `_list` until it is."""
    while name in taken:
        name += "_list"
    return name


def _sheet(book: Workbook, title: str, rows: list[Row], order: list[str]) -> None:
    """A sheet with a heading row and the rows below it, using only the columns some row fills."""
    used = {key for row in rows for key in row}
    headings = [heading for heading in order if heading in used]
    headings += sorted(used - set(headings))
    sheet = book.create_sheet(title)
    for column, heading in enumerate(headings, start=1):
        _cell(sheet, 1, column, heading).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, heading in enumerate(headings, start=1):
            if heading in row:
                _cell(sheet, number, column, row[heading])
    sheet.freeze_panes = "A2"


def _cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """A cell holding a value as it is: text is always text, never a formula."""
    if not isinstance(value, str):
        return sheet.cell(row, column, value)
    cell = sheet.cell(row, column, escaped(value))
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
