"""The `engage` command line: init, loading forms, and the demo."""

import copy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

import surveys
from engage.extensions import db
from engage.models import Answer, AuditEntry, Form, Submission
from engage.services import forms
from tests.surveys.xlsforms.build import build

FORMS = Path(__file__).parent / "forms"


def form_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Form.id)))


def test_init_is_safe_to_run_twice(app: Flask, runner):
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])

    assert first.exit_code == 0 and second.exit_code == 0
    assert "swp-strategy-2020-2023 version 1: already loaded" in second.output
    assert "report-contact-details version 1: already loaded" in second.output
    assert form_count(app) == 4


def test_forms_load_stores_a_new_definition(app: Flask, runner):
    result = runner.invoke(args=["forms", "load", str(FORMS / "street-safety.yaml")])

    assert result.exit_code == 0
    assert "Loaded street-safety version 1." in result.output
    assert form_count(app) == 5


def test_forms_load_lists_every_problem(app: Flask, runner, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: broken\nversion: 1\ntitle: Broken\nsections:\n"
        "  - id: one\n    title: One\n    questions:\n"
        "      - {id: a, type: colour, label: A}\n"
        "      - {id: a, type: free_text, label: Again}\n"
    )

    result = runner.invoke(args=["forms", "load", str(broken)])

    assert result.exit_code == 1
    assert "was not loaded" in result.output
    assert "colour" in result.output
    assert "'a'" in result.output or "a:" in result.output
    assert form_count(app) == 4


def test_forms_load_refuses_a_changed_form_with_the_same_version(app: Flask, runner, tmp_path):
    runner.invoke(args=["forms", "load", str(FORMS / "street-safety.yaml")])
    changed = tmp_path / "street-safety.yaml"
    changed.write_text((FORMS / "street-safety.yaml").read_text().replace("after dark", "at night"))

    result = runner.invoke(args=["forms", "load", str(changed)])

    assert result.exit_code != 0
    assert "raise its version number" in result.output


def test_forms_load_names_the_file_and_question_past_a_limit(app: Flask, runner, tmp_path: Path):
    too_long = "q" * 101
    broken = tmp_path / "limits.yaml"
    broken.write_text(
        "id: limits\nversion: 99999999999\ntitle: Limits\nsections:\n"
        "  - id: one\n    title: One\n    questions:\n"
        "      - {id: csrf_token, type: free_text, label: A}\n"
        f"      - {{id: {too_long}, type: free_text, label: B}}\n"
    )

    result = runner.invoke(args=["forms", "load", str(broken)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "limits.yaml: 'version' must be 1,000,000 or less" in result.output
    assert "question 'csrf_token': id 'csrf_token' is a name the web form uses" in result.output
    assert "is 101 characters long: use 80 or fewer" in result.output
    assert form_count(app) == 4


def test_a_question_id_at_the_limit_stores_its_answers(app: Flask, runner, tmp_path: Path):
    question_id = "q" * 80
    path = tmp_path / "longest.yaml"
    path.write_text(
        "id: longest\nversion: 1000000\ntitle: Longest\nsections:\n"
        "  - id: one\n    title: One\n    questions:\n"
        f"      - {{id: {question_id}, type: single_choice, label: Pick, other: true,\n"
        "         options: [{value: a, label: A}]}\n"
    )
    assert runner.invoke(args=["forms", "load", str(path)]).exit_code == 0
    with app.app_context():
        form = db.session.scalar(select(Form).filter_by(definition_id="longest"))
        submission = Submission(form_id=form.id, channel="web", status="complete")
        submission.answers = [
            Answer(question_id=question_id, value="other"),
            Answer(question_id=question_id + "_other", value="Something else"),
        ]
        db.session.add(submission)
        db.session.commit()
        stored = db.session.scalars(select(Answer.question_id).filter_by(submission=submission))
        assert sorted(stored) == [question_id, question_id + "_other"]


XLSFORMS = Path(__file__).parent.parent / "surveys" / "xlsforms"


def stored(app: Flask, definition_id: str) -> list[tuple[int, dict]]:
    with app.app_context():
        forms = db.session.scalars(select(Form).filter_by(definition_id=definition_id))
        return [(form.version, form.source) for form in forms]


def test_forms_load_takes_an_xlsform_and_warns_of_what_it_left_out(app: Flask, runner):
    result = runner.invoke(args=["forms", "load", str(XLSFORMS / "unsupported.xlsx")])

    assert result.exit_code == 0, result.output
    assert "Warning: Engage left these out of unsupported.xlsx:" in result.output
    assert (
        "  - survey row 4 (geopoint 'location'): Engage has no map question; it was left out. "
        "Ask for a place in a free-text question or a ward question instead.\n"
    ) in result.output
    assert result.output.count("\n  - ") == 17
    assert result.output.endswith("Loaded unsupported version 1.\n")
    [(version, source)] = stored(app, "unsupported")
    assert [q["id"] for q in source["sections"][0]["questions"]][:2] == ["q1_name", "people"]


def test_forms_load_refuses_an_xlsform_the_loader_refuses(app: Flask, runner, tmp_path: Path):
    sheets = {"survey": [["type", "name", "label"], ["text", "greeting", "=A1"]]}
    path = tmp_path / "broken.xlsx"
    build(sheets).save(path)

    result = runner.invoke(args=["forms", "load", str(path)])

    assert result.exit_code == 1
    assert "survey row 2 (column 'label'): the cell holds a formula ('=A1')" in result.output
    assert "was not loaded. Fix these problems and try again:" in result.output
    assert "  - broken.xlsx: question 'greeting': missing 'label'\n" in result.output
    assert "Traceback" not in result.output
    assert stored(app, "broken") == []


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("notes.xlsx", b"not a workbook", "notes.xlsx: is not an .xlsx workbook"),
        ("macros.xlsm", b"PK\x03\x04", "macros.xlsm: is a workbook with macros"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old.xls: is an Excel 97-2003 workbook"),
        ("form.txt", b"id: x", "form.txt: is not a form definition: give a YAML file (.yaml)"),
    ],
)
def test_forms_load_refuses_a_file_that_is_no_form(runner, tmp_path: Path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)

    result = runner.invoke(args=["forms", "load", str(path)])

    assert result.exit_code == 1
    assert f"  - {problem}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("file_format", "suffix"), [("yaml", "yaml"), ("xlsform", "xlsx")])
def test_forms_export_writes_a_file_that_loads_back_unchanged(
    app: Flask, runner, tmp_path: Path, file_format: str, suffix: str
):
    runner.invoke(args=["init"])
    output = tmp_path / f"strategy.{suffix}"

    result = runner.invoke(
        args=[
            "forms",
            "export",
            "swp-strategy-2020-2023",
            "--format",
            file_format,
            "--output",
            str(output),
        ]
    )

    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote swp-strategy-2020-2023 version 1 to {output}.\n"
    again = runner.invoke(args=["forms", "load", str(output)])
    assert again.output.endswith("Already loaded, unchanged: swp-strategy-2020-2023 version 1.\n")
    assert "Warning" not in again.output


def test_forms_export_takes_a_version(app: Flask, runner, tmp_path: Path):
    runner.invoke(args=["forms", "load", str(FORMS / "street-safety.yaml")])
    changed = tmp_path / "street-safety.yaml"
    text = (FORMS / "street-safety.yaml").read_text()
    changed.write_text(text.replace("after dark", "at night").replace("version: 1", "version: 2"))
    runner.invoke(args=["forms", "load", str(changed)])
    output = tmp_path / "first.yaml"

    command = ["forms", "export", "street-safety", "--format", "yaml", "--output", str(output)]
    assert runner.invoke(args=[*command, "--version", "1"]).exit_code == 0
    assert "after dark" in output.read_text() and "version: 1\n" in output.read_text()
    assert runner.invoke(args=command).exit_code == 0
    assert "at night" in output.read_text() and "version: 2\n" in output.read_text()
    with app.app_context():
        details = db.session.scalars(
            select(AuditEntry.detail)
            .filter_by(action="form.exported", user_id=None)
            .order_by(AuditEntry.id)
        ).all()
    assert details == ["street-safety version 1 as yaml", "street-safety version 2 as yaml"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["nowhere"],
            "Error: No form 'nowhere' is loaded. Check the id, or load it with engage forms load.",
        ),
        (
            ["street-safety", "--version", "7"],
            "Error: Form 'street-safety' has no version 7. The versions loaded are: 1.",
        ),
    ],
)
def test_forms_export_of_a_form_not_loaded(runner, tmp_path: Path, arguments, message):
    runner.invoke(args=["forms", "load", str(FORMS / "street-safety.yaml")])
    output = tmp_path / "out.yaml"

    result = runner.invoke(
        args=["forms", "export", *arguments, "--format", "yaml", "--output", str(output)]
    )

    assert result.exit_code == 1
    assert result.output.strip() == message
    assert not output.exists()


