"""Officers linking reports about the same person: the rules, both reports' histories and the
audit log, the report page, erasure, and the trends' repeat victimisation."""

from collections.abc import Iterator

import pytest
import report_factories as make
from factories import Resident, make_centre, make_user, sign_in
from flask import Flask
from sqlalchemy import func, select

from engage.errors import (
    LinkedReportNotFound,
    LinkToSameReport,
    ReportLinkRefused,
    ReportsAlreadyLinked,
    ReportsNotLinked,
)
from engage.extensions import db
from engage.models import AuditEntry, Report, ReportLink
from engage.roles import CENTRE_STAFF, OFFICER
from engage.services.erasure import erase_submission
from engage.services.incidents import trends as incident_trends
from engage.services.incidents.filters import IncidentFilters
from engage.services.reports import links as report_links
from tests.urls import Url

OFFICER_EMAIL = "officer@swp.example"
CENTRE_EMAIL = "staff@library.example"


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def reference(report: Report) -> str:
    return report.submission.reference or ""


def linked_references(report: Report) -> list[str]:
    return [reference(other) for other in report_links.linked_reports(db.session, report)]


def history(report: Report) -> list[str]:
    return [event.text or "" for event in report.events if event.kind in ("linked", "unlinked")]


def test_a_link_shows_on_both_reports_and_in_both_histories(context):
    officer = make.staff()
    first, second, unrelated = make.report(), make.report(), make.report()

    found = report_links.link(db.session, second, reference(first), officer)

    assert found == first
    assert linked_references(first) == [reference(second)]
    assert linked_references(second) == [reference(first)]
    assert linked_references(unrelated) == []
    assert history(first) == [f"Linked to {reference(second)}"]
    assert history(second) == [f"Linked to {reference(first)}"]
    audit = db.session.scalars(select(AuditEntry).filter_by(action="report.linked")).all()
    assert [(entry.object_id, entry.detail) for entry in audit] == [
        (second.id, f"other_report={first.id}")
    ]


def test_a_reference_is_found_however_it_was_typed(context):
    officer = make.staff()
    first, second = make.report(), make.report()
    typed = " " + reference(first).lower().replace("-", " ") + " "

    assert report_links.link(db.session, second, typed, officer) == first


@pytest.mark.parametrize(
    ("typed", "refusal", "says"),
    [
        ("", ReportLinkRefused, "Enter the reference of the other report"),
        ("ENG-ZZZZ-ZZZZ", LinkedReportNotFound, "There is no report with the reference"),
        ("self", LinkToSameReport, "is this report"),
        ("other", ReportsAlreadyLinked, "already linked"),
    ],
)
def test_a_link_that_cannot_be_made_says_why(context, typed, refusal, says):
    officer = make.staff()
    first, second = make.report(), make.report()
    report_links.link(db.session, first, reference(second), officer)
    typed = {"self": reference(second), "other": reference(first)}.get(typed, typed)

    with pytest.raises(refusal, match=says) as refused:
        report_links.link(db.session, second, typed, officer)

    assert refused.value.field == "reference"
    assert db.session.scalar(select(func.count()).select_from(ReportLink)) == 1


def test_unlinking_removes_the_link_from_both_and_says_so_in_both_histories(context):
    officer = make.staff()
    first, second = make.report(), make.report()
    report_links.link(db.session, first, reference(second), officer)

    report_links.unlink(db.session, second, first, officer)

    assert linked_references(first) == linked_references(second) == []
    assert history(first)[-1] == f"Unlinked from {reference(second)}"
    assert history(second)[-1] == f"Unlinked from {reference(first)}"
    with pytest.raises(ReportsNotLinked):
        report_links.unlink(db.session, second, first, officer)


def test_centre_staff_cannot_link_to_another_centres_report(context):
    library, gurdwara = make.centre("Central Library"), make.centre("Guru Nanak Gurdwara")
    theirs, ours = make.report(at=gurdwara), make.report(at=library)
    staff = make.staff(CENTRE_STAFF, at=library)

    with pytest.raises(LinkedReportNotFound):
        report_links.link(db.session, ours, reference(theirs), staff)


def test_erasing_a_report_erases_its_links(context):
    officer = make.staff()
    first, second = make.report(), make.report()
    report_links.link(db.session, first, reference(second), officer)

    erase_submission(db.session, second.submission)

    assert db.session.scalar(select(func.count()).select_from(ReportLink)) == 0
    assert linked_references(first) == []


def test_the_trends_list_each_linked_group_with_every_report_in_it(context):
    officer = make.staff()
    a, b, c = make.report(ward="park"), make.report(ward="park"), make.report(ward="penn")
    d, e = make.report(ward="park"), make.report(ward="park")
    make.report(ward="park")
    report_links.link(db.session, a, reference(b), officer)
    report_links.link(db.session, c, reference(b), officer)
    report_links.link(db.session, d, reference(e), officer)

    linked = incident_trends.analyse(db.session, officer, IncidentFilters(ward="park")).linked

    # c is in Penn, outside the filter, but it is part of the same person's history.
    assert [[r.id for r in group] for group in linked] == [[a.id, b.id, c.id], [d.id, e.id]]
    assert linked[0][0].reference == reference(a)


