"""Form definitions read from files and uploads (YAML or XLSForm) and written out as either."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from flask import Flask

import surveys
from engage.errors import FormNotLoaded
from engage.extensions import db
from engage.services import forms
from tests.surveys.xlsforms.build import build

XLSFORMS = Path(__file__).parent.parent / "surveys" / "xlsforms"
STREET_SAFETY = Path(__file__).parent / "forms" / "street-safety.yaml"


def upload_problems(content: bytes, filename: str) -> list[str]:
    with pytest.raises(surveys.DefinitionError) as caught:
        forms.read_upload(content, filename)
    return [str(problem) for problem in caught.value.problems]


def test_an_uploaded_xlsform_gives_its_source_and_what_was_left_out() -> None:
    content = (XLSFORMS / "community-survey.xlsx").read_bytes()

    imported = forms.read_upload(content, r"C:\Users\officer\Downloads\community-survey.xlsx")

    assert imported.source["id"] == "community-safety-2024"
    assert [str(note) for note in imported.left_out][0].startswith("survey row 2 (start 'start')")
    assert surveys.definition_from_dict(imported.source).languages == ("en", "pa")


def test_an_uploaded_yaml_takes_includes_and_lists_from_the_shipped_definitions() -> None:
    text = STREET_SAFETY.read_text()
    data = yaml.safe_load(text)
    data["include"] = ["equalities-monitoring"]
    data["sections"][0]["questions"].append({"id": "home_ward", "type": "ward", "label": "Ward?"})

    imported = forms.read_upload(yaml.safe_dump(data).encode(), "street-safety.yml")

    assert imported.left_out == []
    assert imported.source["sections"][-1]["id"] == "your_background"
    ward = imported.source["sections"][0]["questions"][-1]
    assert [option["value"] for option in ward["options"]][-2:] == [
        "outside-wolverhampton",
        "dont-know",
    ]


@pytest.mark.parametrize(
    ("content", "filename", "problem"),
    [
        (b"id: [", "form.yaml", "form.yaml: YAML syntax error"),
        (b"PK\x03\x04broken", "form.xlsx", "form.xlsx: is damaged and cannot be read"),
        (b"", "form.xlsm", "form.xlsm: is a workbook with macros"),
        (
            b"type,name",
            "form.csv",
            "form.csv: is a CSV file: save the XLSForm as an Excel Workbook",
        ),
        (b"", "form", "form: is not a form definition: give a YAML file (.yaml) or an XLSForm"),
    ],
)
def test_an_upload_that_cannot_be_read_says_why(
    content: bytes, filename: str, problem: str
) -> None:
    [found] = upload_problems(content, filename)
    assert found.startswith(problem)


def test_an_upload_the_loader_refuses_keeps_what_was_left_out() -> None:
    buffer = io.BytesIO()
    build({"survey": [["type", "name", "label"], ["geopoint", "where", "Where?"]]}).save(buffer)

    with pytest.raises(surveys.DefinitionError) as caught:
        forms.read_upload(buffer.getvalue(), "where.xlsx")

    assert [str(problem) for problem in caught.value.problems] == [
        "where.xlsx: 'sections' must be a list with at least one section"
    ]
    assert str(caught.value.left_out[0]).startswith(
        "survey row 2 (geopoint 'where'): Engage has no map"
    )


def test_a_file_is_read_by_its_suffix(tmp_path: Path) -> None:
    definition, left_out = forms.definition_from_file(XLSFORMS / "skip-logic.xlsx")
    assert definition.id == "skip-logic" and len(left_out) == 2

    from_yaml, nothing = forms.definition_from_file(STREET_SAFETY)
    assert from_yaml.id == "street-safety" and nothing == []

    with pytest.raises(surveys.DefinitionError) as caught:
        forms.definition_from_file(tmp_path / "missing.xlsx")
    assert (
        str(caught.value)
        == f"missing.xlsx: file not found: check that {tmp_path / 'missing.xlsx'} exists"
    )


def test_a_workbook_file_too_big_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"\0" * (forms.MOST_WORKBOOK_BYTES + 1))

    with pytest.raises(surveys.DefinitionError) as caught:
        forms.definition_from_file(path)

    assert (
        str(caught.value)
        == "huge.xlsx: is 5,000,001 bytes: a form's workbook may be at most 5,000,000"
    )


@pytest.mark.parametrize("file_format", forms.FORMATS)
def test_a_stored_form_exports_as_either_format(app: Flask, file_format: str) -> None:
    with app.app_context():
        form = forms.latest_form(db.session, "hate-incident-report")

        content = forms.export_form(form, file_format)
        name = forms.export_filename(form, file_format)

    imported = forms.read_upload(content, name)
    assert name == f"hate-incident-report-v1.{'yaml' if file_format == 'yaml' else 'xlsx'}"
    assert imported.source == form.source
    assert imported.left_out == []


def test_an_unknown_export_format_is_a_mistake_in_the_caller(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="use one of yaml, xlsform"):
        forms.export_form(forms.latest_form(db.session, "hate-incident-report"), "pdf")


def test_a_stored_form_by_version(app: Flask) -> None:
    with app.app_context():
        assert forms.stored_form(db.session, "hate-incident-report", 1).version == 1
        assert forms.stored_versions(db.session, "hate-incident-report") == [1]
        assert forms.stored_versions(db.session, "nowhere") == []
        with pytest.raises(FormNotLoaded):
            forms.stored_form(db.session, "hate-incident-report", 2)
        with pytest.raises(FormNotLoaded):
            forms.stored_form(db.session, "nowhere")
