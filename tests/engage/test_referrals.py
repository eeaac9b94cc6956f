"""The police referral export: only what each reporter agreed to share, safe to open."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime

import pytest
import report_factories as make
from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEntry
from engage.services.reports import casework, referrals
from engage.services.reports.caseload import ReportFilters

CONTACT = {"name": "Amrit Kaur", "phone": "07700 900123", "email": "amrit@example.org"}


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def exported(filters: ReportFilters | None = None) -> list[dict[str, str]]:
    """The export's rows, as a spreadsheet would read them."""
    export = referrals.export_referrals(db.session, make.staff(), filters or ReportFilters())
    return list(csv.DictReader(io.StringIO(export.text)))


def test_a_report_shared_in_full_carries_its_answers_and_contact_details(context):
    library = make.centre("Whitmore Reans Library")
    report = make.report(at=library, created_at=datetime(2024, 3, 5, 10), contact=CONTACT)

    [row] = exported()

    assert row["Engage reference"] == report.submission.reference
    assert row["Sharing"] == "Share in full"
    assert row["Reported on"] == "2024-03-05"
    assert row["Logged by centre"] == "Whitmore Reans Library"
    assert row["Date of incident"] == "2024-03-04"
    assert row["Postcode"] == "WV1 1RP"
    assert row["Ward"] == "Park"
    assert row["Motivation"] == "Race, ethnicity or nationality"
    assert row["Description"] == make.REPORT_ANSWERS["description"]
    assert row["Offender description"] == make.REPORT_ANSWERS["offender_description"]
    assert row["Number of offenders"] == "2 or 3 people"
    assert (row["Contact name"], row["Contact phone"], row["Contact email"]) == (
        "Amrit Kaur",
        "07700 900123",
        "amrit@example.org",
    )


def test_a_shared_report_without_contact_details_has_empty_contact_cells(context):
    make.report()
    [row] = exported()
    assert row["Contact name"] == row["Contact email"] == ""


def test_an_anonymous_report_keeps_the_incident_and_withholds_what_identifies(context):
    library = make.centre()
    report = make.report(
        at=library,
        created_at=datetime(2024, 3, 5, 10),
        contact=CONTACT,
        share_with_police="anonymous",
        incident_types=["verbal-abuse", "other"],
        incident_types_other="They followed me home",
        motivation=["religion", "other"],
        motivation_other="My turban",
        police_aware="yes-reported",
        police_reference="20/999/24",
    )

    [row] = exported()
    text = ",".join(row.values())

    assert row["Sharing"] == "Anonymous information only"
    assert row["Engage reference"] == report.submission.reference
    assert row["What happened"] == "Verbal abuse or threats; Other"
    assert row["Motivation"] == "Religion or belief; Other"
    assert row["Ward"] == "Park"
    assert row["Type of place"] == "In the street"
    assert row["Date of incident"] == "2024-03"
    assert row["Reported on"] == "2024-03"
    for column in (
        "Logged by centre",
        "Postcode",
        "Description",
        "Offender description",
        "What happened (other)",
        "Motivation (other)",
        "Reporter's police reference",
        *referrals.CONTACT_COLUMNS.values(),
    ):
        assert row[column] == "Withheld", column
    for identifying in (
        "Amrit",
        "07700",
        "amrit@",
        "WV1",
        "Dudley Road",
        "Gary",
        "followed me home",
        "turban",
        "20/999/24",
        "2024-03-04",
        "2024-03-05",
        library.name,
    ):
        assert identifying not in text


def test_a_report_the_reporter_would_not_share_is_never_exported(context):
    make.report(share_with_police="do-not-share", contact=CONTACT)
    kept = make.report(share_with_police="anonymous")
    rows = exported()
    assert [row["Engage reference"] for row in rows] == [kept.submission.reference]


def test_the_export_takes_the_lists_filters(context):
    officer = make.staff()
    referred = make.report()
    referred.status = "in_review"
    casework.change_status(db.session, referred, "referred", officer)
    casework.set_police_reference(db.session, referred, "X-1", officer)
    make.report()

    rows = exported(ReportFilters(status="referred"))
    assert [row["Engage reference"] for row in rows] == [referred.submission.reference]
    assert rows[0]["Referral police reference"] == "X-1"
    assert rows[0]["Status"] == "Referred to police"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(context, start: str):
    payload = f'{start}HYPERLINK("http://evil.example","click")'
    make.report(description=payload, contact={"name": f"{start}cmd|' /C calc'!A0"})
    [row] = exported()
    assert row["Description"] == "'" + payload
    assert row["Contact name"].startswith("'" + start)


def test_the_export_is_utf8_text_with_a_header_even_when_empty(context):
    export = referrals.export_referrals(db.session, make.staff(), ReportFilters())
    assert export.count == 0
    assert export.filename.startswith("police-referrals-") and export.filename.endswith(".csv")
    assert next(csv.reader(io.StringIO(export.text))) == referrals.header()


def test_every_export_is_audited_with_no_personal_data(context):
    officer = make.staff()
    shared = make.report(contact=CONTACT)
    anonymous = make.report(share_with_police="anonymous")
    make.report(share_with_police="do-not-share")

    referrals.export_referrals(db.session, officer, ReportFilters(status="new"))

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.object_id, e.detail) for e in entries] == [
        ("report.exported", shared.id, "share"),
        ("report.exported", anonymous.id, "anonymous"),
        ("reports.exported", None, "2 reports; status=new"),
    ]
    assert {e.user_id for e in entries} == {officer.id}
