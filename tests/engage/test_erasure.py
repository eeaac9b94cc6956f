"""Erasing one person's report or response on request: everywhere it is held (answers, tags,
contact details, casework, links, bot state), leaving only an audit entry."""

import pytest
import report_factories as make
from factories import Resident, make_centre, make_user, sign_in
from flask import Flask
from sqlalchemy import select, text

from engage.errors import SubmissionNotFound
from engage.extensions import db
from engage.models import AuditEntry, ChatState
from engage.roles import CENTRE_STAFF, OFFICER
from engage.services import erasure
from engage.services.insight.tagging import tag_submission
from engage.services.reports import links as report_links
from tests.urls import Url

DESCRIPTION = "A man at the Blakenhall bus stop spat at me and called me a Paki."
CONTACT = {"name": "Amrit Kaur", "phone": "07700 900123"}
CHAT = "keyed-hash-of-the-chat"


def everything_stored() -> str:
    """Every value in every table but the audit log, as one text to search."""
    rows = []
    for table in db.metadata.sorted_tables:
        if table.name != "audit_log":
            rows += [
                repr(tuple(r)) for r in db.session.execute(text(f"SELECT * FROM {table.name}"))
            ]
    return "\n".join(rows)


def a_report_held_everywhere() -> str:
    """A report with tags, contact details, casework, a link and a chat; its reference."""
    officer = make.staff()
    report = make.report(contact=CONTACT, description=DESCRIPTION)
    tag_submission(db.session, report.submission)
    report.submission.chat_key = CHAT
    db.session.add(ChatState(chat_key=CHAT, state={"stage": "menu"}))
    other = make.report()
    report_links.link(db.session, report, other.submission.reference or "", officer)
    db.session.commit()
    return report.submission.reference or ""


def test_erasing_a_report_leaves_nothing_but_an_audit_entry(app: Flask):
    with app.app_context():
        reference = a_report_held_everywhere()
        officer = make.staff()

        held = erasure.find_sent(db.session, reference.lower().replace("-", " "))
        assert (held.answers > 5, held.contact_details, held.from_a_chat) == (True, True, True)
        erasure.erase_on_request(db.session, held, officer)
        db.session.commit()

        stored = everything_stored()
        for trace in (reference, "Blakenhall bus stop", "Amrit Kaur", "07700 900123", CHAT):
            assert trace not in stored
        [entry] = db.session.scalars(select(AuditEntry).filter_by(action="submission.erased"))
        assert (entry.user_id, entry.detail) == (officer.id, f"reference={reference}")
        with pytest.raises(SubmissionNotFound, match="erased already"):
            erasure.find_sent(db.session, reference)


@pytest.mark.parametrize("typed", ["", "ENG-ZZZZ-ZZZZ", "nonsense"])
def test_a_reference_that_finds_nothing_says_so(app: Flask, typed: str):
    with app.app_context(), pytest.raises(SubmissionNotFound):
        erasure.find_sent(db.session, typed)


@pytest.fixture
def officer_browser(app: Flask, resident: Resident) -> Resident:
    make_user(app, OFFICER, "officer@swp.example")
    sign_in(resident.client, "officer@swp.example")
    return resident


@pytest.fixture
def reference(app: Flask) -> str:
    with app.app_context():
        return a_report_held_everywhere()


def test_an_officer_finds_checks_and_erases_a_report(
    app: Flask, officer_browser: Resident, reference: str, url: Url
):
    page = url("staff.erase_on_request")
    shown = officer_browser.post(page, {"reference": reference.lower(), "action": "find"})
    assert shown.status_code == 200
    assert f"What Engage holds under {reference}" in shown.text
    assert "A hate incident report" in shown.text

    unticked = officer_browser.post(page, {"reference": reference, "action": "erase"})
    assert "Tick to confirm the person asked for this" in unticked.text
    with app.app_context():
        assert reference in everything_stored()

    erased = officer_browser.post(
        page, {"reference": reference, "action": "erase", "confirmed": "y"}
    )
    assert erased.status_code == 302
    assert f"{reference} is erased" in officer_browser.get(page).text
    with app.app_context():
        assert reference not in everything_stored()


def test_an_unknown_reference_is_shown_with_what_to_fix(officer_browser: Resident, url: Url):
    page = officer_browser.post(
        url("staff.erase_on_request"), {"reference": "ENG-ZZZZ-ZZZZ", "action": "find"}
    )
    assert "There is a problem" in page.text
    assert "There is no report or response with the reference ENG-ZZZZ-ZZZZ" in page.text
    assert 'value="ENG-ZZZZ-ZZZZ"' in page.text


def test_centre_staff_cannot_erase(app: Flask, resident: Resident, reference: str, url: Url):
    centre = make_centre(app, "Central Library")
    make_user(app, CENTRE_STAFF, "staff@library.example", centre)
    sign_in(resident.client, "staff@library.example")

    page = resident.post(
        url("staff.erase_on_request"),
        {"reference": reference, "action": "erase", "confirmed": "y"},
        url("staff.home"),
    )

    assert page.status_code == 404
    with app.app_context():
        assert reference in everything_stored()
