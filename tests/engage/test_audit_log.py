"""The audit log: every view, export and change of a report, who did it and when; never edited."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest
import report_factories as make
from factories import (
    STAFF_PASSWORD,
    Resident,
    app_code,
    csrf_token,
    make_centre,
    make_user,
    sign_in,
)
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from engage import clock
from engage.extensions import db
from engage.models import AuditEntry, Report, ReportingCentre, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services import audit
from engage.services.reports import casework
from tests.urls import Url, path_for


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def entries_for(report_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if report_id is not None:
        query = query.filter_by(object_type="report", object_id=report_id)
    return list(db.session.scalars(query))


def test_an_entry_says_who_did_what_to_which_object_and_when(context):
    officer = make.staff()
    before = clock.now()
    entry = audit.record(db.session, officer, audit.REPORT_VIEWED, "report", 41)
    db.session.commit()

    [stored] = entries_for()
    assert stored.id == entry.id
    assert (stored.user_id, stored.action, stored.object_type, stored.object_id) == (
        officer.id,
        "report.viewed",
        "report",
        41,
    )
    assert before <= stored.at <= clock.now()


def test_an_unknown_action_is_refused(context):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(db.session, None, "report.deleted", "report", 1)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'report.viewed', detail = 'tampered'",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET user_id = NULL WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(context, statement: str):
    entry = audit.record(db.session, make.staff(), audit.REPORT_VIEWED, "report", 1)
    db.session.commit()
    entry_id = entry.id

    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement), {"id": entry_id})
        db.session.flush()
    db.session.rollback()

    [kept] = entries_for()
    assert (kept.id, kept.action, kept.detail) == (entry_id, "report.viewed", None)


def test_the_orm_cannot_change_an_entry_either(context):
    entry = audit.record(db.session, make.staff(), audit.REPORT_VIEWED, "report", 1)
    db.session.commit()
    entry.detail = "tampered"
    with pytest.raises(DatabaseError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(DatabaseError):
        db.session.commit()
    db.session.rollback()
    assert entries_for()[0].detail is None


def test_every_change_of_a_report_is_recorded_without_what_was_typed(context):
    officer, colleague = make.staff(), make.staff(name="Pat Officer")
    report = make.report()
    secret_note = "The victim's sister, Jas, lives at 4 Fox Road"

    casework.open_report(db.session, officer, report.id)
    casework.change_status(db.session, report, "in_review", officer)
    casework.assign(db.session, report, colleague, officer)
    casework.add_note(db.session, report, secret_note, officer)
    casework.set_risk(db.session, report, True, officer)
    casework.set_police_reference(db.session, report, "20/5/24", officer)
    casework.change_status(db.session, report, "closed", officer, outcome="signposted")

    recorded = entries_for(report.id)
    assert [e.action for e in recorded] == [
        "report.viewed",
        "report.status_changed",
        "report.assigned",
        "report.note_added",
        "report.risk_changed",
        "report.police_reference_set",
        "report.status_changed",
    ]
    assert {e.user_id for e in recorded} == {officer.id}
    details = " ".join(e.detail or "" for e in recorded)
    for private in ("Jas", "Fox Road", "20/5/24", "Pat Officer", "shouted"):
        assert private not in details
    assert "in_review -> closed (signposted)" in details


def test_entries_are_filtered_by_user_action_and_date_newest_first(
    context, monkeypatch: pytest.MonkeyPatch
):
    officer, other = make.staff(), make.staff()
    with monkeypatch.context() as moment:
        moment.setattr(clock, "now", lambda: datetime(2024, 1, 10, 12))
        old = audit.record(db.session, officer, audit.REPORT_VIEWED, "report", 1)
    audit.record(db.session, other, audit.REPORT_VIEWED, "report", 2)
    latest = audit.record(db.session, officer, audit.REPORTS_EXPORTED, "report", None, "1 report")

    def actions(**filters) -> list[int]:
        return [e.id for e in audit.entries(db.session, audit.AuditFilters(**filters)).items]

    assert actions(user_id=officer.id) == [latest.id, old.id]
    assert actions(action="reports.exported") == [latest.id]
    assert actions(date_to=date(2024, 1, 10)) == [old.id]
    assert actions(date_from=date(2024, 1, 11), user_id=officer.id) == [latest.id]
    page = audit.entries(db.session, audit.AuditFilters(), page=2, per_page=2)
    assert (page.total, page.pages, len(page.items)) == (3, 2, 1)


# Over the web


@pytest.fixture
def staff(app: Flask) -> dict[str, int]:
    centre = make_centre(app, "Central Library")
    return {
        "officer": make_user(app, OFFICER, "officer@example.org"),
        "admin": make_user(app, ADMIN, "admin@example.org"),
        "centre": make_user(app, CENTRE_STAFF, "library@example.org", centre),
        "centre_id": centre,
    }


@pytest.fixture
def report_id(app: Flask, staff: dict[str, int]) -> int:
    with app.app_context():
        made = make.report(at=db.session.get(ReportingCentre, staff["centre_id"]))
        db.session.commit()
        return made.id


def urls(app: Flask, report_id: int) -> dict[str, str]:
    with app.test_request_context():
        return {
            "report": url_for("staff.report", report_id=report_id),
            "status": url_for("staff.change_report_status", report_id=report_id),
            "note": url_for("staff.add_report_note", report_id=report_id),
            "export": url_for("staff.export_referrals"),
            "audit": url_for("staff.audit_log"),
        }


def test_every_view_change_and_export_over_the_web_is_audited(
    app: Flask, client: FlaskClient, staff: dict[str, int], report_id: int
):
    address = urls(app, report_id)
    sign_in(client, "officer@example.org")
    page = client.get(address["report"])
    assert page.status_code == 200
    token = csrf_token(page.text)
    client.post(address["status"], data={"csrf_token": token, "status-to": "in_review"})
    client.post(address["note"], data={"csrf_token": token, "note-text": "Called the centre"})
    assert client.get(address["export"]).status_code == 200

    with app.app_context():
        recorded = [(e.user_id, e.action, e.object_id) for e in entries_for()]
    officer = staff["officer"]
    assert (officer, "report.viewed", report_id) in recorded
    assert (officer, "report.status_changed", report_id) in recorded
    assert (officer, "report.note_added", report_id) in recorded
    assert (officer, "report.exported", report_id) in recorded
    assert (officer, "reports.exported", None) in recorded


@pytest.mark.parametrize("email", ["officer@example.org", "admin@example.org"])
def test_officers_and_admins_can_read_the_audit_log(
    app: Flask, client: FlaskClient, staff: dict[str, int], report_id: int, email: str
):
    sign_in(client, email)
    client.get(urls(app, report_id)["report"])
    page = client.get(urls(app, report_id)["audit"])
    assert page.status_code == 200
    assert "Viewed a report" in page.text
    assert "Audit log" in page.text


def test_the_audit_log_filters_by_action(
    app: Flask, client: FlaskClient, staff: dict[str, int], report_id: int
):
    sign_in(client, "officer@example.org")
    client.get(urls(app, report_id)["report"])
    page = client.get(urls(app, report_id)["audit"], query_string={"action": "reports.exported"})
    assert page.status_code == 200
    assert "Viewed a report</td>" not in page.text


def test_a_bad_audit_filter_is_explained_not_a_crash(
    app: Flask, client: FlaskClient, staff: dict[str, int], report_id: int
):
    sign_in(client, "officer@example.org")
    page = client.get(
        urls(app, report_id)["audit"], query_string={"date_from": ["31", "2", "2024"]}
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "From must be a real date, like 27 3 2024" in page.text
    assert 'value="31"' in page.text


def test_centre_staff_cannot_read_the_audit_log(
    app: Flask, client: FlaskClient, staff: dict[str, int], report_id: int
):
    sign_in(client, "library@example.org")
    assert client.get(urls(app, report_id)["audit"]).status_code == 404


def test_nobody_can_change_the_audit_log_through_the_web(
    app: Flask, resident: Resident, staff: dict[str, int], report_id: int
):
    sign_in(resident.client, "admin@example.org")
    address = urls(app, report_id)["audit"]
    for method in ("post", "put", "delete", "patch"):
        response = getattr(resident.client, method)(address)
        assert response.status_code in (400, 404, 405)
    with app.app_context():
        assert db.session.scalar(select(Report.id)) == report_id


# Sign-ins and account administration


def entries_after_setup(app: Flask) -> list[AuditEntry]:
    """The entries after those of making the test's staff (each added, by the command line)."""
    with app.app_context():
        setup = {"user.created", "centre.created"}
        return [e for e in entries_for() if not (e.action in setup and not e.user_id)]


