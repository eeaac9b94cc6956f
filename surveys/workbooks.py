"""Reading the sheets of an .xlsx workbook as text, refusing one that is broken or hostile.

A workbook is a zip of XML files, so a small upload can hold gigabytes (a zip bomb), XML that
expands without end, or macros. Everything is checked before openpyxl opens it, and openpyxl
then reads it in read-only mode within caps on rows, columns and cells, so reading any file
ends quickly with either its sheets or a `DefinitionError` whose problems say what to do.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook

from surveys.form_errors import DefinitionError, Problem

# An XLSForm is a few hundred rows; the largest real-world ones (long choice lists) are a few
# megabytes unpacked. The caps sit well above that and well below what would take long to read.
MOST_WORKBOOK_BYTES = 5_000_000
MOST_UNPACKED_BYTES = 10_000_000
MOST_PARTS = 500
MOST_SHEETS = 20
MOST_ROWS = 5_000
MOST_COLUMNS = 100
MOST_CELLS = 100_000
# Excel's own limit on a cell's text.
MOST_CELL_CHARACTERS = 32_767
ZIP_START = b"PK\x03\x04"
# Old .xls files, and .xlsx files saved with a password, are OLE compound files.
OLE_START = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACROS = (
    "contains macros: Engage does not open workbooks with macros; save it as an Excel Workbook "
    "(.xlsx)"
)
SAVE_AGAIN = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
TOO_BIG = "split the form, or check it is the right file"
# OOXML writes a character XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`).
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# How much of a part is read at a time while looking for a DTD.
CHUNK_BYTES = 65_536


@dataclass(frozen=True)
class SheetRow:
    """One row that is not blank: its number as a spreadsheet shows it, and its cells by column."""

    number: int
    values: dict[int, str]
    formulas: dict[int, str] = field(default_factory=dict)  # cells holding a formula or an error


@dataclass(frozen=True)
class Sheet:
    """A sheet's headings (its first row that is not blank) and the rows below them."""

    name: str
    headings: dict[int, str]
    rows: list[SheetRow]
    heading_row: int = 1