def test_forms_export_to_a_place_it_cannot_write(runner, tmp_path: Path):
    runner.invoke(args=["forms", "load", str(FORMS / "street-safety.yaml")])
    command = ["forms", "export", "street-safety", "--format", "xlsform", "--output"]

    missing_folder = runner.invoke(args=[*command, str(tmp_path / "no" / "such.xlsx")])
    folder = runner.invoke(args=[*command, str(tmp_path)])

    assert missing_folder.exit_code == 1
    assert "Error: Cannot write" in missing_folder.output
    assert "No such file or directory." in missing_folder.output
    assert folder.exit_code == 2
    assert "is a directory" in folder.output
    assert "Traceback" not in missing_folder.output + folder.output


def test_forms_export_needs_a_known_format(runner, tmp_path: Path):
    result = runner.invoke(
        args=[
            "forms",
            "export",
            "street-safety",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "x"),
        ]
    )

    assert result.exit_code == 2
    assert "'csv' is not one of 'yaml', 'xlsform'" in result.output


def test_forms_export_warns_when_the_wards_have_changed_since(app: Flask, runner, tmp_path):
    with app.app_context():
        source = forms.latest_form(db.session, "hate-incident-report").source
        old = copy.deepcopy(source)
        old["version"] = 2
        ward = next(q for s in old["sections"] for q in s["questions"] if q["id"] == "ward")
        ward["options"] = ward["options"][1:]  # as if Bilston East had since been added
        forms.store_definition(db.session, surveys.definition_from_dict(old))
        db.session.commit()
    output = tmp_path / "report.yaml"
    command = ["forms", "export", "hate-incident-report", "--format", "yaml", "--output"]

    changed = runner.invoke(args=[*command, str(output)])
    unchanged = runner.invoke(args=[*command, str(output), "--version", "1"])

    assert changed.exit_code == 0
    assert changed.output.endswith(
        "Warning: question 'ward': lists/wards.yaml has changed since this version was stored, "
        "so the file offers the wards as they are now.\n"
    )
    assert "Warning" not in unchanged.output
