"""Two officers acting on the same report at the same moment, over real HTTP.

Each change is made only if the report still has the status (or assignee) it was decided on,
so one officer's change lands and the other is told the report changed meanwhile: the report
never ends in a state the status rules forbid, and its history never records a move from a
status it no longer had. Run on SQLite and, in CI, on PostgreSQL.
"""

import re
import threading
from collections.abc import Callable

import report_factories as make
import requests
from factories import csrf_token, make_user
from flask import Flask
from http_staff import signed_in
from sqlalchemy import select

from engage.extensions import db
from engage.models import Report, ReportEvent
from engage.roles import OFFICER
from tests.urls import Url

PAIRS = 20
DONE = re.compile(r"The report is now|The report is assigned to")
CHANGED = "Someone else changed this report while you were looking at it"
CLOSE = {"status-to": "closed", "status-outcome": "support-given", "status-seen": "in_review"}
REFER = {"status-to": "referred", "status-seen": "in_review"}


def at_once(*posts: Callable[[], requests.Response]) -> list[requests.Response]:
    """Send every post at the same moment, each from its own thread; their responses."""
    ready = threading.Barrier(len(posts))
    responses: list[requests.Response] = [None] * len(posts)  # type: ignore[list-item]

    def send(index: int) -> None:
        ready.wait()
        responses[index] = posts[index]()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def reports_in_review(app: Flask, count: int) -> list[int]:
    with app.app_context():
        made = [make.report() for _ in range(count)]
        for report in made:
            report.status = "in_review"
        db.session.commit()
        return [report.id for report in made]


def officers(app: Flask, server: str) -> list[tuple[int, requests.Session]]:
    """Two officers, each signed in in their own browser: their ids and browsers."""
    emails = ["first@swp.example", "second@swp.example"]
    ids = [make_user(app, OFFICER, email) for email in emails]
    return [(id, signed_in(app, server, email)) for id, email in zip(ids, emails, strict=True)]


def post_from_page(browser: requests.Session, page: str, action: str, data: dict[str, str]):
    """A post to `action` (an address) of the form shown on `page`, ready to send."""
    token = csrf_token(browser.get(page).text)
    return lambda: browser.post(action, data={"csrf_token": token, **data})


def assign_to(officer_id: int) -> dict[str, str]:
    """The assignment form, sent from a page that showed nobody had the report."""
    return {"assign-assignee": str(officer_id), "assign-seen": ""}


def outcomes(responses: list[requests.Response]) -> list[str]:
    assert all(response.status_code == 200 for response in responses)
    return sorted(
        "done" if DONE.search(r.text) else "told" if CHANGED in r.text else "?" for r in responses
    )


def test_two_officers_moving_a_report_at_once_cannot_both_succeed(
    app: Flask, server: str, url: Url
):
    (_, first), (_, second) = officers(app, server)
    for report_id in reports_in_review(app, PAIRS):
        page = server + url("staff.report", report_id=report_id)
        status = server + url("staff.change_report_status", report_id=report_id)
        close = post_from_page(first, page, status, CLOSE)
        refer = post_from_page(second, page, status, REFER)

        assert outcomes(at_once(close, refer)) == ["done", "told"]

        with app.app_context():
            report = db.session.get(Report, report_id)
            if report.status == "closed":
                assert report.outcome == "support-given" and report.closed_at is not None
                assert report.police_reference is None
            else:
                assert report.status == "referred"
                assert report.outcome is None and report.closed_at is None
            moves = db.session.execute(
                select(ReportEvent.from_status, ReportEvent.to_status).filter_by(
                    report_id=report_id, kind="status_changed"
                )
            ).all()
            assert [tuple(move) for move in moves] == [("in_review", report.status)]


def test_two_officers_assigning_a_report_at_once_cannot_both_succeed(
    app: Flask, server: str, url: Url
):
    (first_id, first), (second_id, second) = officers(app, server)
    for report_id in reports_in_review(app, PAIRS):
        page = server + url("staff.report", report_id=report_id)
        assignee = server + url("staff.assign_report", report_id=report_id)
        take = post_from_page(first, page, assignee, assign_to(first_id))
        take_too = post_from_page(second, page, assignee, assign_to(second_id))

        assert outcomes(at_once(take, take_too)) == ["done", "told"]

        with app.app_context():
            report = db.session.get(Report, report_id)
            events = db.session.scalars(
                select(ReportEvent.text).filter_by(report_id=report_id, kind="assigned")
            ).all()
            assert events == [f"Assigned to {report.assignee.name}"]
