"""Casework: the status state machine, assignment, notes, risk, and who sees which reports."""

from collections.abc import Iterator
from datetime import date, datetime
from itertools import product

import pytest
import report_factories as make
from flask import Flask
from sqlalchemy import select

from engage.domain import ReportStatus
from engage.errors import (
    InvalidCaseworkInput,
    InvalidStatusChange,
    ReportChangedMeanwhile,
    ReportNotFound,
)
from engage.extensions import db
from engage.models import AuditEntry, Report
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services.reports import caseload, casework
from engage.services.reports.caseload import ReportFilters

VALID_MOVES = {(source, move.to) for source, moves in casework.MOVES.items() for move in moves}
INVALID_MOVES = sorted(set(product(ReportStatus, ReportStatus)) - VALID_MOVES)
LONG_AGO = datetime(2020, 1, 1, 9, 0)


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def needs(to: ReportStatus) -> dict[str, str]:
    """What a move to this status must be given."""
    return {ReportStatus.CLOSED: {"outcome": "support-given"}}.get(to, {})


def audit_actions(report: Report) -> list[str]:
    query = select(AuditEntry.action).filter_by(object_type="report", object_id=report.id)
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def test_the_moves_are_the_documented_ones():
    assert {
        (ReportStatus.NEW, ReportStatus.IN_REVIEW),
        (ReportStatus.NEW, ReportStatus.CLOSED),
        (ReportStatus.IN_REVIEW, ReportStatus.REFERRED),
        (ReportStatus.IN_REVIEW, ReportStatus.CLOSED),
        (ReportStatus.REFERRED, ReportStatus.CLOSED),
        (ReportStatus.CLOSED, ReportStatus.IN_REVIEW),
    } == VALID_MOVES


@pytest.mark.parametrize(("source", "target"), sorted(VALID_MOVES))
def test_every_valid_move_changes_the_status_and_appends_to_the_history(
    context, source: ReportStatus, target: ReportStatus
):
    officer = make.staff()
    report = make.report()
    report.status, report.updated_at = source, LONG_AGO

    event = casework.change_status(db.session, report, target, officer, **needs(target))

    assert report.status == target
    assert report.updated_at > LONG_AGO
    assert report.events[-1] is event
    assert (event.kind, event.from_status, event.to_status) == ("status_changed", source, target)
    assert event.actor_id == officer.id
    assert audit_actions(report) == ["report.status_changed"]


@pytest.mark.parametrize(("source", "target"), INVALID_MOVES)
def test_every_invalid_move_is_refused_with_a_reason(
    context, source: ReportStatus, target: ReportStatus
):
    officer = make.staff()
    report = make.report()
    report.status = source

    with pytest.raises(InvalidStatusChange) as refused:
        casework.change_status(db.session, report, target, officer, **needs(target))

    assert (refused.value.from_status, refused.value.to_status) == (source, target)
    assert str(refused.value)
    assert report.status == source
    assert report.events == []
    assert audit_actions(report) == []


def test_a_new_report_must_be_reviewed_before_it_is_referred(context):
    report = make.report()
    with pytest.raises(InvalidStatusChange) as refused:
        casework.change_status(db.session, report, "referred", make.staff())
    assert str(refused.value) == (
        "A report that is new cannot be referred to the police: put it in review first"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("in_review", "The report is already in review"),
        ("closed", "A report that is closed cannot be referred to the police: reopen it"),
        ("referred", "A report cannot be made new again"),
    ],
)
def test_refusals_say_what_to_do(context, source: str, message: str):
    report = make.report()
    report.status = source
    target = {"in_review": "in_review", "closed": "referred", "referred": "new"}[source]
    with pytest.raises(InvalidStatusChange) as refused:
        casework.change_status(db.session, report, target, make.staff())
    assert str(refused.value).startswith(message)


def test_an_unknown_status_names_the_field(context):
    with pytest.raises(InvalidCaseworkInput) as refused:
        casework.change_status(db.session, make.report(), "escalated", make.staff())
    assert refused.value.field == "status"


