"""Retention: each form's period, and `engage retention run` removing what is past it (the
clock moved on), writing to the audit log, and changing nothing when run again."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
import report_factories as make
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from engage import clock
from engage.errors import InformationInvalid, RetentionInvalid
from engage.extensions import db
from engage.models import (
    Answer,
    AnswerTag,
    AuditEntry,
    ContactDetails,
    Report,
    ReportEvent,
    Submission,
)
from engage.roles import ADMIN
from engage.services import retention
from engage.services.insight.tagging import tag_submission
from engage.services.reports import casework
from engage.services.reports import filing as reports
from tests.urls import Url

CONTACT = {"name": "Amrit Kaur", "phone": "07700 900123"}
DAY = timedelta(days=1)


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def move_clock(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    moved = clock.now() + by
    monkeypatch.setattr(clock, "now", lambda: moved)


def closed_report(note: str = "Rang her back; she is moving to Penn") -> Report:
    officer = make.staff()
    report = make.report(contact=CONTACT)
    report.submission.chat_key = "a-keyed-hash-of-a-chat"
    tag_submission(db.session, report.submission)
    casework.add_note(db.session, report, note, officer)
    casework.change_status(db.session, report, "closed", officer, outcome="support-given")
    db.session.flush()
    return report


def run(app: Flask) -> retention.RetentionRun:
    done = retention.run_retention(db.session, app.config)
    db.session.commit()
    return done


def free_text(report: Report) -> dict[str, str | None]:
    answers = db.session.scalars(select(Answer).filter_by(submission_id=report.submission_id))
    return {a.question_id: a.value for a in answers if a.question_id.endswith("description")}


def test_a_closed_report_keeps_everything_until_its_period_is_over(app, context, monkeypatch):
    report = closed_report()
    move_clock(monkeypatch, 3 * 365 * DAY - DAY)

    assert run(app) == retention.RetentionRun(0, 0)
    assert db.session.scalar(select(ContactDetails).filter_by(report_id=report.id)) is not None
    assert "description" in free_text(report)


def test_past_its_period_a_report_loses_its_personal_details_not_its_casework(
    app, context, monkeypatch
):
    report = closed_report()
    kept_strand = {"motivation"}
    move_clock(monkeypatch, 3 * 365 * DAY + DAY)

    done = run(app)

    assert done.reports_anonymised == 1
    db.session.refresh(report)
    assert db.session.scalar(select(ContactDetails).filter_by(report_id=report.id)) is None
    assert free_text(report) == {}
    assert db.session.scalar(select(func.count()).select_from(AnswerTag)) == 0
    assert report.submission.chat_key is None
    assert report.anonymised_at is not None
    stored = {a.question_id for a in report.submission.answers}
    assert kept_strand <= stored and "ward" in stored  # the trends still count it
    notes = [e.text for e in report.events if e.kind == "note"]
    assert notes == ["[Removed after the retention period]"]
    assert report.events[-1].kind == "anonymised" and report.events[-1].actor_id is None
    actions = db.session.scalars(
        select(AuditEntry.action).filter_by(object_type="report", object_id=report.id)
    ).all()
    assert "report.anonymised" in actions


def test_an_open_report_is_never_anonymised_however_old(app, context, monkeypatch):
    report = make.report(contact=CONTACT)
    move_clock(monkeypatch, 10 * 365 * DAY)

    assert run(app).reports_anonymised == 0
    assert db.session.scalar(select(ContactDetails).filter_by(report_id=report.id)) is not None


def test_a_reopened_report_counts_from_when_it_is_closed_again(app, context, monkeypatch):
    report = closed_report()
    officer = make.staff()
    casework.change_status(db.session, report, "in_review", officer)
    assert report.closed_at is None
    move_clock(monkeypatch, 3 * 365 * DAY + DAY)
    casework.change_status(db.session, report, "closed", officer, outcome="support-given")

    assert run(app).reports_anonymised == 0


def test_nothing_can_be_added_to_a_report_past_its_period(app, context, monkeypatch):
    report = closed_report()
    move_clock(monkeypatch, 3 * 365 * DAY + DAY)
    run(app)

    with pytest.raises(InformationInvalid) as refused:
        reports.add_information(db.session, report, "He was back at the bus stop today")

    assert "nothing more can be added to it" in str(refused.value)
    assert "make a new report" in str(refused.value)
    assert [e for e in report.events if e.kind == "information_added"] == []


def test_text_that_reached_an_emptied_report_is_removed_by_the_next_run(app, context, monkeypatch):
    """Information added to an anonymised report before Engage refused it is not kept."""
    report = closed_report()
    move_clock(monkeypatch, 3 * 365 * DAY + DAY)
    run(app)
    late = ReportEvent(report=report, kind="information_added", text="My new address is ...")
    db.session.add(late)
    db.session.commit()

    run(app)

    db.session.refresh(late)
    assert late.text == "[Removed after the retention period]"


def test_running_again_changes_nothing(app, context, monkeypatch):
    closed_report()
    move_clock(monkeypatch, 4 * 365 * DAY)
    run(app)
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))

    assert run(app) == retention.RetentionRun(0, 0)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_a_consultation_response_is_unlinked_from_its_chat_past_its_period(
    app, context, monkeypatch
):
    old = _submitted_response("equalities-monitoring", chat_key="a-chat")
    move_clock(monkeypatch, 2 * 365 * DAY + DAY)
    recent = _submitted_response("equalities-monitoring", chat_key="another-chat")

    done = run(app)

    assert done.responses_unlinked == 1
    assert db.session.get(Submission, old).chat_key is None
    assert db.session.get(Submission, recent).chat_key == "another-chat"


def test_an_admin_sets_a_forms_period_and_it_is_used(app, context, monkeypatch):
    admin = make.staff(ADMIN)
    report = closed_report()

    retention.set_period(db.session, "hate-incident-report", " 400 ", admin)
    move_clock(monkeypatch, 401 * DAY)

    assert run(app).reports_anonymised == 1
    [period] = [p for p in retention.periods(db.session, app.config) if p.title.startswith("Rep")]
    assert (period.days, period.set_by_admin) == (400, True)
    assert db.session.get(Report, report.id).anonymised_at is not None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "whole number"),
        ("two years", "whole number"),
        ("12.5", "whole number"),
        ("7", "between 30 and 7,300"),
        ("99999", "between 30 and 7,300"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused_with_what_to_enter(context, typed, says):
    with pytest.raises(RetentionInvalid, match=says):
        retention.set_period(db.session, "hate-incident-report", typed, make.staff(ADMIN))


def test_the_command_says_what_it_did(app, runner: FlaskCliRunner, monkeypatch):
    with app.app_context():
        closed_report()
        db.session.commit()
    move_clock(monkeypatch, 4 * 365 * DAY)

    result = runner.invoke(args=["retention", "run"])

    assert result.exit_code == 0, result.output
    assert "Removed the personal details of 1 report past" in result.output


def _submitted_response(definition_id: str, chat_key: str) -> int:
    from engage.services.forms import flow_for, latest_form
    from engage.services.responses import start_response, submit_response

    form = latest_form(db.session, definition_id)
    submission, _ = start_response(db.session, form, channel="telegram")
    submit_response(db.session, submission, flow_for(form))
    submission.chat_key = chat_key
    db.session.flush()
    return submission.id


def test_an_admin_changes_a_period_on_the_retention_page(app: Flask, resident, url: Url):
    from factories import make_user, sign_in

    make_user(app, ADMIN, "admin@swp.example")
    sign_in(resident.client, "admin@swp.example")
    page = url("staff.retention_periods")
    periods = resident.get(page).text
    assert "Report a hate incident" in periods and "About you" in periods
    assert "Your contact details" not in periods  # kept and removed with its report

    period = url("staff.set_retention_period", definition_id="hate-incident-report")
    wrong = resident.post(period, {"days": "three years"}, page=page)
    assert wrong.status_code == 400
    assert "Enter the number of days as a whole number" in wrong.text
    assert 'value="three years"' in wrong.text

    saved = resident.post(period, {"days": "1500"}, page=page)
    assert saved.status_code == 302
    shown = resident.get(page).text
    assert "personal details are now kept for 1,500 days" in shown
    unknown = url("staff.set_retention_period", definition_id="no-such-form")
    assert resident.post(unknown, {"days": "100"}, page=page).status_code == 404
