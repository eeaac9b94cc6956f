"""Test factories for the web app: a resident's browser, and published test consultations."""

import re
from datetime import timedelta
from pathlib import Path

import pyotp
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

import surveys
from engage import clock
from engage.extensions import db
from engage.services.consultations.publishing import create_consultation
from engage.services.forms import latest_form, load_definition_file
from tests.urls import path_for

FORMS = Path(__file__).parent / "forms"


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else ""


class Resident:
    """A browser's view of Engage: it reads the CSRF token off a page before posting it."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, page: str | None = None) -> TestResponse:
        """Post a form as a browser would, with the CSRF token from the page that shows it."""
        shown = self.client.get(page or url)
        form = {"csrf_token": csrf_token(shown.text), **(data or {})}
        return self.client.post(url, data=form)

    def start(self, start_page: str) -> TestResponse:
        """Press the start button on a consultation's start page."""
        app = self.client.application
        with app.test_request_context(start_page):
            slug = request.view_args["slug"]
        return self.post(path_for(app, "public.begin", slug=slug), page=start_page)


def publish(app: Flask, form_file: str, slug: str, opens_in: int = -1, closes_in: int = 30) -> str:
    """Load a test form and publish it as a consultation; return its start page's path."""
    with app.app_context():
        form, _ = load_definition_file(db.session, FORMS / form_file)
        now = clock.now()
        create_consultation(
            db.session,
            form,
            slug=slug,
            opens_at=now + timedelta(days=opens_in),
            closes_at=now + timedelta(days=closes_in),
        )
        db.session.commit()
    return path_for(app, "public.start", slug=slug)


FIELD_NAME = re.compile(r'name="([a-z0-9_]+)"')


def questions_on_page(flow: surveys.Flow, html: str) -> list[surveys.Question]:
    """The questions a page asks, found by their field names as a browser would see them."""
    names = dict.fromkeys(FIELD_NAME.findall(html))
    known = {q.id: q for q in flow.definition.questions}
    return [known[name] for name in names if name in known]


def plausible_answer(question: surveys.Question) -> str | list[str]:
    """A valid answer to any question, as a person would type or pick it."""
    kind = surveys.QuestionType
    by_type: dict[surveys.QuestionType, str | list[str]] = {
        kind.FREE_TEXT: "More police on the beat, please.",
        kind.YES_NO: "yes",
        kind.NUMBER: str(int(question.minimum or 1)),
        kind.DATE: ["4", "3", "2024"],
        kind.POSTCODE: "WV1 1RP",
        kind.CONSENT: "yes",
    }
    if question.type in by_type:
        return by_type[question.type]
    first = question.options[0].value
    return [first] if question.type is kind.MULTIPLE_CHOICE else first


def publish_form(app: Flask, definition_id: str, slug: str) -> str:
    """Publish the latest stored version of a shipped form, open for a month."""
    with app.app_context():
        now = clock.now()
        create_consultation(
            db.session,
            latest_form(db.session, definition_id),
            slug=slug,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
        )
        db.session.commit()
    return path_for(app, "public.start", slug=slug)


STAFF_PASSWORD = "correct horse battery staple"
# The authenticator app's secret of every test officer and admin (two-factor sign-in is on).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_centre(app: Flask, name: str) -> int:
    """A reporting centre; returns its id."""
    from engage.services.accounts.staff import create_centre

    with app.app_context():
        centre = create_centre(db.session, name)
        db.session.commit()
        return centre.id


def make_user(app: Flask, role: str, email: str, centre_id: int | None = None) -> int:
    """A member of staff with the standard test password; returns their id."""
    from engage.models import ReportingCentre
    from engage.services.accounts.staff import create_user

    with app.app_context():
        centre = db.session.get(ReportingCentre, centre_id) if centre_id else None
        user = create_user(
            db.session,
            email=email,
            name=email.split("@")[0].title(),
            role=role,
            password=STAFF_PASSWORD,
            centre=centre,
        )
        if role in app.config["TWO_FACTOR_REQUIRED_ROLES"]:
            user.totp_secret, user.totp_confirmed_at = STAFF_TOTP_SECRET, clock.now()
        db.session.commit()
        return user.id


def sign_in(client: FlaskClient, email: str, password: str = STAFF_PASSWORD) -> TestResponse:
    """Sign a test client in to the staff side, as a person would: the password, then the code
    their authenticator app shows, if they use one."""
    app = client.application
    page = client.get(path_for(app, "staff.sign_in"))
    signed = client.post(
        path_for(app, "staff.sign_in"),
        data={"csrf_token": csrf_token(page.text), "email": email, "password": password},
    )
    if signed.headers.get("Location") != path_for(app, "staff.sign_in_code"):
        return signed
    page = client.get(path_for(app, "staff.sign_in_code"))
    code = app_code(app, email)
    return client.post(
        path_for(app, "staff.sign_in_code"),
        data={"csrf_token": csrf_token(page.text), "code": code},
    )


def app_code(app: Flask, email: str) -> str:
    """The code a user's authenticator app shows now; its last use is forgotten, so that a
    test can sign the same person in twice within one 30-second step."""
    from engage.models import User

    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        user.totp_last_step = None
        db.session.commit()
        return pyotp.TOTP(user.totp_secret).at(clock.now_aware())