@pytest.mark.parametrize("outcome", [None, "", "made-up"])
def test_closing_needs_an_outcome_from_the_list(context, outcome: str | None):
    report = make.report()
    with pytest.raises(InvalidCaseworkInput) as refused:
        casework.change_status(db.session, report, "closed", make.staff(), outcome=outcome)
    assert refused.value.field == "outcome"
    assert str(refused.value) == "Select an outcome to close the report"
    assert report.status == "new" and report.events == []


def test_closing_records_the_outcome_and_reopening_clears_it(context):
    officer, report = make.staff(), make.report()
    casework.change_status(db.session, report, "closed", officer, outcome="duplicate")
    assert report.outcome == "duplicate"
    assert report.events[-1].text == "Outcome: Duplicate of another report"

    casework.change_status(db.session, report, "in_review", officer)
    assert report.outcome is None
    assert [e.to_status for e in report.events] == ["closed", "in_review"]


def test_referring_needs_no_police_reference_and_records_what_the_reporter_allowed(context):
    report = make.report()
    report.status = "in_review"
    casework.change_status(db.session, report, "referred", make.staff())
    assert report.status == "referred" and report.police_reference is None
    assert report.events[-1].text == "Referred to the police in full, as the reporter agreed"


def test_an_anonymous_only_report_is_referred_as_anonymous_information(context):
    report = make.report(share_with_police="anonymous")
    report.status = "in_review"
    casework.change_status(db.session, report, "referred", make.staff())
    assert report.status == "referred"
    assert report.events[-1].text == (
        "Referred to the police as anonymous information only, as the reporter chose"
    )


@pytest.mark.parametrize(
    ("choice", "reason"),
    [("do-not-share", "the reporter chose not to share it"), (None, "was not asked")],
)
def test_a_report_the_reporter_did_not_agree_to_share_cannot_be_referred(
    context, choice: str | None, reason: str
):
    report = make.report(share_with_police=choice or "share")
    if choice is None:  # a report filed on a form that did not ask
        for answer in report.submission.answers:
            if answer.question_id == "share_with_police":
                db.session.delete(answer)
        db.session.flush()
        db.session.expire(report.submission, ["answers"])
    report.status = "in_review"
    with pytest.raises(InvalidStatusChange) as refused:
        casework.change_status(db.session, report, "referred", make.staff())
    assert "This report cannot be referred to the police" in str(refused.value)
    assert reason in str(refused.value)
    assert "Close it with an outcome instead" in str(refused.value)
    assert report.status == "in_review" and report.events == []
    assert ReportStatus.REFERRED not in {move.to for move in casework.moves_for(report)}


@pytest.mark.parametrize("reference", [None, "", "   ", "=HYPERLINK()", "x" * 51, "20/1;DROP"])
def test_a_police_reference_must_be_given_as_the_police_gave_it(context, reference: str | None):
    report = make.report()
    with pytest.raises(InvalidCaseworkInput) as refused:
        casework.set_police_reference(db.session, report, reference, make.staff())
    assert refused.value.field == "police_reference"
    assert report.police_reference is None


def test_the_police_reference_can_be_recorded_and_corrected_at_any_time(context):
    officer, report = make.staff(), make.report()
    assert casework.set_police_reference(db.session, report, "CRI-1", officer) is not None
    assert casework.set_police_reference(db.session, report, "CRI-1", officer) is None
    casework.set_police_reference(db.session, report, "CRI-2", officer)
    assert report.police_reference == "CRI-2"
    assert [e.kind for e in report.events] == ["police_reference", "police_reference"]
    assert audit_actions(report) == ["report.police_reference_set"] * 2


def test_a_report_is_assigned_to_an_officer_or_to_nobody(context):
    actor, officer, admin = make.staff(), make.staff(name="Pat Officer"), make.staff(ADMIN)
    report = make.report()
    report.updated_at = LONG_AGO

    casework.assign(db.session, report, officer, actor)
    assert report.assignee is officer
    assert report.events[-1].text == "Assigned to Pat Officer"
    assert report.updated_at > LONG_AGO
    assert casework.assign(db.session, report, officer, actor) is None
    casework.assign(db.session, report, admin, actor)
    casework.assign(db.session, report, None, actor)

    assert report.assignee is None
    assert [e.kind for e in report.events] == ["assigned"] * 3
    assert audit_actions(report) == ["report.assigned"] * 3


