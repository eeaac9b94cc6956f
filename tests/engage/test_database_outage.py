"""The database down or refusing changes while a resident answers: a clear "try again" page
(503), never a 500 or a stack trace, nothing half-saved, and nothing they typed in the log."""

import logging

from factories import Resident, csrf_token
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from engage.extensions import db
from engage.models import Answer
from tests.database_outages import database_down, writes_refused
from tests.urls import path_for

WORRIES = {"worries_other": "The dealer on Dudley Road", "comments": "Cars race at night."}


def stored_answers(app: Flask) -> dict[str, str | None]:
    with app.app_context():
        found = {a.question_id: a.value for a in db.session.scalars(select(Answer))}
        db.session.remove()
        return found


def question(resident: Resident, key: str) -> str:
    """The path of a question's page of the street safety consultation."""
    app = resident.client.application
    return path_for(app, "public.question", slug="street-safety", key=key)


def first_page_answered(resident: Resident, street_safety: str) -> None:
    resident.start(street_safety)
    feel_safe = question(resident, "feel_safe")
    resident.post(feel_safe, {"feel_safe": "agree", "worries": ["asb", "other"]})


def send_worries(resident: Resident, shown: TestResponse) -> TestResponse:
    """Send the worries page as the browser that was shown it would."""
    data = {"csrf_token": csrf_token(shown.text), **WORRIES}
    return resident.client.post(question(resident, "worries_other"), data=data)


def test_a_page_sent_while_the_database_is_down_asks_to_try_again(
    app: Flask, resident: Resident, street_safety: str, caplog
):
    first_page_answered(resident, street_safety)
    shown = resident.get(question(resident, "worries_other"))

    with database_down(app), caplog.at_level(logging.INFO):
        sent = send_worries(resident, shown)

    assert sent.status_code == 503
    assert sent.headers["Retry-After"] == "30"
    assert "Sorry, the service is busy" in sent.text and "send it again" in sent.text
    assert "Traceback" not in sent.text
    assert "Dudley Road" not in caplog.text and "parameters" not in caplog.text

    again = send_worries(resident, shown)

    assert again.status_code == 302
    answers = stored_answers(app)
    assert answers["feel_safe"] == "agree"  # what was saved before the outage is kept
    assert answers["worries_other"] == "The dealer on Dudley Road"


def test_a_change_the_database_refuses_is_not_half_saved(
    app: Flask, resident: Resident, street_safety: str, caplog
):
    first_page_answered(resident, street_safety)
    shown = resident.get(question(resident, "worries_other"))

    with writes_refused(app), caplog.at_level(logging.INFO):
        sent = send_worries(resident, shown)

    assert sent.status_code == 503
    assert "worries_other" not in stored_answers(app)
    assert stored_answers(app)["feel_safe"] == "agree"
    assert "Dudley Road" not in caplog.text and "parameters" not in caplog.text
