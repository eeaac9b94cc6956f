"""Reading an XLSForm workbook (as KoBoToolbox and ODK users write them) into a definition.

What Engage has no place for is left out and listed row by row with what to do; the definition
is then checked by the same loader as a YAML file, so the two cannot behave differently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from surveys.definition import definition_from_dict
from surveys.form_errors import DefinitionError, Problem
from surveys.imported import Imported, LeftOut
from surveys.loader import list_options
from surveys.model import FormDefinition, QuestionType
from surveys.reading import describe
from surveys.schema import DEFAULT_LIST, MOST_VERSION
from surveys.workbooks import Sheet, read_workbook
from surveys.xlsform_format import (
    CHOICES,
    DEFAULT_LANGUAGE,
    FORM_ID,
    FORM_TITLE,
    LABEL,
    LIST_NAME,
    NAME,
    SETTINGS,
    SURVEY,
    VERSION,
    language_code,
)
from surveys.xlsform_left_out import CHOICE_COLUMN, SOUND_OR_PICTURE, column_message
from surveys.xlsform_questions import Options, option_pairs
from surveys.xlsform_sheets import FormRow, formula_notes, read_table
from surveys.xlsform_survey import join_texts, read_survey

SETTINGS_COLUMNS = {FORM_ID, FORM_TITLE, VERSION, DEFAULT_LANGUAGE}
CHOICE_COLUMNS = {LIST_NAME, NAME, LABEL}
FORM_SHEETS = {SURVEY, CHOICES, SETTINGS}
OTHER_SHEET = "this sheet was left out: Engage reads only the survey, choices and settings sheets"


def load_xlsform(content: bytes, name: str) -> tuple[FormDefinition, list[LeftOut]]:
    """Read and check an XLSForm, and say what was left out; raise `DefinitionError` listing
    every problem (and what was left out)."""
    imported = read_xlsform(content, name)
    try:
        return definition_from_dict(imported.source, origin=name), imported.left_out
    except DefinitionError as error:
        raise DefinitionError(error.problems, imported.left_out) from None


def read_xlsform(content: bytes, name: str) -> Imported:
    """An XLSForm's definition, not yet checked, and what was left out of it."""
    sheets = _sheets(read_workbook(content, name), name)
    notes = [
        LeftOut(sheet.name, None, "", OTHER_SHEET)
        for key, sheet in sheets.items()
        if key not in FORM_SHEETS and sheet.rows
    ]
    source, language = _settings(sheets.get(SETTINGS), name, notes)
    choices = _choices(sheets.get(CHOICES), language, notes)
    survey = read_survey(read_table(sheets[SURVEY], language), choices, source["title"])
    notes.extend(survey.left_out)
    if survey.description:
        source["description"] = join_texts(survey.description)
    source["sections"] = survey.sections
    _add_ward_options(source, choices, notes)
    return Imported(source, sorted(notes, key=_sheet_order))


def _sheet_order(note: LeftOut) -> int:
    """Where a note comes in the list: the survey's first, then the choices', then the rest."""
    order = [SURVEY, CHOICES, SETTINGS]
    return order.index(note.sheet) if note.sheet in order else len(order)


def _sheets(book: dict[str, Sheet], name: str) -> dict[str, Sheet]:
    """The sheets by their names in lower case; refuse a workbook that has no survey."""
    sheets = {title.strip().lower(): sheet for title, sheet in reversed(book.items())}
    survey = sheets.get(SURVEY)
    if survey is None:
        problem = "has no sheet called 'survey': an XLSForm has survey, choices and settings sheets"
        raise DefinitionError([Problem(name, None, problem)])
    if "type" not in {heading.strip().lower() for heading in survey.headings.values()}:
        problem = (
            "the survey sheet has no 'type' column: its first row must hold the column "
            "headings, like type, name and label"
        )
        raise DefinitionError([Problem(name, None, problem)])
    return sheets


def _settings(sheet: Sheet | None, name: str, notes: list[LeftOut]) -> tuple[dict[str, Any], str]:
    """The form's id, version and title from the settings sheet, and its default language."""
    # XLSForm has no translated form_title, so a plain one is taken to be English, whatever the
    # default language of the survey's plain label and hint columns.
    row = _settings_row(sheet, notes)
    written = row.value(DEFAULT_LANGUAGE) if row else None
    language = language_code(written) if written else "en"
    if language is None:
        message = f"default_language {describe(written)} was left out: write it like 'English (en)'"
        notes.append(_setting_note(row, message))
        language = "en"
    form_id = _form_id(row.value(FORM_ID) if row else None, name, row, notes)
    title = row.text(FORM_TITLE) if row else None
    if title is None:
        notes.append(_setting_note(row, f"no form_title: Engage used the form's id, '{form_id}'"))
    if row is not None:
        for heading, text in row.unknown(SETTINGS_COLUMNS):
            message = column_message(heading, settings=True)
            notes.append(_setting_note(row, f"{heading} {describe(text)}: {message}"))
    version = _version(row.value(VERSION) if row else None, row, notes)
    return {"id": form_id, "version": version, "title": title or form_id}, language


