"""The `engage` command line: init, loading forms, and the demo."""

from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Form, Submission

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
