"""End to end over real HTTP: a reporting centre logs a report, an officer refers it to the police.

The real server (`engage run`) is started against the test database; two browsers, the
centre's and the officer's, use it as people would.
"""

import csv
import io
import re

import requests
from factories import (
    csrf_token,
    make_centre,
    make_user,
    plausible_answer,
    questions_on_page,
)
from flask import Flask, request
from http_staff import signed_in
from sqlalchemy import select

import surveys
from engage.extensions import db
from engage.models import Answer, AuditEntry, Report, Submission, User
from engage.roles import CENTRE_STAFF, OFFICER
from engage.services.forms import flow_for, latest_form
from tests.urls import Url

REFERENCE = re.compile(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}")
RECEIPT_CODE = re.compile(r"[A-Z0-9]{5}(?:-[A-Z0-9]{5}){3}")
# What the person at the centre says, where a plausible answer would not do.
TOLD: dict[str, str | list[str]] = {
    "in_danger": "no",
    "location_online": "no",
    "ward": "park",
    "postcode": "WV3 0AA",
    "motivation": ["religion"],
    "description": "A man pulled at my turban at the bus stop and shouted at me.",
    "share_with_police": "share",
    "victim_support_referral": "no",
    "leave_contact": "yes",
    "name": "Harjit Singh",
    "phone": "07700 900456",
    "email": "",
    "best_time": "Evenings",
    "consent": "yes",
}


def answer_every_page(
    browser: requests.Session, page: requests.Response, flows: list[surveys.Flow]
) -> requests.Response:
    """Answer question and contact pages until the check page, as the centre's staff would."""
    for _ in range(60):
        if "/questions/" not in page.url and "/contact/" not in page.url:
            return page
        asked = [q for flow in flows for q in questions_on_page(flow, page.text)]
        assert asked, f"no questions found on {page.url}"
        assert "reporter_role" not in {q.id for q in asked}, "who is reporting was asked"
        answers = {q.id: TOLD.get(q.id, plausible_answer(q)) for q in asked}
        page = browser.post(page.url, data={"csrf_token": csrf_token(page.text), **answers})
        assert page.status_code == 200 and "There is a problem" not in page.text, page.url
    raise AssertionError("the report never reached its check page")


def test_a_centre_logs_a_report_and_an_officer_refers_it_to_the_police(
    app: Flask, server: str, url: Url
):
    gurdwara = make_centre(app, "Guru Nanak Gurdwara")
    make_user(app, CENTRE_STAFF, "sewadar@gurdwara.example", gurdwara)
    make_user(app, OFFICER, "analyst@swp.example")
    with app.app_context():
        flows = [
            flow_for(latest_form(db.session, "hate-incident-report")),
            flow_for(latest_form(db.session, "report-contact-details")),
        ]

    # The centre logs the report for the person in front of them.
    centre = signed_in(app, server, "sewadar@gurdwara.example")
    start = centre.get(server + url("staff.log_report"))
    assert start.status_code == 200
    page = centre.post(
        server + url("staff.log_report_begin"), data={"csrf_token": csrf_token(start.text)}
    )
    page = answer_every_page(centre, page, flows)
    assert page.url.endswith(url("staff.log_report_check"))
    assert "Harjit Singh" in page.text
    logged = centre.post(page.url, data={"csrf_token": csrf_token(page.text)})
    assert "Report logged" in logged.text
    reference = REFERENCE.search(logged.text).group(0)
    assert f'<br><strong class="engage-reference">{reference}</strong>' in logged.text
    assert RECEIPT_CODE.search(logged.text), "no receipt code to give to the person"
    assert reference in centre.get(server + url("staff.reports")).text

    # An officer finds it, reviews it and refers it with the police's reference.
    officer = signed_in(app, server, "analyst@swp.example")
    listed = officer.get(server + url("staff.reports"), params={"status": "new"})
    link = re.search(rf'href="([^"]+)">{reference}<', listed.text).group(1)
    with app.test_request_context(link):  # the link is to the report's page: which report?
        assert request.endpoint == "staff.report", link
        report_id = request.view_args["report_id"]
    address = server + url("staff.report", report_id=report_id)
    shown = officer.get(address)
    assert "Guru Nanak Gurdwara" in shown.text and "Harjit Singh" in shown.text
    reviewed = officer.post(
        server + url("staff.change_report_status", report_id=report_id),
        data={"csrf_token": csrf_token(shown.text), "status-to": "in_review"},
    )
    assert "The report is now in review" in reviewed.text
    referred = officer.post(
        server + url("staff.change_report_status", report_id=report_id),
        data={
            "csrf_token": csrf_token(reviewed.text),
            "status-to": "referred",
        },
    )
    assert "The report is now referred to police" in referred.text
    assert "The reporter agreed to share their report in full" in referred.text
    # The police give their reference later.
    recorded = officer.post(
        server + url("staff.set_report_police_reference", report_id=report_id),
        data={
            "csrf_token": csrf_token(referred.text),
            "reference-police_reference": "20/123456/24",
        },
    )
    assert "The police reference is recorded" in recorded.text
    assert "20/123456/24" in recorded.text

    # The referral export holds the report, with what the person agreed to share.
    export = officer.get(server + url("staff.export_referrals"), params={"status": "referred"})
    assert export.status_code == 200
    assert export.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    [row] = [row for row in rows if row["Engage reference"] == reference]
    assert row["Referral police reference"] == "20/123456/24"
    assert row["Logged by centre"] == "Guru Nanak Gurdwara"
    assert row["Sharing"] == "Share in full"
    assert row["Postcode"] == "WV3 0AA"
    assert row["Contact name"] == "Harjit Singh"
    assert row["Contact phone"] == "07700 900456"

    # Stored as a centre's report, logged by its staff, who is reporting answered for them.
    with app.app_context():
        report = db.session.scalar(
            select(Report).join(Submission).where(Submission.reference == reference)
        )
        assert (report.status, report.centre_id, report.police_reference) == (
            "referred",
            gurdwara,
            "20/123456/24",
        )
        assert report.submission.channel == "centre"
        assert report.logged_by is not None and report.logged_by.role == CENTRE_STAFF
        role = db.session.scalar(
            select(Answer.value).filter_by(
                submission_id=report.submission_id, question_id="reporter_role"
            )
        )
        assert role == "on-behalf"
        done = db.session.execute(
            select(User.role, AuditEntry.action)
            .join(User, AuditEntry.user_id == User.id)
            .where(AuditEntry.object_type == "report", AuditEntry.object_id == report.id)
            .order_by(AuditEntry.id)
        ).all()
        assert [tuple(row) for row in done] == [
            (CENTRE_STAFF, "report.logged"),
            (OFFICER, "report.viewed"),
            (OFFICER, "report.status_changed"),
            (OFFICER, "report.viewed"),
            (OFFICER, "report.status_changed"),
            (OFFICER, "report.viewed"),
            (OFFICER, "report.police_reference_set"),
            (OFFICER, "report.viewed"),
            (OFFICER, "report.exported"),
        ]
