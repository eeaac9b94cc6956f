"""CSV and XLSX exports: a header that says what they hold, and no formula ever runs."""

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from engage.services.exports import Export, inert, inert_csv, to_csv, to_xlsx

PAYLOADS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "plain words"]


def export(**changes: object) -> Export:
    values: dict = {
        "title": "Answers",
        "generated_at": datetime(2026, 3, 3, 17, 0),
        "columns": ["Reference", "Answer"],
        "rows": [["ENG-1", text] for text in PAYLOADS],
        "details": [("Consultation", "=Community safety")],
    }
    return Export(**{**values, **changes})


def test_formula_payloads_are_made_inert():
    assert [inert(text) for text in PAYLOADS] == [
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTAB",
        "plain words",
    ]
    assert inert(-3) == -3  # numbers stay numbers
    assert [inert(text) for text in ["Hello", "20/1", "", "a=b"]] == ["Hello", "20/1", "", "a=b"]


def test_a_csv_file_is_made_inert_cell_by_cell_and_otherwise_kept():
    text = 'question,label,source\ndisability,"Disabled, any",=HYPERLINK("x")\nall,,-2+3\n'

    assert inert_csv(text) == (
        'question,label,source\ndisability,"Disabled, any","\'=HYPERLINK(""x"")"\nall,,\'-2+3\n'
    )


def test_a_csv_export_names_what_it_holds_then_its_table():
    rows = list(csv.reader(io.StringIO(to_csv(export()))))

    assert rows[0] == ["Export", "Answers"]
    assert rows[1] == ["Made", "5:00pm on 3 March 2026"]
    assert rows[2] == ["Consultation", "'=Community safety"]
    assert rows[3][0] == "Small numbers" and "fewer than 5" in rows[3][1]
    assert rows[5] == ["Reference", "Answer"]
    assert [row[1] for row in rows[6:]] == [inert(text) for text in PAYLOADS]


def test_an_unsuppressed_export_says_so():
    rows = list(csv.reader(io.StringIO(to_csv(export(suppressed=False)))))

    assert "do not publish" in rows[3][1]


def test_an_xlsx_export_holds_the_same_and_no_formulas():
    book = load_workbook(io.BytesIO(to_xlsx(export())))
    values = [[cell.value for cell in row] for row in book.active.iter_rows()]

    assert values[0] == ["Export", "Answers"]
    assert values[5] == ["Reference", "Answer"]
    assert all(not str(row[1]).startswith("=") for row in values[6:])
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
