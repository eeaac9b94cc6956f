"""Referral follows the reporter's answer to "Can we share your report with the police?", on
the officer's page as in the service: never offered, and refused, when they said no; offered
with what the police may have when they said yes or anonymous only."""

import pytest
import report_factories as make
from factories import Resident, csrf_token, make_user, sign_in
from flask import Flask

from engage.extensions import db
from engage.models import Report
from engage.roles import OFFICER
from tests.urls import Url

OFFICER_EMAIL = "officer@swp.example"
REFER = {"status-to": "referred", "status-seen": "in_review"}


@pytest.fixture
def officer(app: Flask, resident: Resident) -> Resident:
    make_user(app, OFFICER, OFFICER_EMAIL)
    sign_in(resident.client, OFFICER_EMAIL)
    return resident


def report_in_review(app: Flask, choice: str) -> int:
    """A report in review whose reporter gave this answer: its id."""
    with app.app_context():
        report = make.report(share_with_police=choice)
        report.status = "in_review"
        db.session.commit()
        return report.id


def status_of(app: Flask, report_id: int) -> str:
    with app.app_context():
        return db.session.get(Report, report_id).status


def test_a_report_not_to_be_shared_is_not_offered_for_referral_and_says_why(
    app: Flask, officer: Resident, url: Url
):
    address = url("staff.report", report_id=report_in_review(app, "do-not-share"))

    page = officer.get(address)

    assert "Refer to the police" not in page.text
    assert "the reporter chose not to share it with them" in page.text
    assert "Close" in page.text


def test_referring_a_report_not_to_be_shared_is_refused_and_nothing_changes(
    app: Flask, officer: Resident, url: Url
):
    """An officer posting from an old page, or by hand, is refused in words, not a 500."""
    report_id = report_in_review(app, "do-not-share")
    address = url("staff.report", report_id=report_id)

    page = officer.post(url("staff.change_report_status", report_id=report_id), REFER, page=address)

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "This report cannot be referred to the police" in page.text
    assert status_of(app, report_id) == "in_review"


@pytest.mark.parametrize(
    ("choice", "offered", "told"),
    [
        ("share", "agreed to share their report in full", "agreed to share their report in full"),
        ("anonymous", "leaves out their contact details", "agreed to anonymous information only"),
    ],
)
def test_a_report_shared_in_full_or_anonymously_is_referred_saying_what_the_police_may_have(
    app: Flask, officer: Resident, choice: str, offered: str, told: str, url: Url
):
    report_id = report_in_review(app, choice)
    address = url("staff.report", report_id=report_id)
    page = officer.get(address)
    assert "Refer to the police" in page.text
    assert offered in page.text
    assert "status-police_reference" not in page.text  # the reference comes later, on its own

    referred = officer.client.post(
        url("staff.change_report_status", report_id=report_id),
        data={**REFER, "csrf_token": csrf_token(page.text)},
    )

    assert referred.status_code == 302
    shown = officer.get(address)
    assert "The report is now referred to police" in shown.text
    assert told in shown.text
    assert status_of(app, report_id) == "referred"
