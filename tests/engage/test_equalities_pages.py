"""The equalities pages and exports: who may see them, what they show, and that every export
is audited, suppressed and safe to open in a spreadsheet."""

import csv
import io
from pathlib import Path

import pytest
from factories import csrf_token, make_centre, make_user, publish_form, sign_in
from flask import Flask, url_for
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEntry
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import audit
from engage.services.consultations.publishing import get_consultation
from engage.services.exports import FORMULA_STARTS
from engage.services.forms import flow_for
from engage.services.responses import record_answers, start_response, submit_response
from tests.urls import path_for

SLUG = "strategy"
PAYLOAD = '=HYPERLINK("http://evil.example","click")'
REQUIRED = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "agree",
    "harm_reduction_agree": "agree",
    "building_community_capacity_agree": "agree",
}
EMAILS = {
    OFFICER: "officer@example.org",
    ADMIN: "admin@example.org",
    CENTRE_STAFF: "centre@example.org",
}
PAGES = {
    "analysis": ("staff.consultation_equalities", {}),
    "report": ("staff.consultation_equalities_report", {}),
    "csv": ("staff.consultation_equalities_export", {"file_format": "csv"}),
    "xlsx": ("staff.consultation_equalities_export", {"file_format": "xlsx"}),
    "baseline": ("staff.equalities_baseline", None),
    "baseline csv": ("staff.equalities_baseline_csv", None),
}


@pytest.fixture
def consultation_id(app: Flask, tmp_path: Path) -> int:
    """The strategy consultation with a few responses, one with a formula for a language."""
    app.config["BASELINES_DIR"] = str(tmp_path / "baselines")
    publish_form(app, "swp-strategy-2020-2023", SLUG)
    answers = [{"disability": "yes", "feel_safer": "Hate crime on my street."}] * 6
    answers += [{"disability": "no", "first_language": "other", "first_language_other": PAYLOAD}]
    with app.app_context():
        consultation = get_consultation(db.session, SLUG)
        flow = flow_for(consultation.form)
        for given in answers:
            submission, _ = start_response(
                db.session, consultation.form, channel="web", consultation=consultation
            )
            record_answers(db.session, submission, flow, {**REQUIRED, **given})
            submit_response(db.session, submission, flow)
        db.session.commit()
        return consultation.id


@pytest.fixture
def staff(app: Flask) -> None:
    make_user(app, OFFICER, EMAILS[OFFICER])
    make_user(app, ADMIN, EMAILS[ADMIN])
    make_user(app, CENTRE_STAFF, EMAILS[CENTRE_STAFF], make_centre(app, "Central Library"))


def address(app: Flask, page: str, consultation_id: int, **args: str) -> str:
    endpoint, values = PAGES[page]
    with app.test_request_context():
        if values is None:
            return url_for(endpoint, **args)
        return url_for(endpoint, consultation_id=consultation_id, **values, **args)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [OFFICER, ADMIN])
def test_officers_and_admins_see_every_page_and_export(
    app, client, staff, consultation_id, role, page
):
    sign_in(client, EMAILS[role])

    response = client.get(address(app, page, consultation_id))

    assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize("page", PAGES)
