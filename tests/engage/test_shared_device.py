"""A shared computer: the browser's cookie holds only opaque keys. A report's contact answers
and receipt code are sealed on the server with a key only that browser holds, shown once and
then deleted; a report's draft goes after two hours untouched; an authenticator's secret being
set up is kept on the account, never in the staff cookie."""

import json
import re
from datetime import timedelta

import pytest
from factories import STAFF_PASSWORD, Resident, csrf_token, make_user, publish
from flask import Flask
from flask.testing import FlaskClient
from reporter import CONTACT, Reporter
from sqlalchemy import func, select

from engage import clock
from engage.extensions import db
from engage.models import Consultation, DraftSecret, Submission, User
from engage.roles import OFFICER
from engage.services import responses
from engage.services.forms import latest_form
from engage.services.reports import filing
from tests.urls import Url, path_for

RECEIPT_CODE = re.compile(r"[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}")
SHARING = {"share_with_police": "share"}  # so the contact questions are asked


@pytest.fixture
def reporter(app: Flask, resident: Resident) -> Reporter:
    return Reporter(app, resident)


def move_clock(monkeypatch: pytest.MonkeyPatch, **delta: float) -> None:
    moved = clock.now() + timedelta(**delta)
    monkeypatch.setattr(clock, "now", lambda: moved)


def cookie_text(app: Flask, client: FlaskClient) -> str:
    """Everything the session cookie holds, decoded as whoever holds the browser could."""
    raw = client.get_cookie("session", domain="engage.test")
    if raw is None:
        return ""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return json.dumps(serializer.loads(raw.value))


def sealed_rows(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(DraftSecret.sealed)))


def test_contact_details_are_in_neither_the_cookie_nor_the_database_in_the_clear(
    app: Flask, reporter: Reporter, url: Url
):
    check = reporter.answer_until(url("public.report_check"), **SHARING)

    assert CONTACT["phone"] in check.text  # the check page shows them back to the reporter
    held = cookie_text(app, reporter.client)
    assert "report:web" in held  # the cookie was read: it holds the draft's opaque key
    for detail in ("name", "phone", "email", "best_time"):
        assert CONTACT[detail] not in held
    assert not RECEIPT_CODE.search(held)
    [sealed] = sealed_rows(app)
    for detail in ("name", "phone", "email"):
        assert CONTACT[detail] not in sealed
    assert "receipt" not in sealed


def test_the_receipt_code_is_sealed_until_shown_once_then_deleted(
    app: Flask, reporter: Reporter, url: Url
):
    check = reporter.answer_until(url("public.report_check"), **SHARING)
    before = cookie_text(app, reporter.client)

    confirmation = reporter.submit_page(check, {})

    code = RECEIPT_CODE.search(confirmation.text).group(0)
    assert code not in before and code not in cookie_text(app, reporter.client)
    assert sealed_rows(app) == []
    assert not RECEIPT_CODE.search(
        reporter.visit(reporter.get(url("public.report_confirmation"))).text
    )


def test_a_copied_cookie_opens_nothing_after_the_reporter_sends(
    app: Flask, reporter: Reporter, url: Url
):
    """Someone who copied the cookie at the check page finds no code to see after sending."""
    check = reporter.answer_until(url("public.report_check"), **SHARING)
    copied = reporter.client.get_cookie("session", domain="engage.test").value
    reporter.submit_page(check, {})

    reporter.client.set_cookie("session", copied, domain="engage.test")
    page = reporter.visit(reporter.get(url("public.report_check")))

    assert page.request.path == url("public.report_confirmation")
    assert not RECEIPT_CODE.search(page.text)
    assert CONTACT["phone"] not in page.text


def test_quick_exit_deletes_the_sealed_details_with_the_draft(
    app: Flask, reporter: Reporter, url: Url
):
    reporter.answer_until(url("public.report_check"), **SHARING)
    assert len(sealed_rows(app)) == 1

    reporter.get(url("public.report_exit"))

    assert sealed_rows(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_report_left_untouched_for_two_hours_is_gone(
    app: Flask, reporter: Reporter, monkeypatch: pytest.MonkeyPatch, url: Url
):
    reporter.answer_until(url("public.report_check"), **SHARING)
    move_clock(monkeypatch, hours=2, minutes=1)

    page = reporter.visit(reporter.get(url("public.report_check")))

    assert page.request.path == url("public.report_start")
    assert "Continue your report" not in page.text


def test_a_consultation_draft_keeps_its_day(
    app: Flask, resident: Resident, monkeypatch: pytest.MonkeyPatch, url: Url
):
    start = publish(app, "street-safety.yaml", "street-safety")
    resident.post(url("public.begin", slug="street-safety"), page=start)
    move_clock(monkeypatch, hours=3)

    resumed = resident.get(url("public.resume", slug="street-safety"))

    assert resumed.status_code == 302
    assert url("public.question", slug="street-safety", key="") in resumed.headers["Location"]


def test_the_purge_deletes_stale_browser_reports_and_keeps_chats_and_consultations(
    app: Flask, monkeypatch: pytest.MonkeyPatch
):
    publish(app, "street-safety.yaml", "street-safety")
    with app.app_context():
        report_form = latest_form(db.session, filing.DEFINITION_ID)
        for channel in ("web", "centre", "telegram"):
            responses.start_response(db.session, report_form, channel=channel)
        consultation = db.session.scalar(select(Consultation))
        responses.start_response(
            db.session, consultation.form, channel="web", consultation=consultation
        )
        db.session.commit()
    move_clock(monkeypatch, hours=3)

    with app.app_context():
        deleted = filing.delete_stale_drafts(db.session, app.config)
        db.session.commit()
        kept = db.session.execute(select(Submission.channel, Submission.consultation_id)).all()

    assert deleted == 2
    assert sorted(channel for channel, _ in kept) == ["telegram", "web"]
    assert [channel for channel, consultation in kept if consultation] == ["web"]


def test_the_purge_command_deletes_codes_never_shown(
    app: Flask, reporter: Reporter, monkeypatch: pytest.MonkeyPatch, url: Url
):
    check = reporter.answer_until(url("public.report_check"), **SHARING)
    reporter.client.post(check.request.path, data={"csrf_token": csrf_token(check.text)})
    assert len(sealed_rows(app)) == 1  # the code waits for the confirmation page
    move_clock(monkeypatch, hours=3)

    result = app.test_cli_runner().invoke(args=["drafts", "purge"])

    assert result.exit_code == 0, result.output
    assert sealed_rows(app) == []


def test_the_authenticator_secret_being_set_up_is_not_in_the_staff_cookie(
    app: Flask, client: FlaskClient
):
    email = "new@swp.example"
    make_user(app, OFFICER, email)
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        user.totp_secret = user.totp_confirmed_at = None
        db.session.commit()
    _password_step(client, email)

    first = _shown_secret(client)
    again = _shown_secret(client)

    assert first == again  # a reload shows the same QR code
    assert first not in cookie_text(app, client)
    with app.app_context():
        assert db.session.scalar(select(User.totp_pending_secret).filter_by(email=email)) == first


def _password_step(client: FlaskClient, email: str) -> None:
    sign_in = path_for(client.application, "staff.sign_in")
    page = client.get(sign_in)
    data = {"csrf_token": csrf_token(page.text), "email": email, "password": STAFF_PASSWORD}
    client.post(sign_in, data=data)


def _shown_secret(client: FlaskClient) -> str:
    page = client.get(path_for(client.application, "staff.two_factor_setup"))
    return re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")
