"""Exports as CSV and XLSX: a header that says what they hold, and every cell made inert.

A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
return) gets a leading apostrophe, so a resident's words can never run as a formula on an
officer's computer.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook

from engage.wording import long_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | None


@dataclass(frozen=True)
class Export:
    """A table to export, with the header lines that say what it is."""

    title: str
    generated_at: datetime
    columns: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    details: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (name, value)
    suppressed: bool = True

    def header(self) -> list[tuple[str, str]]:
        """The lines above the table: what it is, when, with which filters, suppressed or not."""
        suppression = (
            "Counts from 1 to 4 are shown as 'fewer than 5'"
            if self.suppressed
            else "Not suppressed: small numbers are shown; do not publish"
        )
        return [
            ("Export", self.title),
            ("Made", long_date(self.generated_at)),
            *self.details,
            ("Small numbers", suppression),
        ]


def inert(value: Cell) -> Cell:
    """A cell a spreadsheet shows as typed, never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_csv(text: str) -> str:
    """A CSV's text with every cell a spreadsheet would run made inert, and nothing else changed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([inert(cell) for cell in row])
    return buffer.getvalue()


def to_csv(export: Export) -> str:
    """The export as CSV: its header lines, a blank line, then the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, value in export.header():
        writer.writerow([inert(name), inert(value)])
    writer.writerow([])
    writer.writerow([inert(c) for c in export.columns])
    for row in export.rows:
        writer.writerow([inert(c) for c in row])
    return buffer.getvalue()


def to_xlsx(export: Export) -> bytes:
    """The export as an XLSX workbook: its header lines, a blank row, then the table."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(export.title[:31])
    for name, value in export.header():
        sheet.append([inert(name), inert(value)])
    sheet.append([])
    sheet.append([inert(c) for c in export.columns])
    for row in export.rows:
        sheet.append([inert(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