def test_a_report_cannot_be_assigned_to_centre_staff_or_a_former_officer(context):
    library = make.centre()
    gone = make.staff()
    gone.active = False
    report = make.report()
    for person in (make.staff(CENTRE_STAFF, at=library), gone):
        with pytest.raises(InvalidCaseworkInput) as refused:
            casework.assign(db.session, report, person, make.staff())
        assert refused.value.field == "assignee"
    assert report.events == []


def test_a_note_is_added_to_the_history_but_not_to_the_audit_log(context):
    officer, report = make.staff(), make.report()
    casework.add_note(db.session, report, "  Spoke to the centre; they will call back.  ", officer)

    assert report.events[-1].kind == "note"
    assert report.events[-1].text == "Spoke to the centre; they will call back."
    entry = db.session.scalar(select(AuditEntry).filter_by(action="report.note_added"))
    assert entry.object_id == report.id and entry.user_id == officer.id
    assert entry.detail is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Enter a note"), ("   ", "Enter a note"), ("x" * 5001, "5,000 characters or fewer")],
)
def test_an_empty_or_long_note_is_refused(context, text: str, message: str):
    report = make.report()
    with pytest.raises(InvalidCaseworkInput) as refused:
        casework.add_note(db.session, report, text, make.staff())
    assert refused.value.field == "note"
    assert message in str(refused.value)
    assert report.events == []


def test_the_risk_flag_is_raised_and_cleared(context):
    officer, report = make.staff(), make.report()
    assert casework.set_risk(db.session, report, True, officer) is not None
    assert casework.set_risk(db.session, report, True, officer) is None
    assert report.risk_flag
    casework.set_risk(db.session, report, False, officer)
    assert not report.risk_flag
    assert [e.kind for e in report.events] == ["risk_flagged", "risk_cleared"]
    assert audit_actions(report) == ["report.risk_changed"] * 2


def test_centre_staff_see_only_their_own_centres_reports(context):
    library, gurdwara = make.centre("Library"), make.centre("Gurdwara")
    ours, theirs, online = make.report(at=library), make.report(at=gurdwara), make.report()
    librarian = make.staff(CENTRE_STAFF, at=library)

    listed = caseload.reports_for(db.session, librarian, ReportFilters())
    assert [row.report for row in listed.items] == [ours]
    assert casework.report_for(db.session, librarian, ours.id) is ours
    for hidden in (theirs, online):
        with pytest.raises(ReportNotFound):
            casework.report_for(db.session, librarian, hidden.id)
    other_centre = ReportFilters(centre_id=gurdwara.id)
    assert caseload.reports_for(db.session, librarian, other_centre).items == []


@pytest.mark.parametrize("role", [OFFICER, ADMIN])
def test_officers_and_admins_see_every_report(context, role: str):
    library = make.centre()
    reports = [make.report(at=library), make.report()]
    listed = caseload.reports_for(db.session, make.staff(role), ReportFilters(), sort="oldest")
    assert [row.report for row in listed.items] == reports
    assert casework.report_for(db.session, make.staff(role), reports[0].id) is reports[0]


def test_centre_staff_without_a_centre_see_nothing(context):
    make.report(at=make.centre())
    lost = make.staff(CENTRE_STAFF)
    assert caseload.reports_for(db.session, lost, ReportFilters()).total == 0


def test_a_missing_report_is_not_found(context):
    with pytest.raises(ReportNotFound):
        casework.report_for(db.session, make.staff(), 999)


def test_opening_a_report_is_audited(context):
    officer, report = make.staff(), make.report()
    casework.open_report(db.session, officer, report.id)
    assert audit_actions(report) == ["report.viewed"]


