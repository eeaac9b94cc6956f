"""A broken or hostile workbook is refused with one clear problem, quickly, and never a crash."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import DefinitionError, read_xlsform, workbooks
from tests.surveys.xlsforms.build import build

SURVEY = {
    "survey": [["type", "name", "label"], ["text", "why", "Why?"]],
    "settings": [["form_id", "form_title", "version"], ["hostile", "Hostile", 1]],
}


def xlsx(sheets: dict = SURVEY) -> bytes:
    buffer = io.BytesIO()
    build(sheets).save(buffer)
    return buffer.getvalue()


def repacked(content: bytes, change=lambda name, data: data, extra: dict | None = None) -> bytes:
    """A workbook with its parts changed, or parts added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            target.writestr(part.filename, change(part.filename, source.read(part)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def refusal(content: bytes) -> str:
    """The one problem a refused workbook has."""
    with pytest.raises(DefinitionError) as caught:
        read_xlsform(content, "form.xlsx")
    [problem] = caught.value.problems
    assert "\n" not in str(problem)
    return str(problem)


def test_a_plain_workbook_reads() -> None:
    assert read_xlsform(xlsx(), "form.xlsx").source["id"] == "hostile"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is not an .xlsx workbook: save the form as an Excel Workbook (.xlsx)"),
        (b"type,name,label\ntext,why,Why?\n", "is not an .xlsx workbook"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
            "is an Excel 97-2003 workbook (.xls) or has a password",
        ),
        (b"PK\x03\x04" + b"\0" * 100, "is damaged and cannot be read"),
    ],
)
def test_a_file_that_is_not_a_workbook(content: bytes, problem: str) -> None:
    assert problem in refusal(content)


def test_a_workbook_cut_short_is_damaged() -> None:
    content = xlsx()
    assert "is damaged and cannot be read" in refusal(content[: len(content) // 2])


def test_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "hello")
    assert refusal(buffer.getvalue()) == (
        "form.xlsx: cannot be read as a workbook (KeyError): open it in Excel or LibreOffice and "
        "save it as an Excel Workbook (.xlsx)"
    )


def test_a_file_too_big() -> None:
    content = xlsx() + b"\0" * workbooks.MOST_WORKBOOK_BYTES
    assert "bytes: a form's workbook may be at most 5,000,000 bytes" in refusal(content)


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = repacked(xlsx(), extra={"xl/media/padding.bin": b"\0" * 30_000_000})
    assert len(bomb) < 100_000

    started = time.monotonic()
    problem = refusal(bomb)

    assert "unpacks to 30,0" in problem and "at most 10,000,000" in problem
    assert time.monotonic() - started < 5


def test_a_zip_bomb_that_lies_about_its_size_is_damaged() -> None:
    honest = repacked(xlsx(), extra={"xl/worksheets/padding.xml": b" " * 5_000_000})
    liar = bytearray(honest)
    # The part's unpacked size, in its local header and in the central directory, made tiny.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), honest):
            start = match.start()
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if honest[name_at : name_at + 25] == b"xl/worksheets/padding.xml":
                liar[start + offset : start + offset + 4] = (100).to_bytes(4, "little")

    assert "is damaged and cannot be read" in refusal(bytes(liar))


def test_a_workbook_with_macros() -> None:
    with_macros = repacked(xlsx(), extra={"xl/vbaProject.bin": b"\0" * 100})
    assert "contains macros: Engage does not open workbooks with macros" in refusal(with_macros)


def test_a_workbook_that_says_it_is_macro_enabled() -> None:
    def macro_enabled(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        return data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")

    assert "contains macros" in refusal(repacked(xlsx(), macro_enabled))


def test_xml_that_declares_entities_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def bomb(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return laughs + re.sub(rb"^<\?xml[^>]*\?>", b"", data)

    assert "has XML that declares its own entities" in refusal(repacked(xlsx(), bomb))


def test_a_sheet_that_says_it_is_enormous() -> None:
    def enormous(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)

    assert refusal(repacked(xlsx(), enormous)) == (
        "form.xlsx: sheet 'survey' is 1,048,576 rows by 16,384 columns: Engage reads at most "
        "5,000 rows and 100 columns; delete the empty rows and columns after the form, or copy "
        "the form into a new workbook"
    )


def test_a_sheet_with_too_many_rows() -> None:
    rows = [["type", "name", "label"], *[["text", f"q{n}", "Q"] for n in range(5_001)]]
    assert refusal(xlsx({"survey": rows})) == (
        "form.xlsx: sheet 'survey' is 5,002 rows by 3 columns: Engage reads at most 5,000 rows "
        "and 100 columns; delete the empty rows and columns after the form, or copy the form "
        "into a new workbook"
    )


def test_rows_past_the_cap_are_noticed_even_when_the_sheet_hides_them() -> None:
    rows = [["type", "name", "label"], *[["text", f"q{n}", "Q"] for n in range(5_001)]]

    def undeclared(name: str, data: bytes) -> bytes:
        return re.sub(rb"<dimension [^>]*/>", b"", data) if "worksheets" in name else data

    assert refusal(repacked(xlsx({"survey": rows}), undeclared)) == (
        "form.xlsx: sheet 'survey' has more than 5,000 rows: split the form, or check it is the "
        "right file"
    )


def test_too_many_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbooks, "MOST_CELLS", 5)
    assert refusal(xlsx()) == (
        "form.xlsx: has more than 5 cells filled in: split the form, or check it is the right file"
    )


def test_a_cell_longer_than_a_spreadsheet_holds() -> None:
    sheets = {"survey": [["type", "name", "label"], ["text", "why", "x" * 100]]}

    def longer(name: str, data: bytes) -> bytes:  # openpyxl itself writes no more than Excel
        return data.replace(b"x" * 100, b"x" * 40_000)

    assert refusal(repacked(xlsx(sheets), longer)) == (
        "form.xlsx: sheet 'survey' row 2 has a cell of 40,000 characters: a cell may have at "
        "most 32,767"
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_change_to_a_workbooks_bytes_reads_or_is_refused(data: st.DataObject) -> None:
    content = bytearray(ORIGINAL)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    try:
        read_xlsform(bytes(content), "form.xlsx")
    except DefinitionError as error:
        assert all("\n" not in str(problem) for problem in error.problems)


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=2_000))
def test_any_bytes_are_refused_with_a_problem(content: bytes) -> None:
    with pytest.raises(DefinitionError):
        read_xlsform(b"PK\x03\x04" + content, "form.xlsx")


ORIGINAL = xlsx()
