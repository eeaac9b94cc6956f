"""Free-text answers tagged when stored, retagged on demand, and the `engage analysis` commands."""

import json

from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, AnswerTag, Submission, TextAnalysis
from engage.services.erasure import erase_submission
from engage.services.forms import flow_for, latest_form
from engage.services.insight import tagging
from engage.services.responses import record_answers, start_response, submit_response

STRATEGY = "swp-strategy-2020-2023"
RACIST_ABUSE = "Racist abuse at the bus station is getting worse."
REQUIRED = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "agree",
    "harm_reduction_agree": "agree",
    "building_community_capacity_agree": "agree",
}


def submit(app: Flask, **answers: object) -> int:
    """A strategy response with these answers, submitted through the service the web uses."""
    with app.app_context():
        form = latest_form(db.session, STRATEGY)
        flow = flow_for(form)
        submission, _ = start_response(db.session, form, channel="web")
        record_answers(db.session, submission, flow, {**REQUIRED, **answers})
        submit_response(db.session, submission, flow)
        db.session.commit()
        return submission.id


def machine_tags(app: Flask, question_id: str) -> dict[str, list[list[int]]]:
    with app.app_context():
        rows = db.session.execute(
            select(AnswerTag.label, AnswerTag.evidence)
            .join(Answer)
            .where(Answer.question_id == question_id, AnswerTag.source == tagging.MACHINE)
        )
        return {label: evidence for label, evidence in rows}


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_submitted_free_text_answer_is_tagged_with_its_evidence(app):
    submit(app, feel_safer=RACIST_ABUSE, age_band="25-34")

    tags = machine_tags(app, "feel_safer")
    assert "race" in tags
    start, end = tags["race"][0]
    assert RACIST_ABUSE[start:end].lower().startswith("racis")
    with app.app_context():
        reading = db.session.scalar(select(TextAnalysis))
        assert reading is not None and reading.language == "en" and not reading.urgent
    assert machine_tags(app, "age_band") == {}  # only free text is tagged


def test_retagging_replaces_the_machines_tags_and_keeps_officers_decisions(app, runner):
    submit(app, feel_safer=RACIST_ABUSE)
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).filter_by(question_id="feel_safer"))
        db.session.execute(AnswerTag.__table__.delete().where(AnswerTag.label == "race"))
        db.session.add(
            AnswerTag(answer_id=answer_id, family="characteristic", label="age", source="officer")
        )
        db.session.commit()

    result = runner.invoke(args=["analysis", "retag", "--batch-size", "1"])

    assert result.exit_code == 0, result.output
    assert "Tagged 1 free-text answers." in result.output
    assert "race" in machine_tags(app, "feel_safer")
    assert count(app, AnswerTag) == len(machine_tags(app, "feel_safer")) + 1


def test_erasing_a_submission_erases_its_tags(app):
    submission_id = submit(app, feel_safer=RACIST_ABUSE)
    with app.app_context():
        erase_submission(db.session, db.session.get(Submission, submission_id))
        db.session.commit()

    assert count(app, AnswerTag) == 0 and count(app, TextAnalysis) == 0


def test_tag_reads_json_lines_and_reports_bad_lines_by_number(runner):
    lines = '{"id": 7, "text": "Homophobic graffiti on our street"}\nnot json\n{"text": 3}\n'

    result = runner.invoke(args=["analysis", "tag"], input=lines)

    [tagged] = [json.loads(line) for line in result.stdout.splitlines()]
    assert tagged["id"] == 7 and "sexual_orientation" in tagged["characteristics"]
    assert set(tagged["sentiment"]) == {"polarity", "subjectivity"}
    assert "Skipped line 2: not valid JSON" in result.stderr
    assert "Skipped line 3" in result.stderr


def test_evaluate_scores_a_labelled_file(runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"text": "Racist abuse at the bus stop", "characteristics": ["race"]},
        {"text": "The bins are never emptied", "characteristics": []},
    ]
    gold.write_text("\n".join(json.dumps(row) for row in rows))

    result = runner.invoke(args=["analysis", "evaluate", str(gold), "--json"])

    figures = json.loads(result.stdout)
    assert figures["records"] == 2
    assert "race" in json.dumps(figures)
