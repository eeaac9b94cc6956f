"""A consultation's results for officers: the overview, themes, answers, review and exports."""

import csv
import io

import pytest
from factories import csrf_token, make_centre, make_user, publish_form, sign_in
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from engage.extensions import db
from engage.models import Answer, AnswerTag, AuditEntry, Consultation, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import audit
from engage.services.forms import flow_for
from engage.services.insight import review
from engage.services.responses import record_answers, start_response, submit_response
from tests.urls import Url

STRATEGY = "swp-strategy-2020-2023"
REQUIRED = {
    "reducing_offending_agree": "agree",
    "preventing_violence_agree": "agree",
    "harm_reduction_agree": "disagree",
    "building_community_capacity_agree": "agree",
}
RACISM = "Racist abuse at the bus station is getting worse."
FORMULA = '=HYPERLINK("http://evil.example")'


def respond(app: Flask, channel: str = "web", **answers: object) -> None:
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        flow = flow_for(consultation.form)
        submission, _ = start_response(
            db.session, consultation.form, channel=channel, consultation=consultation
        )
        record_answers(db.session, submission, flow, {**REQUIRED, **answers})
        submit_response(db.session, submission, flow)
        db.session.commit()


@pytest.fixture
def consultation_id(app: Flask) -> int:
    publish_form(app, STRATEGY, "community-safety-strategy")
    for _ in range(6):
        respond(app, feel_safer=RACISM, disability="yes")
    for _ in range(2):
        respond(app, channel="telegram", feel_safer="More bobbies on the beat.", disability="no")
    respond(app, feel_safer=FORMULA)
    with app.app_context():
        return db.session.scalar(select(Consultation.id))


@pytest.fixture
def officer(app: Flask) -> FlaskClient:
    make_user(app, OFFICER, "officer@example.org")
    client = app.test_client()
    sign_in(client, "officer@example.org")
    return client


def test_the_overview_counts_by_question_and_channel_with_small_numbers_held_back(
    officer, consultation_id, url: Url
):
    page = officer.get(url("staff.consultation_results", consultation_id=consultation_id))

    assert page.status_code == 200
    assert "Responses by channel" in page.text
    assert ">The website</th>" in page.text and "fewer than 5" in page.text  # Telegram: 2
    assert "Responses a week" in page.text and "<svg" in page.text


def test_themes_count_answers_by_tag_and_open_the_answers_behind_them(
    officer, consultation_id, url: Url
):
    page = officer.get(url("staff.consultation_themes", consultation_id=consultation_id))

    assert page.status_code == 200
    assert "Officers’ decisions where reviewed, machine suggestions elsewhere" in page.text
    race_link = url(
        "staff.consultation_answers", consultation_id=consultation_id, source="reviewed", tag="race"
    )
    assert escape(race_link) in page.text
    answers = officer.get(
        url("staff.consultation_answers", consultation_id=consultation_id, tag="race")
    )
    assert answers.text.count("<mark>Racist</mark>") == 6


def test_filters_combine_and_stay_in_the_url(officer, consultation_id, url: Url):
    answers = url("staff.consultation_answers", consultation_id=consultation_id)
    disabled = officer.get(answers, query_string={"group": "disability:yes", "channel": "web"})
    telegram = officer.get(answers, query_string={"channel": "telegram", "search": "beat"})
    nobody = officer.get(answers, query_string={"channel": "telegram", "group": "disability:yes"})

    assert "6 answers match" in disabled.text
    assert "2 answers match" in telegram.text
    assert "0 answers match" in nobody.text
    assert 'name="group"' in disabled.text and 'value="disability:yes" selected' in disabled.text


