"""The incident trends page and its downloads: who may see them, filters kept in the address,
suppression in every export, the audit log, and no formula ever running."""

import csv
import io
from datetime import datetime

import pytest
import report_factories as make
from factories import make_centre, make_user, sign_in
from flask import Flask, url_for
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEntry, ReportingCentre
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import audit

OFFICER_EMAIL = "officer@swp.example"
PAYLOAD = '=HYPERLINK("http://evil.example","Open")'


@pytest.fixture
def reports(app: Flask) -> dict[str, int]:
    """Seven reports: five of race in Park, two more; one centre's name is a formula."""
    make_user(app, OFFICER, OFFICER_EMAIL)
    centre_id = make_centre(app, PAYLOAD)
    with app.app_context():
        centre = db.session.get(ReportingCentre, centre_id)
        made = [make.report(created_at=datetime(2024, 3, day, 12)) for day in range(1, 6)]
        made.append(make.report(at=centre, created_at=datetime(2024, 4, 2), ward="penn"))
        made.append(make.report(created_at=datetime(2024, 4, 3), motivation=["religion"]))
        db.session.commit()
        return {"centre": centre_id, "first": made[0].id, "reference": made[0].submission.reference}


def address(app: Flask, endpoint: str, **values: object) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def download(app: Flask, client: FlaskClient, breakdown: str, file_format: str, **filters):
    return client.get(
        address(
            app, "staff.export_incidents", breakdown=breakdown, file_format=file_format, **filters
        )
    )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.mark.parametrize("endpoint", ["staff.incidents", "staff.export_incidents"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (CENTRE_STAFF, 404), (OFFICER, 200), (ADMIN, 200)],
)
def test_only_officers_and_admins_reach_the_trends(
    app: Flask, client: FlaskClient, endpoint: str, role: str | None, expected: int
):
    if role is not None:
        centre = make_centre(app, "Central Library") if role == CENTRE_STAFF else None
        make_user(app, role, "someone@swp.example", centre)
        sign_in(client, "someone@swp.example")
    values = (
        {"breakdown": "all", "file_format": "csv"} if endpoint.endswith("export_incidents") else {}
    )

    response = client.get(address(app, endpoint, **values))

    assert response.status_code == expected
    if role is None:
        assert address(app, "staff.sign_in") in response.headers["Location"]


def test_the_page_shows_every_breakdown_and_the_repeats(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)

    page = client.get(address(app, "staff.incidents")).text

    for title in ["by month received", "by strand", "by type of incident", "by ward", "by channel"]:
        assert f"Reports {title}" in page
    assert "Reports by reporting centre" in page
    assert "fewer than 5" in page and "every download" in page
    assert "Repeat locations" in page and "Possible repeat victimisation" in page
    report_url = address(app, "staff.report", report_id=reports["first"])
    assert f'href="{report_url}">{reports["reference"]}</a>' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    assert ' style="' not in page


def test_the_filters_stay_in_the_address_and_the_downloads(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)
    filters = {"strand": "race", "ward": "park", "channel": "web", "date_from": ["1", "3", "2024"]}

    page = client.get(address(app, "staff.incidents", **filters)).text

    assert '<option value="race" selected>' in page
    assert '<option value="park" selected>' in page
    assert '<option value="web" selected>' in page
    assert "5 reports match these filters" in page
    assert "strand=race&amp;ward=park&amp;channel=web&amp;date_from=1" in page


def test_a_wrong_date_says_what_to_fix(app: Flask, client: FlaskClient, reports):
    sign_in(client, OFFICER_EMAIL)
    page = client.get(
        address(app, "staff.incidents", date_from=["1", "5", "2024"], date_to=["1", "3", "2024"])
    )
    assert page.status_code == 200
    assert "Received to must be after received from" in page.text


def test_an_export_names_its_filters_and_suppresses_small_numbers(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)

    response = download(app, client, "channel", "csv", strand="race")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    header = dict(row for row in rows if len(row) == 2)
    assert header["Export"] == "Reports by channel"
    assert header["Strand"] == "Race, ethnicity or nationality"
    assert header["Ward"] == "Any" and header["Received from"] == "Any date"
    assert "fewer than 5" in header["Small numbers"]
    table = {row[1]: row[2:] for row in rows if len(row) == 4 and row[0] == "Reports by channel"}
    # Five on the website, one through the centre: the lone small count takes the next
    # smallest with it, so that neither can be worked out from the total.
    assert table["A reporting centre"] == ["fewer than 5", ""]
    assert table["The website"] == ["withheld", ""]
    assert table["Telegram"] == ["0", "0.0"]
    assert table["All reports"] == ["6", ""]
    assert "subtraction" in header["Withheld"]


def test_the_whole_analysis_as_xlsx_holds_every_breakdown_and_no_formula(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)

    response = download(app, client, "all", "xlsx", centre=str(reports["centre"]))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert {row[0] for row in values if row and row[0] and row[0].startswith("Reports by")} == {
        "Reports by month received",
        "Reports by strand",
        "Reports by type of incident",
        "Reports by ward",
        "Reports by channel",
        "Reports by reporting centre",
    }
    assert ["Reporting centre", "'" + PAYLOAD] in [row[:2] for row in values]  # the filter
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_formula_in_a_centre_name_is_made_inert_in_csv(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)

    rows = csv_rows(download(app, client, "centre", "csv"))

    labels = [row[1] for row in rows if len(row) == 4]
    assert "'" + PAYLOAD in labels
    assert PAYLOAD not in labels


def test_every_export_is_written_to_the_audit_log(
    app: Flask, client: FlaskClient, reports: dict[str, int]
):
    sign_in(client, OFFICER_EMAIL)

    download(app, client, "ward", "csv", strand="race", date_from=["1", "3", "2024"])
    download(app, client, "all", "xlsx")

    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == audit.INCIDENTS_EXPORTED)
        ).all()
        assert [(e.object_type, e.detail) for e in entries] == [
            ("reports", "ward csv; from=2024-03-01 strand=race"),
            ("reports", "all xlsx; no filters"),
        ]
        assert all(
            entry.user is not None and entry.user.email == OFFICER_EMAIL for entry in entries
        )


def test_an_unknown_breakdown_is_not_found(app: Flask, client: FlaskClient, reports):
    sign_in(client, OFFICER_EMAIL)
    assert download(app, client, "postcode", "csv").status_code == 404
    assert client.get("/staff/incidents/ward.pdf").status_code == 404