def test_centre_staff_are_refused(app, client, staff, consultation_id, page):
    sign_in(client, EMAILS[CENTRE_STAFF])

    assert client.get(address(app, page, consultation_id)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(app, client, consultation_id, page):
    response = client.get(address(app, page, consultation_id))

    assert response.status_code == 302
    assert path_for(app, "staff.sign_in") in response.headers["Location"]


def test_centre_staff_cannot_upload_a_baseline(app, client, staff, consultation_id):
    sign_in(client, EMAILS[CENTRE_STAFF])
    with app.test_request_context():
        token = csrf_token(client.get(url_for("staff.home")).text)
    sent = {"csrf_token": token, "baseline": (io.BytesIO(b"question,value\n"), "b.csv")}

    response = client.post(address(app, "baseline", consultation_id), data=sent)

    assert response.status_code == 404
    assert not (Path(app.config["BASELINES_DIR"]) / "wolverhampton.csv").exists()


def test_an_unknown_consultation_is_not_found(app, client, staff):
    sign_in(client, EMAILS[OFFICER])

    unknown = path_for(app, "staff.consultation_equalities", consultation_id=999)
    assert client.get(unknown).status_code == 404


def test_the_page_shows_groups_beside_the_population_with_small_numbers_suppressed(
    app, client, staff, consultation_id
):
    sign_in(client, EMAILS[OFFICER])

    page = client.get(address(app, "analysis", consultation_id)).text

    assert "Equalities analysis" in page
    assert 'aria-current="page"' in page  # the results tabs, with this one marked
    assert "Beside Wolverhampton’s population" in page
    assert "20.5%" in page  # the disabled share of the shipped baseline
    assert "fewer than 5" in page  # the one respondent who is not disabled
    assert "We heard less from" in page or "No group with a population figure" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "style=" not in main and "<script" not in main  # ready for a strict CSP


def test_the_printable_report_says_what_it_is(app, client, staff, consultation_id):
    sign_in(client, EMAILS[ADMIN])

    page = client.get(address(app, "report", consultation_id, family="theme")).text

    assert "Equalities report: " in page
    assert "engage-no-print" in page
    assert "Suppressed: any count from 1 to 4" in page
    assert "themes (workstreams)" in page


def exported_rows(app: Flask, client: FlaskClient, consultation_id: int) -> list[list[str]]:
    response = client.get(address(app, "csv", consultation_id))
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_csv_export_has_a_header_and_suppressed_figures(app, client, staff, consultation_id):
    sign_in(client, EMAILS[OFFICER])

    rows = exported_rows(app, client, consultation_id)

    header = {row[0]: row[1] for row in rows[:10] if len(row) == 2}
    assert header["Export"] == "Equalities analysis"
    with app.app_context():
        assert header["Consultation"] == get_consultation(db.session, SLUG).title
    assert "Made" in header and "Filters" in header
    assert header["Small numbers"] == "Counts from 1 to 4 are shown as 'fewer than 5'"
    table = rows[rows.index([]) + 1 :]
    assert table[0][:3] == ["Part", "Question", "Group"]
    who = [r for r in table if r[0] == "Who responded" and r[1].startswith("Do you consider")]
    # 1 is not disabled: the 6 who are would give it away, so they are withheld too.
    assert [r[4] for r in who] == ["withheld", "fewer than 5", "0"]


def test_every_export_is_audited_with_codes_only(app, client, staff, consultation_id):
    sign_in(client, EMAILS[OFFICER])

    client.get(address(app, "csv", consultation_id))
    client.get(address(app, "xlsx", consultation_id, family="characteristic"))

    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).filter_by(action=audit.EQUALITIES_EXPORTED).order_by(AuditEntry.id)
        ).all()
        assert [(e.object_type, e.object_id, e.detail) for e in entries] == [
            ("consultation", consultation_id, "csv, priority"),
            ("consultation", consultation_id, "xlsx, characteristic"),
        ]


def test_formulas_in_what_people_typed_never_run_in_an_export(app, client, staff, consultation_id):
    sign_in(client, EMAILS[OFFICER])
    baseline = (
        "question,value,label,population_percent,source\n"
        f'disability,yes,"{PAYLOAD.replace(chr(34), chr(34) * 2)}",20,@SUM(A1)\n'
    )
    with app.test_request_context():
        page = url_for("staff.equalities_baseline")
    sent = {"csrf_token": csrf_token(client.get(page).text)}
    sent["baseline"] = (io.BytesIO(baseline.encode()), "baseline.csv")
    assert client.post(page, data=sent).status_code == 302

    rows = exported_rows(app, client, consultation_id)
    workbook = load_workbook(io.BytesIO(client.get(address(app, "xlsx", consultation_id)).data))

    cells = [cell for row in rows for cell in row]
    assert "'" + PAYLOAD in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)
    sheet_cells = [c for row in workbook.active.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in sheet_cells)
    assert "'" + PAYLOAD in [c.value for c in sheet_cells]
