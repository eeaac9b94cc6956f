"""The production setup the README documents: gunicorn with several workers and
deploy/gunicorn.conf.py. It keeps no client address or user agent, in its logs or the database."""

from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from engage.services.forms import flow_for, latest_form
from tests.engage.factories import publish_form
from tests.engage.http_resident import HttpResident
from tests.engage.production_server import production_server
from tests.urls import Url, path_for

# A loopback address of the client's own, and a user agent, that nothing else would write.
CLIENT_ADDRESS = "127.0.0.57"
USER_AGENT = "EngageProbe/7.7 (no-address test)"


def report_flows(app: Flask) -> dict:
    """The report's flows by the start of their pages' paths: a question's page without its key."""
    questions = path_for(app, "public.report_question", key="")
    contact = path_for(app, "public.report_contact", key="")
    with app.app_context():
        return {
            questions: flow_for(latest_form(db.session, "hate-incident-report")),
            contact: flow_for(latest_form(db.session, "report-contact-details")),
        }


def stored_anywhere(app: Flask, needle: str) -> list[str]:
    """Every table and column of the database that holds `needle` in any value."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if any(needle in str(value) for value in db.session.scalars(select(column))):
                    found.append(f"{table.name}.{column.name}")
        db.session.remove()
    return found


@pytest.fixture
def served(app: Flask, tmp_path: Path):
    publish_form(app, "swp-strategy-2020-2023", "community-safety-strategy")
    with production_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "server.log") as s:
        yield s


def test_a_report_leaves_no_client_address_or_user_agent_anywhere(app: Flask, served, url: Url):
    resident = HttpResident(
        served.base, source_address=CLIENT_ADDRESS, user_agent=USER_AGENT, app=app
    )

    resident.report_incident(report_flows(app))
    resident.session.get(served.base + url("staff.sign_in"))  # a page nobody answers
    served.stop()

    log = served.log.read_text()
    assert f'"POST {url("public.report_check")}" 302' in log  # the access log is written…
    assert "filed through web" in log  # …and so are the app's events
    for kept in (CLIENT_ADDRESS, USER_AGENT, "EngageProbe"):
        assert kept not in log
        assert stored_anywhere(app, kept) == []


def test_a_consultation_answered_through_the_production_server_is_stored(
    app: Flask, served, url: Url
):
    with app.app_context():
        flow = flow_for(latest_form(db.session, "swp-strategy-2020-2023"))
    resident = HttpResident(served.base, app=app)

    reference = resident.answer_consultation(
        url("public.start", slug="community-safety-strategy"), flow
    )

    assert stored_anywhere(app, reference) == ["submissions.reference"]


def test_a_control_character_in_a_path_cannot_forge_a_line_in_the_access_log(served):
    forged = '[01/Jan/2026:00:00:00 +0000] "POST /staff/sign-in" 302 0 1ms'
    address = f"{served.base}/consultations/x%0D%0A{forged.replace(' ', '%20')}"
    assert requests.get(address, timeout=10).status_code == 404
    served.stop()

    lines = served.log.read_text().splitlines()
    assert not any(line.startswith(forged) for line in lines)
    [logged] = [line for line in lines if "/consultations/x" in line]
    assert "/consultations/x\\x0d\\x0a[01/Jan/2026" in logged
