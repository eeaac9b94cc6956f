"""The area's population baseline: the shipped figures from the strategy, and an officer's
upload, which replaces it only when every line is right and says what to fix, by line."""

import io
from pathlib import Path

import pytest
from factories import csrf_token, make_user, sign_in
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEntry
from engage.roles import OFFICER
from engage.services import audit
from engage.services.equalities import baselines
from tests.urls import Url

GOOD = """question,value,label,population_percent,population_count,source
all,,,,250000,Census 2021
disability,yes,,19.1,,Census 2021
disability,no,,80.9,,Census 2021
"""
BAD = """question,value,population_percent,source
disabilty,yes,20,Census
disability,yes,twenty,Census
disability,no,70,
sex,female,60,Census
sex,male,50,Census
sex,female,40,Census
first_language,prefer-not-to-say,1,Census
"""


@pytest.fixture
def uploads(app: Flask, tmp_path: Path) -> Path:
    app.config["BASELINES_DIR"] = str(tmp_path / "baselines")
    return tmp_path / "baselines"


@pytest.fixture
def officer(app: Flask, client: FlaskClient, uploads: Path) -> FlaskClient:
    make_user(app, OFFICER, "officer@example.org")
    sign_in(client, "officer@example.org")
    return client


def upload(client: FlaskClient, text: str | bytes, name: str = "baseline.csv"):
    with client.application.test_request_context():
        page = url_for("staff.equalities_baseline")
    token = csrf_token(client.get(page).text)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        page,
        data={"csrf_token": token, "baseline": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def shipped(app: Flask) -> dict[tuple[str, tuple[str, ...]], baselines.Figure]:
    with app.app_context():
        monitoring = baselines.monitoring_questions(db.session)
        figures = baselines.parse_baseline(baselines.shipped_text("wolverhampton"), monitoring)
    return {(f.question, f.values): f for f in figures}


def test_wolverhamptons_shipped_baseline_has_the_strategys_figures_and_sources(app):
    figures = shipped(app)

    assert figures["all", ()].count == 262_000
    assert "2018" in figures["all", ()].source
    assert figures["disability", ("yes",)].percent == 20.5
    assert "2011" in figures["disability", ("yes",)].source
    not_english = figures["first_language", tuple(v for v in _languages(app) if v != "english")]
    assert (not_english.percent, not_english.label) == (10.9, "First language not English")
    lgb = figures["sexual_orientation", ("gay-or-lesbian", "bisexual")]
    assert (lgb.percent, lgb.count) == (2, 4210) and "footnote 5" in lgb.source
    assert figures["trans_history", ("no",)].percent == 0.35
    assert "footnote 4" in figures["trans_history", ("no",)].source
    # Where the strategy gives no figure, the line is there with blanks, to fill in.
    assert figures["religion", ("sikh",)].percent is None
    assert figures["religion", ("sikh",)].source == ""
    assert all(f.source for f in figures.values() if f.percent is not None or f.count)


def _languages(app: Flask) -> list[str]:
    with app.app_context():
        return baselines.monitoring_questions(db.session)["first_language"].stated()


def test_a_good_upload_replaces_the_baseline_and_is_audited(app, officer, uploads, url: Url):
    response = upload(officer, GOOD)

    assert response.status_code == 302
    page = officer.get(response.headers["Location"])
    assert "Baseline replaced: 3 lines for Wolverhampton" in page.text
    assert "uploaded by officers" in page.text
    assert "19.1%" in page.text and "20.5%" not in page.text
    assert (uploads / "wolverhampton.csv").read_text("utf-8") == GOOD
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).filter_by(action=audit.BASELINE_REPLACED))
        assert entry is not None and entry.detail == "wolverhampton: 3 rows"
    assert officer.get(url("staff.equalities_baseline_csv")).text.lstrip("\ufeff") == GOOD


def test_a_bad_upload_lists_every_problem_by_line_and_replaces_nothing(app, officer, uploads):
    upload(officer, GOOD)

    response = upload(officer, BAD)

    assert response.status_code == 200
    text = response.text.replace("&#39;", "'")
    assert "The baseline was not replaced" in text
    assert "Line 2: 'disabilty' is not a question Engage knows. Did you mean 'disability'?" in text
    assert "Line 3: population_percent 'twenty' must be a percentage from 0 to 100" in text
    assert "Line 4: give the source of the figure" in text
    assert "Line 7: the same group is on line 5. Keep only one" in text
    assert "Line 8: 'prefer-not-to-say' is not a value of first_language" in text
    assert "Line 7: the population_percent of the sex groups add up to 150%" in text
    assert (uploads / "wolverhampton.csv").read_text("utf-8") == GOOD
    with app.app_context():
        replaced = db.session.scalars(select(AuditEntry).filter_by(action=audit.BASELINE_REPLACED))
        assert len(replaced.all()) == 1


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        (b"", "The file is empty"),
        ("question,value\nsex,female\n".encode("utf-16"), "saved as UTF-8"),
        (b"question,value,percent,source\n", "'percent' is not a column Engage knows"),
        (b"question,value,source\nsex,female," + b"x" * 150_000 + b"\n", "Line 2 has a cell"),
        (b'question,value,source\nsex,"female\n', "Line 2 has a quote"),
    ],
)
def test_a_file_that_is_not_a_baseline_says_so(officer, uploads, sent, problem):
    response = upload(officer, sent)

    assert problem in response.text.replace("&#39;", "'")
    assert not (uploads / "wolverhampton.csv").exists()


def test_no_file_chosen_asks_for_one(officer):
    with officer.application.test_request_context():
        page = url_for("staff.equalities_baseline")
    response = officer.post(page, data={"csrf_token": csrf_token(officer.get(page).text)})

    assert "Select the CSV file with the new baseline" in response.text


def test_the_upload_page_documents_the_format(officer, url: Url):
    page = officer.get(url("staff.equalities_baseline")).text

    for column in baselines.COLUMNS:
        assert column in page
    assert "not:english" in page and "gay-or-lesbian+bisexual" in page
    assert "20.5%" in page and "262,000" in page


def test_an_upload_that_no_longer_fits_the_questions_falls_back_to_the_shipped_one(app, uploads):
    uploads.mkdir(parents=True)
    (uploads / "wolverhampton.csv").write_text(
        "question,value,population_percent,source\nx,y,1,z\n"
    )
    with app.app_context():
        monitoring = baselines.monitoring_questions(db.session)
        baseline = baselines.load_baseline("wolverhampton", uploads, monitoring)

    assert not baseline.uploaded and "upload it again" in baseline.note
    assert baseline.whole_area is not None and baseline.whole_area.count == 262_000
