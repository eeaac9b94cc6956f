"""Unfinished responses: kept for their lifetime, then no longer found, then purged."""

from datetime import timedelta

from factories import Resident
from flask import Flask
from sqlalchemy import func, select

from engage import clock
from engage.extensions import db
from engage.models import Answer, Submission
from tests.urls import Url


def age_every_draft(app: Flask, hours: float) -> None:
    with app.app_context():
        for draft in db.session.scalars(select(Submission).filter_by(status="draft")):
            draft.updated_at = clock.now() - timedelta(hours=hours)
        db.session.commit()


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_draft_within_its_lifetime_is_carried_on(
    app: Flask, street_safety: str, resident: Resident, url: Url
):
    feel_safe = url("public.question", slug="street-safety", key="feel_safe")
    resident.start(street_safety)
    resident.post(feel_safe, {"feel_safe": "agree"})
    age_every_draft(app, hours=23)

    assert resident.get(feel_safe).status_code == 200


def test_a_draft_past_its_lifetime_is_not_found(
    app: Flask, street_safety: str, resident: Resident, url: Url
):
    feel_safe = url("public.question", slug="street-safety", key="feel_safe")
    resident.start(street_safety)
    age_every_draft(app, hours=25)

    page = resident.get(feel_safe)

    assert page.headers["Location"].endswith(url("public.start", slug="street-safety", expired=1))


def test_purge_deletes_stale_drafts_and_keeps_the_rest(
    app: Flask, street_safety: str, resident: Resident, runner, url: Url
):
    feel_safe = url("public.question", slug="street-safety", key="feel_safe")
    resident.start(street_safety)
    resident.post(feel_safe, {"feel_safe": "agree"})
    age_every_draft(app, hours=25)
    Resident(app.test_client()).start(street_safety)

    result = runner.invoke(args=["drafts", "purge"])

    assert "Deleted 1 unfinished responses;" in result.output
    assert count(app, Submission) == 1
    assert count(app, Answer) == 0
