"""The `engage` command line: init, loading forms, and the demo."""

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Form

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