def test_an_officer_corrects_a_tag_and_both_decisions_are_kept(
    app, officer, consultation_id, url: Url
):
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).filter_by(value=RACISM))
    review_page = url("staff.review_answer", consultation_id=consultation_id, answer_id=answer_id)
    page = officer.get(review_page)
    assert 'value="race" checked' in page.text

    saved = officer.post(
        review_page,
        data={"csrf_token": csrf_token(page.text), "labels": ["race", "public_place_violence"]},
    )

    assert saved.status_code == 302
    with app.app_context():
        decided = db.session.scalars(
            select(AnswerTag).filter_by(answer_id=answer_id, source="officer", applies=True)
        ).all()
        assert {t.label for t in decided} == {"race", "public_place_violence"}
        assert db.session.scalar(
            select(AnswerTag.id).filter_by(answer_id=answer_id, source="machine", label="race")
        )
        assert db.session.scalar(select(AuditEntry).filter_by(action=audit.TAG_DECIDED))
    answers = officer.get(url("staff.consultation_answers", consultation_id=consultation_id))
    assert "Officers have reviewed 1 of 9 answers" in answers.text


def test_agreement_is_precision_and_recall_against_officers(app, consultation_id):
    make_user(app, OFFICER, "reviewer@example.org")
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        reviewer = db.session.scalar(select(User))
        ids = db.session.scalars(select(Answer.id).filter_by(value=RACISM)).all()
        review.decide(db.session, ids[0], {"race"}, reviewer)  # agrees
        review.decide(db.session, ids[1], set(), reviewer)  # says race does not apply
        review.decide(db.session, ids[2], {"race", "age"}, reviewer)  # adds age
        found = review.agreement(db.session, consultation)
    race = next(row for row in found.labels if row.label == "race")
    age = next(row for row in found.labels if row.label == "age")

    assert found.reviewed == 3 and found.answers == 9
    assert (race.agreed, race.wrongly_suggested, race.missed) == (2, 1, 0)
    assert race.precision == pytest.approx(2 / 3) and race.recall == 1.0
    assert age.recall == 0.0 and age.precision is None


def test_the_answers_export_neutralises_formulas_and_is_audited(
    app, officer, consultation_id, url: Url
):
    export = officer.get(url("staff.export_answers", consultation_id=consultation_id, fmt="csv"))

    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert export.data.startswith("\ufeff".encode())  # a byte order mark, as every CSV has
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0] == ["Export", "Consultation answers"] and rows[2][0] == "Consultation"
    assert any(row[3] == "'" + FORMULA for row in rows if len(row) > 3)
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).filter_by(action=audit.ANSWERS_EXPORTED))


def test_the_analysis_export_is_suppressed_and_says_so(officer, consultation_id, url: Url):
    export = officer.get(url("staff.export_results", consultation_id=consultation_id, fmt="xlsx"))

    assert export.status_code == 200 and export.data[:2] == b"PK"
    text = officer.get(url("staff.export_results", consultation_id=consultation_id, fmt="csv")).text
    assert "fewer than 5" in text and "Small numbers" in text


@pytest.mark.parametrize(
    ("endpoint", "values"),
    [
        pytest.param("staff.consultation_results", {}, id="results"),
        pytest.param("staff.consultation_themes", {}, id="themes"),
        pytest.param("staff.consultation_answers", {}, id="answers"),
        pytest.param("staff.export_results", {"fmt": "csv"}, id="results.csv"),
        pytest.param("staff.export_answers", {"fmt": "xlsx"}, id="answers.xlsx"),
    ],
)
def test_only_officers_and_admins_see_results(app, consultation_id, endpoint, values, url: Url):
    make_user(app, ADMIN, "admin@example.org")
    make_user(app, CENTRE_STAFF, "library@example.org", make_centre(app, "Library"))
    address = url(endpoint, consultation_id=consultation_id, **values)
    admin, centre, stranger = app.test_client(), app.test_client(), app.test_client()
    sign_in(admin, "admin@example.org")
    sign_in(centre, "library@example.org")

    assert admin.get(address).status_code == 200
    assert centre.get(address).status_code == 404  # staff pages of other roles are not there
    assert stranger.get(address).status_code == 302


def test_an_unknown_consultation_or_format_is_not_found(officer, consultation_id, url: Url):
    assert officer.get(url("staff.consultation_results", consultation_id=999)).status_code == 404
    unknown_format = url("staff.export_results", consultation_id=consultation_id, fmt="pdf")
    assert officer.get(unknown_format).status_code == 404
