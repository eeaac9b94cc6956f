"""What each role sees of a report: its list, its page, casework and the filters.

Centre A logged the report. Centre staff see their own centre's reports and nothing else
(another centre's report is "not found", never "forbidden"); officers and admins see and work
on every report. Who reaches every route at all is test_route_access.py's role matrix.
"""

import re

import pytest
import report_factories as make
from factories import Resident, make_centre, make_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from engage.extensions import db
from engage.models import Report, ReportingCentre
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from tests.urls import Url, path_for

EMAILS = {
    "centre_a": "a@library.example",
    "centre_b": "b@gurdwara.example",
    "officer": "officer@swp.example",
    "admin": "admin@swp.example",
}


@pytest.fixture
def people(app: Flask) -> dict[str, int]:
    library = make_centre(app, "Central Library")
    gurdwara = make_centre(app, "Guru Nanak Gurdwara")
    ids = {
        "centre_a": make_user(app, CENTRE_STAFF, EMAILS["centre_a"], library),
        "centre_b": make_user(app, CENTRE_STAFF, EMAILS["centre_b"], gurdwara),
        "officer": make_user(app, OFFICER, EMAILS["officer"]),
        "admin": make_user(app, ADMIN, EMAILS["admin"]),
        "library": library,
    }
    with app.app_context():
        report = make.report(at=db.session.get(ReportingCentre, library), contact=make_contact())
        db.session.commit()
        ids["report"] = report.id
        ids["reference"] = report.submission.reference
    return ids


def make_contact() -> dict[str, str]:
    return {"name": "Amrit Kaur", "phone": "07700 900123"}


def act_on_report(
    browser: Resident, people: dict[str, int], action: str, data: dict[str, str]
) -> TestResponse:
    """Post one of the report's casework forms (`action`, its endpoint) from the report's own
    page."""
    app = browser.client.application
    address = path_for(app, "staff.report", report_id=people["report"])
    return browser.post(path_for(app, action, report_id=people["report"]), data, page=address)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("staff.change_report_status", {"status-to": "in_review"}),
        ("staff.assign_report", {"assign-assignee": "officer"}),
        ("staff.add_report_note", {"note-text": "Rang the centre"}),
        ("staff.set_report_risk", {"risk-flag": "on"}),
        ("staff.set_report_police_reference", {"reference-police_reference": "CRI-7"}),
    ],
)
def test_casework_goes_back_to_the_report(
    app: Flask,
    resident: Resident,
    people: dict[str, int],
    action: str,
    data: dict[str, str],
    url: Url,
):
    sign_in(resident.client, EMAILS["officer"])
    sent = {key: str(people.get(value, value)) for key, value in data.items()}

    response = act_on_report(resident, people, action, sent)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(url("staff.report", report_id=people["report"]))


@pytest.mark.parametrize("role", ["centre_a", "officer", "admin"])
def test_the_list_shows_a_report_to_those_who_may_see_it(
    app: Flask, client: FlaskClient, people: dict[str, int], role: str, url: Url
):
    sign_in(client, EMAILS[role])
    assert people["reference"] in client.get(url("staff.reports")).text


def test_the_list_hides_another_centres_report(app: Flask, client: FlaskClient, people, url: Url):
    sign_in(client, EMAILS["centre_b"])
    page = client.get(url("staff.reports"))
    assert people["reference"] not in page.text
    assert "0 reports" in page.text


def test_another_centres_report_looks_like_one_that_does_not_exist(
    app: Flask, client: FlaskClient, people: dict[str, int], url: Url
):
    sign_in(client, EMAILS["centre_b"])
    theirs = client.get(url("staff.report", report_id=people["report"]))
    missing = client.get(url("staff.report", report_id=99999))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text == missing.text


def test_centre_staff_see_the_answers_but_not_contact_details_notes_or_casework(
    app: Flask, client: FlaskClient, people: dict[str, int], url: Url
):
    officer = Resident(app.test_client())
    sign_in(officer.client, EMAILS["officer"])
    act_on_report(
        officer, people, "staff.add_report_note", {"note-text": "Suspect known to police"}
    )
    sign_in(client, EMAILS["centre_a"])

    page = client.get(url("staff.report", report_id=people["report"]))

    assert page.status_code == 200
    assert "shouted racist abuse" in page.text
    assert "Share my report with West Midlands Police" in page.text
    assert "Amrit Kaur" not in page.text and "07700" not in page.text
    assert "Suspect known to police" not in page.text
    assert "Save status" not in page.text and "Add note" not in page.text


