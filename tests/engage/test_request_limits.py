"""What a request may hold: its size, its number of fields, and no NUL characters.

Each is refused with a page that says what to do, before any query runs, and an over-long
answer is never echoed back whole.
"""

import re

import pytest
from factories import Resident, csrf_token
from flask import Flask
from reporter import Reporter
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer
from tests.urls import Url


@pytest.fixture
def description_page(app: Flask, resident: Resident, url: Url):
    """The report's page that asks what happened, reached by answering the pages before it."""
    return Reporter(app, resident).answer_until(url("public.report_question", key="description"))


def test_a_body_over_the_limit_gets_the_too_long_page(resident: Resident, description_page):
    sent = resident.client.post(
        description_page.request.path,
        data={"csrf_token": csrf_token(description_page.text), "description": "x" * 2_000_000},
    )
    assert sent.status_code == 413
    assert "What you sent was too long" in sent.text
    assert "Answers you saved on earlier pages are kept" in sent.text
    assert "shorten your answer" in sent.text
    assert "5,000 characters" in sent.text


def test_a_form_with_too_many_fields_gets_the_too_long_page(
    app: Flask, resident: Resident, description_page
):
    fields = {f"field{number}": "x" for number in range(app.config["MAX_FORM_PARTS"] + 1)}
    sent = resident.client.post(
        description_page.request.path,
        data={"csrf_token": csrf_token(description_page.text), **fields},
    )
    assert sent.status_code == 413
    assert "What you sent was too long" in sent.text


def test_an_over_long_answer_is_refused_without_being_echoed_back_whole(
    app: Flask, resident: Resident, description_page
):
    answer = "The man shouted at me. " + "x" * 600_000
    sent = resident.client.post(
        description_page.request.path,
        data={"csrf_token": csrf_token(description_page.text), "description": answer},
    )
    assert sent.status_code == 200
    assert "must be 5,000 characters or fewer" in sent.text
    shown = re.search(r"<textarea[^>]*>(.*?)</textarea>", sent.text, re.S).group(1).strip()
    assert shown.startswith("The man shouted at me.")
    assert len(shown) == 10_000
    assert len(sent.data) < 100_000
    with app.app_context():
        stored = select(func.count()).select_from(Answer).filter_by(question_id="description")
        assert db.session.scalar(stored) == 0


@pytest.mark.parametrize(
    "address", ["/consultations/%00", "/consultations/street%00safety/start", "/report/%00"]
)
def test_a_nul_in_the_path_is_not_found(client, address: str):
    page = client.get(address)
    assert page.status_code == 404
    assert "Page not found" in page.text


def test_a_nul_in_a_query_value_or_a_form_field_is_refused_with_what_to_do(
    resident: Resident, description_page, url: Url
):
    for page in [
        resident.client.get("/consultations", query_string={"page": "1\x00"}),
        resident.client.get(url("staff.sign_in"), query_string={"next\x00": "/"}),
        resident.client.post(
            description_page.request.path,
            data={"csrf_token": csrf_token(description_page.text), "description": "a\x00b"},
        ),
    ]:
        assert page.status_code == 400
        assert "has a character that cannot be read" in page.text
        assert "answers you saved before are kept" in page.text
