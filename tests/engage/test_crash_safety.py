"""A hard crash in the middle of a load: gunicorn and its workers killed with SIGKILL while
residents send responses and reports. After a restart, every submission that got its
confirmation is there and complete, and nothing half-written shows."""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from engage.models import Report, Submission
from engage.services.forms import flow_for, latest_form
from engage.services.responses import answers_of
from tests.engage.factories import publish_form
from tests.engage.http_resident import HttpResident, ServerRefused
from tests.engage.production_server import production_server
from tests.engage.test_production_setup import report_flows
from tests.urls import path_for

RESIDENTS = 6
CONFIRMED_BEFORE_CRASH = 4  # the crash comes once this many residents have their confirmation
MOST_SECONDS = 90  # or after this long, however slow the machine


@dataclass
class Outcomes:
    confirmed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, reference: str | None, failure: str | None) -> None:
        with self.lock:
            if reference:
                self.confirmed.append(reference)
            if failure:
                self.failed.append(failure)


def keep_sending(base: str, app: Flask, number: int, stop: threading.Event, outcomes: Outcomes):
    """One resident sending responses and reports until told to stop."""
    with app.app_context():
        strategy = flow_for(latest_form(db.session, "swp-strategy-2020-2023"))
    flows = report_flows(app)
    start = path_for(app, "public.start", slug="community-safety-strategy")
    turn = number
    while not stop.is_set():
        # Each resident on an address of their own, as the rate limits expect.
        resident = HttpResident(base, source_address=f"127.0.0.{10 + number}", timeout=10, app=app)
        turn += 1
        try:
            if turn % 2:
                reference = resident.report_incident(flows)
            else:
                reference = resident.answer_consultation(start, strategy)
        except (requests.RequestException, ServerRefused, AssertionError) as error:
            outcomes.add(None, type(error).__name__)
            time.sleep(0.2)
        else:
            outcomes.add(reference, None)


def half_written(app: Flask) -> list[str]:
    """Submitted responses and reports that are missing a part they must have."""
    problems = []
    with app.app_context():
        for submission in db.session.scalars(select(Submission).filter_by(status="submitted")):
            flow = flow_for(submission.form, submission.language)
            if not submission.reference or not flow.is_complete(answers_of(submission, flow)):
                problems.append(f"submission {submission.id} is incomplete")
            is_report = submission.form.definition_id == "hate-incident-report"
            report = db.session.scalar(select(Report).filter_by(submission_id=submission.id))
            if is_report and (report is None or not report.events):
                problems.append(f"submission {submission.id} has no report and history")
        db.session.remove()
    return problems


def stored_references(app: Flask) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(select(Submission.reference, Submission.status)).all()
        db.session.remove()
    return {reference: status for reference, status in rows if reference}


def test_a_hard_crash_mid_load_loses_no_confirmed_submission(app: Flask, tmp_path: Path):
    publish_form(app, "swp-strategy-2020-2023", "community-safety-strategy")
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    outcomes, stop = Outcomes(), threading.Event()

    with production_server(database, tmp_path / "server.log") as server:
        residents = [
            threading.Thread(target=keep_sending, args=(server.base, app, n, stop, outcomes))
            for n in range(RESIDENTS)
        ]
        for resident in residents:
            resident.start()
        deadline = time.monotonic() + MOST_SECONDS
        while len(outcomes.confirmed) < CONFIRMED_BEFORE_CRASH and time.monotonic() < deadline:
            time.sleep(0.1)
        confirmed_before_crash = len(outcomes.confirmed)
        server.kill_hard()
        stop.set()
        for resident in residents:
            resident.join(timeout=30)

    assert confirmed_before_crash > 0, "the load sent nothing before the crash"
    assert outcomes.failed, "the crash interrupted nobody: it came too late to test anything"
    with production_server(database, tmp_path / "restarted.log") as restarted:
        after = HttpResident(restarted.base, app=app).report_incident(report_flows(app))

    stored = stored_references(app)
    assert {ref: stored.get(ref) for ref in outcomes.confirmed} == dict.fromkeys(
        outcomes.confirmed, "submitted"
    )
    assert len(set(outcomes.confirmed)) == len(outcomes.confirmed)
    assert stored[after] == "submitted"
    assert half_written(app) == []