def _settings_row(sheet: Sheet | None, notes: list[LeftOut]) -> FormRow | None:
    """The settings sheet's one row, noting any rows after it."""
    if sheet is None:
        return None
    table = read_table(sheet, "en")
    notes.extend(table.left_out)
    for row in table.rows:
        notes.extend(formula_notes(row))
    for row in table.rows[1:]:
        notes.append(row.left_out("", "the settings sheet has one row; this one was left out"))
    return table.rows[0] if table.rows else None


def _setting_note(row: FormRow | None, message: str) -> LeftOut:
    """A note on the settings."""
    return LeftOut(SETTINGS, row.number if row else None, "", message)


def _form_id(written: str | None, name: str, row: FormRow | None, notes: list[LeftOut]) -> str:
    """The form's id: its form_id (else the file's name) in lower case with hyphens."""
    original = written or Path(name).stem
    form_id = re.sub(r"[^a-z0-9]+", "-", original.lower()).strip("-") or "imported-form"
    if not written:
        notes.append(
            _setting_note(row, f"no form_id: Engage used '{form_id}', from the file's name")
        )
    elif form_id != written:
        notes.append(
            _setting_note(
                row,
                f"form_id {describe(written)} became '{form_id}': Engage's form ids are "
                "lower-case letters, digits and hyphens",
            )
        )
    return form_id


def _version(written: str | None, row: FormRow | None, notes: list[LeftOut]) -> int:
    """The form's version: a whole number from 1 to the most a form may have, else 1."""
    if written and re.fullmatch(r"\d+", written) and 1 <= int(written) <= MOST_VERSION:
        return int(written)
    found = f"the version {describe(written)} is not" if written else "there is no version,"
    notes.append(
        _setting_note(
            row,
            f"{found} a whole number from 1 to {MOST_VERSION:,}, so Engage gave it version 1: "
            "write a version like 2, and raise it each time you change the form",
        )
    )
    return 1


def _choices(sheet: Sheet | None, language: str, notes: list[LeftOut]) -> dict[str, Options]:
    """The choice lists, by name, each a list of {value, label} options."""
    if sheet is None:
        return {}
    table = read_table(sheet, language)
    notes.extend(table.left_out)
    lists: dict[str, Options] = {}
    extra: dict[str, list[int]] = {}
    for row in table.rows:
        notes.extend(formula_notes(row))
        list_name, value, label = row.value(LIST_NAME), row.value(NAME), row.text(LABEL)
        for heading, _ in row.unknown(CHOICE_COLUMNS):
            extra.setdefault(heading, []).append(row.number)
        if not list_name or not value:
            notes.append(row.left_out("", "a choice needs a list_name and a name: it was left out"))
            continue
        option = {"value": value} if label is None else {"value": value, "label": label}
        lists.setdefault(list_name, []).append(option)
    for heading, rows in extra.items():
        message = SOUND_OR_PICTURE if heading.lower().startswith("media::") else CHOICE_COLUMN
        notes.append(
            LeftOut(
                sheet.name, None, f"column '{heading}'", f"filled in on {_rows(rows)}: {message}"
            )
        )
    return lists


def _rows(numbers: list[int]) -> str:
    """Row numbers as a short phrase, like "rows 2 to 40" or "row 7"."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]} to {numbers[-1]}"
    return "rows " + ", ".join(str(number) for number in numbers)


def _add_ward_options(
    source: dict[str, Any], choices: dict[str, Options], notes: list[LeftOut]
) -> None:
    """Give each ward question its list's options, noting choices in the workbook that differ."""
    for section in source["sections"]:
        for question in section["questions"]:
            if question["type"] != QuestionType.WARD:
                continue
            name = question.get("list", DEFAULT_LIST)
            try:
                question["options"] = list_options(name)
            except DefinitionError:
                continue  # the loader says the list is missing, naming the question
            if name in choices and option_pairs(choices[name]) != option_pairs(question["options"]):
                notes.append(
                    LeftOut(
                        CHOICES,
                        None,
                        f"list '{name}'",
                        f"these choices were left out for the ward question '{question['id']}': "
                        f"it offers Engage's list lists/{name}.yaml. To offer other answers, "
                        "leave its engage::type empty",
                    )
                )