def read_workbook(content: bytes, name: str) -> dict[str, Sheet]:
    """The worksheets of an .xlsx file, by name; raise `DefinitionError` if it cannot be read."""
    _check_package(content, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it skips
            return _read_sheets(content, name)
    except DefinitionError:
        raise
    # openpyxl raises whatever its parsers raise on a damaged file (KeyError, ValueError, XML
    # and zip errors...): any of them means the file cannot be read, which is what to say.
    except Exception as error:
        kind = type(error).__name__
        raise _refusal(name, f"cannot be read as a workbook ({kind}): {SAVE_AGAIN}") from None


def _refusal(name: str, message: str) -> DefinitionError:
    """The error for a file that cannot be read at all."""
    return DefinitionError([Problem(name, None, message)])


def _check_package(content: bytes, name: str) -> None:
    """Refuse a file that is too big, not a zip, damaged, has macros or unpacks too big."""
    if len(content) > MOST_WORKBOOK_BYTES:
        raise _refusal(
            name,
            f"is {len(content):,} bytes: a form's workbook may be at most "
            f"{MOST_WORKBOOK_BYTES:,} bytes; check it is the right file",
        )
    if content.startswith(OLE_START):
        raise _refusal(
            name,
            "is an Excel 97-2003 workbook (.xls) or has a password: remove any password and "
            "save it as an Excel Workbook (.xlsx)",
        )
    if not content.startswith(ZIP_START):
        raise _refusal(name, "is not an .xlsx workbook: save the form as an Excel Workbook (.xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            _check_parts(package, name)
    except DefinitionError:
        raise
    # zipfile raises many kinds of error on a damaged zip (BadZipFile, zlib.error, EOFError,
    # NotImplementedError for a method it lacks, RuntimeError for a password...): each means
    # the same to the person uploading it.
    except Exception:
        raise _refusal(name, f"is damaged and cannot be read: {SAVE_AGAIN}") from None


def _check_parts(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose parts are too many, unpack too big, hold macros or a DTD."""
    parts = package.infolist()
    if len(parts) > MOST_PARTS:
        raise _refusal(name, f"has {len(parts):,} parts inside: this is not a form's workbook")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MOST_UNPACKED_BYTES:
        raise _refusal(
            name,
            f"unpacks to {unpacked:,} bytes: a form's workbook may unpack to at most "
            f"{MOST_UNPACKED_BYTES:,}; check it is the right file",
        )
    names = {part.filename.lower() for part in parts}
    if any(part.endswith("vbaproject.bin") for part in names):
        raise _refusal(name, MACROS)
    for part in parts:
        if part.filename.lower().endswith((".xml", ".rels")) and _has_dtd(package, part):
            raise _refusal(name, f"has XML that declares its own entities: {SAVE_AGAIN}")
    types = package.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    if b"macroEnabled" in types:
        raise _refusal(name, MACROS)


def _has_dtd(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD, which a spreadsheet never needs (and a bomb does)."""
    tail = b""
    with package.open(part) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _read_sheets(content: bytes, name: str) -> dict[str, Sheet]:
    """Every worksheet's rows, within the caps."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        worksheets = [sheet for sheet in book.worksheets if hasattr(sheet, "iter_rows")]
        if len(worksheets) > MOST_SHEETS:
            raise _refusal(name, f"has {len(worksheets)} sheets: a form has 2 or 3")
        cells = _CellCount(name)
        return {sheet.title: _read_sheet(sheet, name, cells) for sheet in worksheets}
    finally:
        book.close()


@dataclass
class _CellCount:
    """Counts the cells read across a workbook, refusing it past the cap."""

    name: str
    count: int = 0

    def add(self, number: int) -> None:
        self.count += number
        if self.count > MOST_CELLS:
            raise _refusal(self.name, f"has more than {MOST_CELLS:,} cells filled in: {TOO_BIG}")


def _read_sheet(sheet: Any, name: str, cells: _CellCount) -> Sheet:
    """One worksheet's headings and rows."""
    _check_declared_size(sheet, name)
    rows = list(_rows(sheet, name, cells))
    if not rows:
        return Sheet(sheet.title, {}, [])
    header, *body = rows
    return Sheet(sheet.title, header.values, body, header.number)


def _check_declared_size(sheet: Any, name: str) -> None:
    """Refuse a sheet that says it is far bigger than a form."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MOST_ROWS or columns > MOST_COLUMNS:
        raise _refusal(
            name,
            f"sheet '{sheet.title}' is {rows:,} rows by {columns:,} columns: Engage reads at "
            f"most {MOST_ROWS:,} rows and {MOST_COLUMNS} columns; delete the empty rows and "
            "columns after the form, or copy the form into a new workbook",
        )


def _rows(sheet: Any, name: str, cells: _CellCount) -> Iterator[SheetRow]:
    """The rows that are not blank, reading one row and one column past the caps to notice."""
    bounds = {"min_row": 1, "max_row": MOST_ROWS + 1, "max_col": MOST_COLUMNS + 1}
    for number, row in enumerate(sheet.iter_rows(**bounds), start=1):
        values: dict[int, str] = {}
        formulas: dict[int, str] = {}
        for column, cell in enumerate(row, start=1):
            _read_cell(cell, column, values, formulas)
        if not values and not formulas:
            continue
        if number > MOST_ROWS or max([*values, *formulas]) > MOST_COLUMNS:
            where = f"more than {MOST_ROWS:,} rows" if number > MOST_ROWS else "too many columns"
            raise _refusal(name, f"sheet '{sheet.title}' has {where}: {TOO_BIG}")
        cells.add(len(values) + len(formulas))
        _check_lengths(values, sheet.title, number, name)
        yield SheetRow(number, values, formulas)


def _read_cell(cell: Any, column: int, values: dict[int, str], formulas: dict[int, str]) -> None:
    """Put a cell's text in `values`, or its formula or error in `formulas`."""
    value = getattr(cell, "value", None)
    if value is None:
        return
    if getattr(cell, "data_type", None) in {"f", "e"}:
        formulas[column] = str(value)[:MOST_CELL_CHARACTERS]
        return
    text = cell_text(value)
    if text.strip():
        values[column] = text


def _check_lengths(values: dict[int, str], title: str, number: int, name: str) -> None:
    """Refuse a cell with far more text than any question has."""
    for text in values.values():
        if len(text) > MOST_CELL_CHARACTERS:
            raise _refusal(
                name,
                f"sheet '{title}' row {number} has a cell of {len(text):,} characters: "
                f"a cell may have at most {MOST_CELL_CHARACTERS:,}",
            )


def cell_text(value: Any) -> str:
    """A cell's value as the text typed into it: 3 not 3.0, true not True, a date as 2024-03-27."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return _unescaped(str(value))


def _unescaped(text: str) -> str:
    """Text with OOXML's escapes (`_x000D_` for a carriage return, say) turned back into the
    characters they stand for, as Excel shows them."""
    return ESCAPE.sub(_character, text) if "_x" in text else text


def _character(match: re.Match[str]) -> str:
    """The character an escape stands for; a surrogate (never a character) is left as written."""
    code = int(match.group(1), 16)
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)
