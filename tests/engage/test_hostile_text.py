"""Hostile text people type (markup, script, spreadsheet formulas) is shown inert on every page
that shows it, and made inert in every CSV and XLSX export.

The world (hostile_world.py) puts the text at the start of every name, answer, description,
contact detail, note and summary. A page must show it escaped, never as markup; an export must
never hold a cell that a spreadsheet would run (one starting =, +, -, @, a tab or a carriage
return), nor an XLSX formula. test_every_page.py checks every page for markup besides.
"""

import csv
import io
from pathlib import Path

import pytest
from factories import csrf_token
from flask import Flask, url_for
from flask.testing import FlaskClient
from hostile_world import World, build_world, sign_in_as
from markupsafe import escape
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from engage.services.exports import FORMULA_STARTS

MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1"]

# What each role's pages show of the world's typed text: the words the world typed after it
# ("" for an answer, whose words after it are marked as a tag's evidence).
REPORT = ["racist abuse described", "offender", "what happened", "motivation", "Library"]
SHOWN = {
    "anonymous": {
        "public.hub": ["last year", "you said, we did"],
        "public.report_start": ["Library", "Gurdwara"],
    },
    "centre_a": {
        "staff.report": REPORT,
        "staff.reports": ["Library", "A"],
        "staff.home": ["Library", "A"],
    },
    "officer": {
        "staff.report": [*REPORT, "name", "phone", "email", "best time", "note"],
        "staff.reports": ["Library", "Gurdwara"],
        "staff.consultations": ["last year", "strategy"],
        "staff.consultation_answers": [""],
        "staff.review_answer": [""],
        "staff.incidents": ["Library", "Gurdwara"],
        "staff.audit_log": ["Officer", "Admin"],
    },
    "admin": {
        "staff.users": ["Officer", "A", "Library"],
        "staff.centres": ["Library", "Spare centre"],
        "staff.deactivate_user": ["Spare"],
        "staff.rename_centre": ["Spare centre"],
        "staff.audit_log": ["Officer", "Admin"],
    },
}
# Every export (its endpoint and format) and the words after the typed text in a cell it holds.
EXPORTS = [
    ("staff.export_referrals", "csv", "racist abuse described"),
    ("staff.export_answers", "csv", ""),
    ("staff.export_answers", "xlsx", ""),
    ("staff.export_results", "csv", "strategy"),
    ("staff.export_results", "xlsx", "strategy"),
    ("staff.export_incidents", "csv", "Library"),
    ("staff.export_incidents", "xlsx", "Library"),
    ("staff.consultation_equalities_export", "csv", "strategy"),
    ("staff.consultation_equalities_export", "xlsx", "strategy"),
    ("staff.equalities_baseline_csv", "csv", "source"),
]


def page(app: Flask, client: FlaskClient, world: World, endpoint: str) -> TestResponse:
    [rule] = app.url_map.iter_rules(endpoint)
    return client.get(world.url(app, rule))


@pytest.mark.parametrize("role", SHOWN)
@pytest.mark.parametrize("text", MARKUP)
def test_typed_markup_is_shown_as_text(app: Flask, client: FlaskClient, text: str, role: str):
    world = build_world(app, text)
    sign_in_as(client, role)

    for endpoint, words in SHOWN[role].items():
        shown = page(app, client, world, endpoint)
        assert shown.status_code == 200, endpoint
        assert text not in shown.text, endpoint
        for typed in words:
            assert str(escape(f"{text} {typed}")) in shown.text, (endpoint, typed)


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize(("endpoint", "file_format", "words"), EXPORTS)
def test_typed_formulas_are_inert_in_every_export(
    app: Flask,
    client: FlaskClient,
    tmp_path: Path,
    text: str,
    endpoint: str,
    file_format: str,
    words: str,
):
    world = build_world(app, text)
    sign_in_as(client, "officer")
    app.config["BASELINES_DIR"] = str(tmp_path / "baselines")
    upload_baseline(app, client, label=f"{text} label", source=f"{text} source")
    world.values.update(fmt=file_format, file_format=file_format, breakdown="all")

    sent = page(app, client, world, endpoint)

    assert sent.status_code == 200
    cells = xlsx_cells(sent.data) if file_format == "xlsx" else csv_cells(sent.text)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    # The typed text is there, behind its apostrophe (a name or an upload may have lost the
    # tab or carriage return it started with, or had the carriage return read as a new line).
    typed = f"{text.strip()} {words}"
    assert any(cell.lstrip("'").lstrip().startswith(typed) for cell in cells), repr(cells)


def upload_baseline(app: Flask, client: FlaskClient, label: str, source: str) -> None:
    """Replace the population baseline with one whose label and source are these."""
    lines = io.StringIO()
    writer = csv.writer(lines)
    writer.writerow(["question", "value", "label", "population_percent", "source"])
    writer.writerow(["disability", "yes", label, "20", source])
    with app.test_request_context():
        address = url_for("staff.equalities_baseline")
    sent = {
        "csrf_token": csrf_token(client.get(address).text),
        "baseline": (io.BytesIO(lines.getvalue().encode()), "baseline.csv"),
    }
    assert client.post(address, data=sent).status_code == 302


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    """Every text cell of a workbook; a formula cell fails the test at once."""
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [cell.value for cell in cells if isinstance(cell.value, str)]