def test_officers_see_contact_details_notes_and_casework(
    app: Flask, resident: Resident, people: dict[str, int], url: Url
):
    sign_in(resident.client, EMAILS["officer"])
    act_on_report(
        resident, people, "staff.add_report_note", {"note-text": "Suspect known to police"}
    )
    page = resident.get(url("staff.report", report_id=people["report"]))
    assert "Amrit Kaur" in page.text and "07700 900123" in page.text
    assert "Suspect known to police" in page.text
    assert "Save status" in page.text
    assert "<mark>racist</mark>" in page.text  # the suggested tags' evidence


def test_a_post_without_its_csrf_token_is_refused(
    app: Flask, client: FlaskClient, people: dict[str, int], url: Url
):
    sign_in(client, EMAILS["officer"])
    response = client.post(
        url("staff.change_report_status", report_id=people["report"]),
        data={"status-to": "in_review"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Report, people["report"]).status == "new"


def test_a_refused_move_keeps_what_was_typed_and_says_what_to_fix(
    app: Flask, resident: Resident, people: dict[str, int]
):
    sign_in(resident.client, EMAILS["officer"])
    page = act_on_report(
        resident,
        people,
        "staff.change_report_status",
        {"status-to": "closed", "status-outcome": ""},
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Select an outcome to close the report" in page.text
    assert 'href="#status-outcome"' in page.text

    note = "x" * 5001
    page = act_on_report(resident, people, "staff.add_report_note", {"note-text": note})
    assert "The note must be 5,000 characters or fewer" in page.text
    assert note in page.text


def test_an_invalid_move_over_the_web_is_explained(
    app: Flask, resident: Resident, people: dict[str, int]
):
    sign_in(resident.client, EMAILS["officer"])
    moved = {"status-to": "referred"}
    page = act_on_report(resident, people, "staff.change_report_status", moved)
    assert page.status_code == 200
    assert "cannot be referred to the police: put it in review first" in page.text
    with app.app_context():
        assert db.session.get(Report, people["report"]).status == "new"


def test_nonsense_in_the_list_filters_is_explained(
    app: Flask, client: FlaskClient, people: dict[str, int], url: Url
):
    sign_in(client, EMAILS["officer"])
    page = client.get(
        url("staff.reports"),
        query_string={"status": "lost", "date_from": ["40", "1", "2024"], "page": "x"},
    )
    assert page.status_code == 200
    assert "Select a status from the list" in page.text
    assert "Reported from must be a real date" in page.text
    export = client.get(url("staff.export_referrals"), query_string={"ward": "atlantis"})
    assert export.status_code == 200
    assert "Select a ward from the list" in export.text


def test_the_list_filters_and_sorts_over_the_web(
    app: Flask, client: FlaskClient, people: dict[str, int], url: Url
):
    with app.app_context():
        other = make.report(motivation=["disability"], ward="oxley")
        db.session.commit()
        other_reference = other.submission.reference
    sign_in(client, EMAILS["officer"])
    both = client.get(url("staff.reports"), query_string={"sort": "oldest"}).text
    assert both.index(people["reference"]) < both.index(other_reference)
    only = client.get(url("staff.reports"), query_string={"strand": "disability"}).text
    assert other_reference in only and people["reference"] not in only
    by_ward = client.get(url("staff.reports"), query_string={"ward": "park"}).text
    assert people["reference"] in by_ward and other_reference not in by_ward
    by_centre = client.get(url("staff.reports"), query_string={"centre": people["library"]}).text
    assert people["reference"] in by_centre and other_reference not in by_centre


def test_a_change_to_a_report_someone_changed_meanwhile_says_so_and_keeps_the_choice(
    app: Flask, resident: Resident, people: dict[str, int]
):
    sign_in(resident.client, EMAILS["officer"])
    with app.app_context():  # another officer puts it in review while this one's page says new
        db.session.get(Report, people["report"]).status = "in_review"
        db.session.commit()
    chosen = {"status-to": "closed", "status-outcome": "support-given", "status-seen": "new"}

    page = act_on_report(resident, people, "staff.change_report_status", chosen)

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "Someone else changed this report while you were looking at it" in page.text
    assert 'href="#status-to"' in page.text
    assert re.search(r'value="support-given"\s+checked', page.text)
    assert 'name="status-seen" value="in_review"' in page.text
    with app.app_context():
        report = db.session.get(Report, people["report"])
        assert (report.status, report.outcome) == ("in_review", None)