# The report page


@pytest.fixture
def officer_browser(app: Flask, resident: Resident) -> Resident:
    make_user(app, OFFICER, OFFICER_EMAIL)
    sign_in(resident.client, OFFICER_EMAIL)
    return resident


@pytest.fixture
def two_reports(app: Flask) -> tuple[int, int, str, str]:
    with app.app_context():
        first = make.report(description="He spat at me and called me a p*ki at the bus stop.")
        second = make.report()
        db.session.commit()
        return first.id, second.id, reference(first), reference(second)


def test_an_officer_links_two_reports_from_a_report_page(
    officer_browser: Resident, two_reports, url: Url
):
    first, second, first_ref, second_ref = two_reports
    address = url("staff.report", report_id=first)

    linked = officer_browser.post(
        url("staff.link_report", report_id=first), {"link-reference": second_ref}, page=address
    )

    assert linked.status_code == 302
    page = officer_browser.get(address)
    assert f"This report is linked to {second_ref}" in page.text
    assert f'href="{url("staff.report", report_id=second)}"' in page.text
    other = officer_browser.get(url("staff.report", report_id=second))
    assert f'href="{url("staff.report", report_id=first)}"' in other.text
    assert f"Linked to {first_ref}" in other.text


def test_a_wrong_reference_is_shown_with_what_to_fix_and_kept(
    officer_browser: Resident, two_reports, url: Url
):
    first, _, _, _ = two_reports
    address = url("staff.report", report_id=first)
    link = url("staff.link_report", report_id=first)

    page = officer_browser.post(link, {"link-reference": "ENG-NOPE-NOPE"}, address)

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "There is no report with the reference ENG-NOPE-NOPE" in page.text
    assert 'value="ENG-NOPE-NOPE"' in page.text


def test_an_officer_unlinks_two_reports(
    app: Flask, officer_browser: Resident, two_reports, url: Url
):
    first, second, _, second_ref = two_reports
    address = url("staff.report", report_id=first)
    link = url("staff.link_report", report_id=first)
    officer_browser.post(link, {"link-reference": second_ref}, page=address)

    unlink = url("staff.unlink_report", report_id=first, other_id=second)
    unlinked = officer_browser.post(unlink, {}, page=address)

    assert unlinked.status_code == 302
    page = officer_browser.get(address)
    assert f"This report is no longer linked to {second_ref}" in page.text
    assert "No other report is linked to this one" in page.text


def test_centre_staff_can_neither_link_nor_unlink(
    app: Flask, resident: Resident, two_reports, url: Url
):
    first, second, _, second_ref = two_reports
    centre = make_centre(app, "Central Library")
    make_user(app, CENTRE_STAFF, CENTRE_EMAIL, centre)
    sign_in(resident.client, CENTRE_EMAIL)
    home = url("staff.home")

    linking = resident.post(
        url("staff.link_report", report_id=first), {"link-reference": second_ref}, home
    )
    unlinking = resident.post(
        url("staff.unlink_report", report_id=first, other_id=second), {}, home
    )

    assert linking.status_code == unlinking.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportLink)) == 0


def test_centre_staff_see_that_their_report_is_linked_but_not_to_which(
    app: Flask, officer_browser: Resident, two_reports, url: Url
):
    """The other report may be another centre's: its reference is not theirs to see."""
    first, second, _, second_ref = two_reports
    library = make_centre(app, "Central Library")
    with app.app_context():
        db.session.get(Report, first).centre_id = library
        db.session.commit()
    address = url("staff.report", report_id=first)
    link = url("staff.link_report", report_id=first)
    officer_browser.post(link, {"link-reference": second_ref}, page=address)
    make_user(app, CENTRE_STAFF, CENTRE_EMAIL, library)
    centre_browser = app.test_client()
    sign_in(centre_browser, CENTRE_EMAIL)

    page = centre_browser.get(address)

    assert page.status_code == 200
    assert "Linked to another report about the same person" in page.text
    assert second_ref not in page.text


def test_the_report_page_shows_the_suggested_tags_with_their_words_marked(
    officer_browser: Resident, two_reports, url: Url
):
    first, _, _, _ = two_reports

    page = officer_browser.get(url("staff.report", report_id=first))

    assert "<mark>p*ki</mark>" in page.text
    assert "Suggested: " in page.text and "Race" in page.text


def test_the_trends_page_lists_linked_reports(
    app: Flask, officer_browser: Resident, two_reports, url: Url
):
    first, second, _, second_ref = two_reports
    address = url("staff.report", report_id=first)
    link = url("staff.link_report", report_id=first)
    officer_browser.post(link, {"link-reference": second_ref}, page=address)

    page = officer_browser.get(url("staff.incidents"))

    section = page.text.split('id="linked-reports"')[1].split('id="possible-repeats"')[0]
    assert f'href="{url("staff.report", report_id=first)}"' in section
    assert f'href="{url("staff.report", report_id=second)}"' in section