def test_the_list_filters_by_status_strand_ward_centre_and_date(context):
    library = make.centre()
    race = make.report(created_at=datetime(2024, 3, 1, 12), motivation=["race"], ward="park")
    faith = make.report(
        at=library,
        created_at=datetime(2024, 4, 1, 12),
        motivation=["religion", "race"],
        ward="graiseley",
    )
    online = make.report(
        created_at=datetime(2024, 5, 1, 12),
        motivation=["disability"],
        location_online=True,
        online_platform="facebook",
    )
    online.status = "in_review"
    officer = make.staff()

    def found(**filters) -> list[Report]:
        page = caseload.reports_for(db.session, officer, ReportFilters(**filters), "oldest")
        return [row.report for row in page.items]

    assert found() == [race, faith, online]
    assert found(status="in_review") == [online]
    assert found(strand="race") == [race, faith]
    assert found(strand="religion") == [faith]
    assert found(ward="park") == [race]
    assert found(centre_id=library.id) == [faith]
    assert found(date_from=date(2024, 3, 15)) == [faith, online]
    assert found(date_to=date(2024, 4, 1)) == [race, faith]
    assert found(date_from=date(2024, 4, 1), date_to=date(2024, 4, 1)) == [faith]
    assert found(strand="race", ward="graiseley", status="new") == [faith]


def test_the_list_shows_strands_and_ward(context):
    make.report(motivation=["religion", "race"], ward="graiseley")
    row = caseload.reports_for(db.session, make.staff(), ReportFilters()).items[0]
    assert (sorted(row.strands), row.ward) == (["race", "religion"], "graiseley")


def test_the_list_sorts_and_pages(context):
    officer = make.staff()
    first = make.report(created_at=datetime(2024, 1, 1))
    second = make.report(created_at=datetime(2024, 2, 1))
    third = make.report(created_at=datetime(2024, 3, 1))
    casework.change_status(db.session, first, "in_review", officer)
    casework.change_status(db.session, second, "closed", officer, outcome="duplicate")

    def order(sort: str) -> list[Report]:
        page = caseload.reports_for(db.session, officer, ReportFilters(), sort)
        return [row.report for row in page.items]

    assert order("newest") == [third, second, first]
    assert order("oldest") == [first, second, third]
    assert order("status") == [third, first, second]
    assert order("updated")[-1] is third
    assert order("nonsense") == order("newest")

    page = caseload.reports_for(db.session, officer, ReportFilters(), "oldest", 2, per_page=2)
    assert [row.report for row in page.items] == [third]
    assert (page.number, page.pages, page.total, page.has_previous, page.has_next) == (
        2,
        2,
        3,
        True,
        False,
    )


def test_a_status_change_decided_on_a_status_the_report_no_longer_has_is_refused(context):
    first, second = make.staff(name="First Officer"), make.staff(name="Second Officer")
    report = make.report()
    report.status = "in_review"
    db.session.commit()

    casework.change_status(
        db.session, report, "closed", first, outcome="support-given", seen_status="in_review"
    )
    db.session.commit()
    with pytest.raises(ReportChangedMeanwhile) as refused:
        casework.change_status(
            db.session,
            report,
            "referred",
            second,
            seen_status="in_review",
        )
    db.session.rollback()

    assert refused.value.field == "status"
    assert "Someone else changed this report" in str(refused.value)
    assert (report.status, report.outcome, report.police_reference) == (
        "closed",
        "support-given",
        None,
    )
    assert report.closed_at is not None
    moves = [(e.from_status, e.to_status) for e in report.events if e.kind == "status_changed"]
    assert moves == [("in_review", "closed")]


def test_an_assignment_decided_on_who_no_longer_has_the_report_is_refused(context):
    first, second = make.staff(name="First Officer"), make.staff(name="Second Officer")
    report = make.report()
    db.session.commit()

    casework.assign(db.session, report, first, first, seen_assignee_id=None)
    db.session.commit()
    with pytest.raises(ReportChangedMeanwhile) as refused:
        casework.assign(db.session, report, second, second, seen_assignee_id=None)
    db.session.rollback()

    assert refused.value.field == "assignee"
    assert report.assignee is first
    assert [e.text for e in report.events] == ["Assigned to First Officer"]
