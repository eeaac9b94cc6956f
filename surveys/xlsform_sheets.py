"""The rows of an XLSForm sheet, read by column heading, with text in each of its languages."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from surveys.imported import LeftOut
from surveys.reading import describe
from surveys.workbooks import Sheet
from surveys.xlsform_format import read_heading

# A column: its heading's base (like `label`) and its language (None for a column without one).
Key = tuple[str, str | None]


@dataclass(frozen=True)
class FormRow:
    """One row of a sheet: its cells by column and language, and any formulas it holds."""

    sheet: str
    number: int
    cells: dict[Key, str]
    headings: Mapping[Key, str] = field(repr=False)
    formulas: list[tuple[str, str]] = field(default_factory=list)  # (heading, formula)

    def value(self, base: str) -> str | None:
        """The text in a column that has no language, like `type` or `name`, stripped."""
        text = self.cells.get((base, None))
        return text.strip() if text is not None else None

    def text(self, base: str) -> str | dict[str, str] | None:
        """A column's text in every language, exactly as written: plain when in English only."""
        texts = {
            language: text
            for (column, language), text in self.cells.items()
            if column == base and language is not None
        }
        if not texts:
            return None
        if set(texts) == {"en"}:
            return texts["en"]
        return {language: texts[language] for language in sorted(texts)}

    def unknown(self, known: Collection[str]) -> list[tuple[str, str]]:
        """The (heading, text) of the cells in columns outside `known`."""
        return [
            (self.headings[key], text) for key, text in self.cells.items() if key[0] not in known
        ]

    def left_out(self, subject: str, message: str) -> LeftOut:
        """A note that something in this row was left out."""
        return LeftOut(self.sheet, self.number, subject, message)


def formula_notes(row: FormRow) -> list[LeftOut]:
    """Notes on the cells of a row that hold a formula (or an error) instead of a value."""
    return [
        row.left_out(
            f"column '{heading}'",
            f"the cell holds a formula ({describe(formula)}), which Engage does not run; it was "
            "left out. Type in the text or value instead",
        )
        for heading, formula in row.formulas
    ]


@dataclass(frozen=True)
class Table:
    """A sheet's rows, read by heading, and notes on columns that could not be read."""

    name: str
    rows: list[FormRow]
    left_out: list[LeftOut]


def read_table(sheet: Sheet, default_language: str, ignored: Collection[str] = ()) -> Table:
    """The rows of a sheet; a plain `label` column is taken to be in `default_language`."""
    keys, notes = _columns(sheet, default_language, ignored)
    headings = {key: sheet.headings[index] for index, key in keys.items()}
    rows = []
    for row in sheet.rows:
        cells = {keys[i]: text for i, text in row.values.items() if i in keys}
        formulas = [(sheet.headings.get(i, f"column {i}"), f) for i, f in row.formulas.items()]
        notes.extend(_unheaded(sheet, row.number, row.values))
        if cells or formulas:
            rows.append(FormRow(sheet.name, row.number, cells, headings, formulas))
    return Table(sheet.name, rows, notes)


def _columns(
    sheet: Sheet, default_language: str, ignored: Collection[str]
) -> tuple[dict[int, Key], list[LeftOut]]:
    """Each column's key by its index, and notes on headings that cannot be used."""
    keys: dict[int, Key] = {}
    notes: list[LeftOut] = []
    for index, written in sorted(sheet.headings.items()):
        heading = read_heading(written)
        if heading.base in ignored or heading.base.startswith("$"):
            continue  # bookkeeping KoBoToolbox adds, like $kuid: it says nothing about the form
        if heading.problem:
            notes.append(_column_note(sheet, written, f"it was left out: {heading.problem}"))
            continue
        language = heading.language or (default_language if _translated(heading.base) else None)
        key = (heading.base, language)
        if key in keys.values():
            message = "is a second column for the same text: it was left out; keep one"
            notes.append(_column_note(sheet, written, message))
            continue
        keys[index] = key
    return keys, notes


def _translated(base: str) -> bool:
    """Whether a plain column of this kind holds text in the form's default language."""
    return read_heading(f"{base}::en").language == "en"


def _column_note(sheet: Sheet, written: str, message: str) -> LeftOut:
    """A note on a column heading."""
    return LeftOut(sheet.name, sheet.heading_row, f"column '{written}'", message)


def _unheaded(sheet: Sheet, number: int, values: Mapping[int, Any]) -> list[LeftOut]:
    """Notes on cells in columns with no heading, which cannot be read."""
    message = "has no heading above it: it was left out; give the column a heading"
    return [
        LeftOut(sheet.name, number, f"column {index}", f"the cell {describe(text)} {message}")
        for index, text in values.items()
        if index not in sheet.headings
    ]