def sign_in_attempt(client: FlaskClient, email: str, password: str) -> None:
    page = path_for(client.application, "staff.sign_in")
    token = csrf_token(client.get(page).text)
    client.post(page, data={"csrf_token": token, "email": email, "password": password})


def post_form(client: FlaskClient, page: str, data: dict | None = None) -> None:
    token = csrf_token(client.get(page).text)
    client.post(page, data={"csrf_token": token, **(data or {})})


def test_sign_ins_refusals_locks_and_sign_outs_are_audited_without_what_was_typed(
    app: Flask, client: FlaskClient, staff: dict[str, int], url: Url
):
    officer, admin = staff["officer"], staff["admin"]
    sign_in_attempt(client, "officer@example.org", "my wrong guess 1")
    sign_in(client, "officer@example.org")
    token = csrf_token(client.get(url("staff.home")).text)
    client.post(url("staff.sign_out"), data={"csrf_token": token})
    sign_in_attempt(client, "nobody@example.org", "my wrong guess 2")
    for _ in range(5):
        sign_in_attempt(client, "admin@example.org", "my wrong guess 3")
    sign_in_attempt(client, "admin@example.org", "my wrong guess 4")  # refused unchecked

    recorded = [(e.user_id, e.action, e.object_id, e.detail) for e in entries_after_setup(app)]
    assert recorded == [
        (None, "staff.sign_in_refused", officer, "wrong password"),
        (officer, "staff.signed_in", officer, None),
        (officer, "staff.signed_out", officer, None),
        (None, "staff.sign_in_refused", None, "unknown account"),
        *[(None, "staff.sign_in_refused", admin, "wrong password")] * 5,
        (None, "staff.locked", admin, "15 minutes, from one address"),
        (None, "staff.sign_in_refused", admin, "locked"),
    ]
    assert "my wrong guess" not in str(recorded)
    sign_in(client, "officer@example.org")
    page = client.get(url("staff.audit_log", action="staff.sign_in_refused"))
    assert "Someone signing in" in page.text and "An unknown account" in page.text
    assert f"Staff account {admin}" in page.text and "my wrong guess" not in page.text


