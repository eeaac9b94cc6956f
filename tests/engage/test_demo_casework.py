"""The demo's staff, centres and reports: made through the real services, ready to sign in to."""

import pyotp
from factories import sign_in
from flask import Flask
from sqlalchemy import func, select

from engage.demo.casework import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, prepare_casework
from engage.extensions import db
from engage.models import Answer, Report, ReportLink
from tests.urls import Url


def test_demo_casework_files_reports_at_every_stage(app: Flask):
    with app.app_context():
        added = prepare_casework(db.session, reports=24)
        db.session.commit()
        reports = list(db.session.scalars(select(Report)))
        all_submitted = all(report.submission.status == "submitted" for report in reports)
        centre_roles = db.session.scalars(
            select(Answer.value)
            .join(Report, Report.submission_id == Answer.submission_id)
            .where(Report.centre_id.is_not(None), Answer.question_id == "reporter_role")
        ).all()
        links = db.session.scalar(select(func.count()).select_from(ReportLink))

    assert added == 24 and len(reports) == 24
    assert links == 2
    assert {"new", "in_review"} <= {report.status for report in reports}
    assert any(report.centre_id for report in reports)
    assert set(centre_roles) == {"on-behalf"}
    assert all_submitted


def test_demo_casework_runs_again_without_adding(app: Flask):
    with app.app_context():
        prepare_casework(db.session, reports=5)
        again = prepare_casework(db.session, reports=5)
        db.session.commit()

    assert again == 0


def test_every_demo_account_can_sign_in(app: Flask, url: Url):
    with app.app_context():
        prepare_casework(db.session, reports=1)
        db.session.commit()

    for account in ACCOUNTS:
        client = app.test_client()
        signed_in = sign_in(client, account.email, DEMO_PASSWORD)
        assert signed_in.status_code == 302, account.email
        assert "Signed in as" in client.get(url("staff.home")).text


def test_demo_code_shows_the_code_the_demo_app_would(runner):
    result = runner.invoke(args=["demo-code"])

    code = result.output.split()[0]
    assert pyotp.TOTP(DEMO_TOTP_SECRET).verify(code, valid_window=1)
    assert "officer@demo.invalid" in result.output