def test_wrong_codes_are_audited_by_account(app: Flask, client: FlaskClient, staff, url: Url):
    sign_in_attempt(client, "officer@example.org", STAFF_PASSWORD)
    post_form(client, url("staff.sign_in_code"), {"code": "123456"})

    last = entries_after_setup(app)[-1]
    assert (last.user_id, last.action, last.object_id, last.detail) == (
        None,
        "staff.sign_in_refused",
        staff["officer"],
        "wrong code",
    )


def test_account_and_centre_administration_is_audited(
    app: Flask, client: FlaskClient, staff: dict[str, int], url: Url
):
    admin, officer = staff["admin"], staff["officer"]
    sign_in(client, "admin@example.org")
    new = {"name": "Olu Officer", "email": "olu@example.org", "role": OFFICER, "centre": ""}
    post_form(client, url("staff.new_user"), new)
    post_form(client, url("staff.reset_password", user_id=officer))
    post_form(client, url("staff.reset_two_factor", user_id=officer))
    post_form(client, url("staff.deactivate_user", user_id=officer))
    token = csrf_token(client.get(url("staff.users")).text)
    client.post(url("staff.reactivate_user", user_id=officer), data={"csrf_token": token})
    post_form(client, url("staff.new_centre"), {"name": "Faith Centre"})
    centre = staff["centre_id"]
    post_form(
        client, url("staff.rename_centre", centre_id=centre), {"name": "Central Library East"}
    )
    post_form(client, url("staff.deactivate_centre", centre_id=centre))

    found = entries_after_setup(app)
    recorded = [(e.user_id, e.action, e.object_type, e.detail) for e in found]
    with app.app_context():
        olu = db.session.scalar(select(User.id).filter_by(email="olu@example.org"))
        faith = db.session.scalar(select(ReportingCentre.id).filter_by(name="Faith Centre"))
    assert recorded[0][:2] == (admin, "staff.signed_in")
    assert recorded[1:] == [
        (admin, "user.created", "user", "officer"),
        (admin, "user.password_reset", "user", None),
        (admin, "user.two_factor_reset", "user", None),
        (admin, "user.deactivated", "user", None),
        (admin, "user.reactivated", "user", None),
        (admin, "centre.created", "centre", None),
        (admin, "centre.renamed", "centre", None),
        (admin, "centre.deactivated", "centre", "1 staff accounts"),
    ]
    objects = [e.object_id for e in found[1:]]
    assert objects == [olu, officer, officer, officer, officer, faith, centre, centre]
    page = client.get(url("staff.audit_log", action="user.password_reset"))
    assert "Reset a member of staff&#39;s password" in page.text
    assert f"Staff account {officer}" in page.text


def test_ones_own_credential_changes_are_audited(app: Flask, client: FlaskClient, staff, url: Url):
    sign_in(client, "officer@example.org")
    new = {
        "current_password": STAFF_PASSWORD,
        "current_code": app_code(app, "officer@example.org"),
        "new_password": "a brand new password",
        "confirm_password": "a brand new password",
    }
    post_form(client, url("staff.password"), new)

    last = entries_after_setup(app)[-1]
    assert (last.user_id, last.action, last.object_id) == (
        staff["officer"],
        "user.password_changed",
        staff["officer"],
    )
