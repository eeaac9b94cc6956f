"""Filing a report: the service, its contact details, and the journey reused by centre staff."""

from datetime import date
from typing import Any

import pytest
from factories import Resident, csrf_token, plausible_answer, questions_on_page
from flask import Blueprint, Flask, render_template_string
from reporter import REPORT, follow
from sqlalchemy import func, select

from engage.errors import ContactDetailsInvalid, InformationInvalid, ResponseIncomplete
from engage.extensions import db
from engage.journeys.form_journey import Endpoints
from engage.journeys.report_journey import ReportJourney, add_report_routes
from engage.models import Report, ReportEvent, ReportingCentre, Submission, User
from engage.roles import CENTRE_STAFF, OFFICER
from engage.services.forms import flow_for, latest_form
from engage.services.reports import contact_details, filing
from engage.services.reports.receipts import hash_receipt_code
from engage.services.responses import record_answers, start_response
from tests.urls import path_for

ANSWERS: dict[str, Any] = {
    "in_danger": False,
    "reporter_role": "witness",
    "incident_types": ["graffiti-posters"],
    "incident_date": date(2024, 3, 4),
    "location_online": False,
    "description": "Racist graffiti sprayed on the mosque wall.",
    "share_with_police": "anonymous",
    "victim_support_referral": False,
}


def draft(channel: str = "web", **answers: Any):
    """A report draft with answers recorded, and its flow."""
    form = latest_form(db.session, "hate-incident-report")
    flow = flow_for(form)
    submission, _ = start_response(db.session, form, channel=channel)
    record_answers(db.session, submission, flow, {**ANSWERS, **answers})
    return submission, flow


def staff_member(centre: ReportingCentre) -> User:
    user = User(
        email="sam@library.example",
        name="Sam",
        role=CENTRE_STAFF,
        centre=centre,
        password_hash="not-a-hash",
    )
    db.session.add(user)
    db.session.flush()
    return user


def test_filing_submits_the_draft_and_opens_the_casework(app: Flask):
    with app.app_context():
        submission, flow = draft()

        report, code = filing.file_report(db.session, submission, flow)

        assert submission.status == "submitted" and submission.reference
        assert report.status == "new"
        assert report.receipt_hash == hash_receipt_code(
            code, "test-receipt-pepper-7f3a9c2e4b1d8f6a"
        )
        assert report.risk_flag is False
        assert [(e.kind, e.to_status, e.actor_id) for e in report.events] == [
            ("created", "new", None)
        ]


def test_filing_twice_files_once(app: Flask):
    with app.app_context():
        submission, flow = draft()

        first, code = filing.file_report(db.session, submission, flow)
        again, no_code = filing.file_report(db.session, submission, flow)

        assert again.id == first.id
        assert code is not None and no_code is None
        assert db.session.scalar(select(func.count(Report.id))) == 1
        assert db.session.scalar(select(func.count(ReportEvent.id))) == 1


def test_filing_uses_a_code_made_earlier(app: Flask):
    with app.app_context():
        submission, flow = draft()

        report, code = filing.file_report(
            db.session, submission, flow, receipt_code="K7QM4-XA2CD-HJ3PW-9RTVE"
        )

        assert code == "K7QM4-XA2CD-HJ3PW-9RTVE"
        assert filing.find_by_receipt(db.session, "k7qm4 xa2cd hj3pw 9rtve").id == report.id


def test_a_report_logged_at_a_centre_records_the_centre_and_who_logged_it(app: Flask):
    with app.app_context():
        library = ReportingCentre(name="Central Library")
        db.session.add(library)
        sam = staff_member(library)
        submission, flow = draft(channel="centre", reporter_role="on-behalf")

        report, _ = filing.file_report(db.session, submission, flow, centre=library, logged_by=sam)

        assert report.centre_id == library.id
        assert report.logged_by_id == sam.id
        assert report.events[0].actor_id == sam.id


def test_someone_in_danger_flags_the_report(app: Flask):
    with app.app_context():
        submission, flow = draft(in_danger=True)

        report, _ = filing.file_report(db.session, submission, flow)

        assert report.risk_flag is True


def test_an_unfinished_report_is_not_filed(app: Flask):
    with app.app_context():
        form = latest_form(db.session, "hate-incident-report")
        flow = flow_for(form)
        submission, _ = start_response(db.session, form, channel="web")
        record_answers(db.session, submission, flow, {"in_danger": False})

        with pytest.raises(ResponseIncomplete):
            filing.file_report(db.session, submission, flow)
        assert db.session.scalar(select(func.count(Report.id))) == 0


def test_adding_information_is_checked(app: Flask):
    with app.app_context():
        submission, flow = draft()
        report, _ = filing.file_report(db.session, submission, flow)

        with pytest.raises(InformationInvalid, match="Enter the information"):
            filing.add_information(db.session, report, " \n ")
        with pytest.raises(InformationInvalid, match="5,000 characters"):
            filing.add_information(db.session, report, "z" * 5001)
        event = filing.add_information(db.session, report, "  He came back.\r\n ")

        assert (event.kind, event.text, event.actor_id) == (
            "information_added",
            "He came back.",
            None,
        )


@pytest.mark.parametrize(
    ("answers", "wanted"),
    [
        ({"share_with_police": "share"}, True),
        ({"share_with_police": "anonymous", "victim_support_referral": True}, True),
        ({"share_with_police": "anonymous", "victim_support_referral": False}, False),
        ({"share_with_police": "do-not-share"}, False),
    ],
)
def test_contact_details_are_offered_when_someone_may_need_them(answers, wanted):
    assert filing.wants_contact(answers) is wanted


@pytest.mark.parametrize(
    "phone",
    ["01902 551155", "07700 900982", "+44 7700 900982", "+44 (0)1902 551155", "0800 555 111"],
)
def test_uk_phone_numbers_are_accepted(phone: str):
    details = contact_details.check_contact_details(
        {"leave_contact": True, "phone": phone, "consent": True}
    )

    assert details is not None and details.phone == phone


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"name": "Priya"}, "phone", "Enter a UK phone number or an email address"),
        ({"phone": "12345"}, "phone", "Enter a UK phone number, like"),
        ({"phone": "+1 212 555 0100"}, "phone", "Enter a UK phone number, like"),
        ({"email": "priya@example"}, "email", "Enter an email address in the correct format"),
        ({"email": "priya example.org"}, "email", "Enter an email address in the correct format"),
    ],
)
def test_bad_contact_details_are_refused_field_by_field(answers, field, message):
    with pytest.raises(ContactDetailsInvalid) as refused:
        contact_details.check_contact_details({"leave_contact": True, "consent": True, **answers})

    assert refused.value.errors[field].startswith(message)


def test_contact_details_need_consent():
    with pytest.raises(ContactDetailsInvalid) as refused:
        contact_details.check_contact_details({"leave_contact": True, "email": "p@example.org"})

    assert set(refused.value.errors) == {"consent"}


def test_no_contact_details_when_none_are_left():
    assert contact_details.check_contact_details({"leave_contact": False}) is None
    assert contact_details.check_contact_details({}) is None


def test_contact_details_are_kept_once_per_report(app: Flask):
    with app.app_context():
        submission, flow = draft(share_with_police="share")
        report, _ = filing.file_report(db.session, submission, flow)
        details = contact_details.check_contact_details(
            {"leave_contact": True, "email": " p@example.org ", "name": "", "consent": True}
        )

        kept = contact_details.keep_contact_details(db.session, report, details)
        again = contact_details.keep_contact_details(db.session, report, details)

        assert again.id == kept.id
        assert (kept.email, kept.name, kept.phone) == ("p@example.org", None, None)


CONTACT_ANSWERS = {"leave_contact": True, "phone": "07700 900982", "consent": True}


def test_filing_keeps_the_contact_details_a_reporter_agreed_to(app: Flask):
    with app.app_context():
        submission, flow = draft(share_with_police="share")
        report, _ = filing.file_report(db.session, submission, flow, contact=CONTACT_ANSWERS)
        officer = User(email="o@swp.example", name="O", role=OFFICER, password_hash="x")

        kept = contact_details.contact_details_for(db.session, report, officer)

        assert kept is not None and kept.phone == "07700 900982"


def test_contact_details_are_not_kept_when_nobody_is_to_contact_the_reporter(app: Flask):
    with app.app_context():
        submission, flow = draft(share_with_police="anonymous")
        report, _ = filing.file_report(db.session, submission, flow, contact=CONTACT_ANSWERS)

        assert not contact_details.has_contact_details(db.session, report)


def test_wrong_contact_details_stop_the_filing_before_anything_is_sent(app: Flask):
    with app.app_context():
        submission, flow = draft(share_with_police="share")
        wrong = {**CONTACT_ANSWERS, "phone": "12", "consent": False}

        with pytest.raises(ContactDetailsInvalid) as refused:
            filing.file_report(db.session, submission, flow, contact=wrong)

        assert set(refused.value.errors) == {"phone", "consent"}
        assert submission.status == "draft"
        assert db.session.scalar(select(func.count(Report.id))) == 0


def test_centre_staff_are_not_given_the_contact_details_they_took(app: Flask):
    with app.app_context():
        library = ReportingCentre(name="Central Library")
        db.session.add(library)
        submission, flow = draft(share_with_police="share")
        sam = staff_member(library)
        report, _ = filing.file_report(
            db.session, submission, flow, contact=CONTACT_ANSWERS, centre=library, logged_by=sam
        )

        assert contact_details.has_contact_details(db.session, report)
        assert contact_details.contact_details_for(db.session, report, sam) is None


# The journey on another blueprint, as the staff side will use it for centre staff.

CENTRE = "/centre-test/report"


@pytest.fixture
def centre_app(app: Flask) -> Flask:
    """The app with a blueprint on which "centre staff" log reports through the journey."""
    with app.app_context():
        library = ReportingCentre(name="Central Library")
        db.session.add(library)
        sam = staff_member(library)
        db.session.commit()
        centre_id, user_id = library.id, sam.id

    def journey() -> ReportJourney:
        return ReportJourney(
            endpoints=Endpoints("centre_test", "new_report_"),
            draft_name="report:centre",
            channel="centre",
            centre=db.session.get(ReportingCentre, centre_id),
            logged_by=db.session.get(User, user_id),
            preset={"reporter_role": "on-behalf"},
        )

    blueprint = Blueprint("centre_test", __name__)
    blueprint.add_url_rule(
        CENTRE,
        "new_report_start",
        lambda: render_template_string(
            '<form method="post" action="{{ url_for(\'centre_test.new_report_begin\') }}">'
            '<input type="hidden" name="csrf_token" value="{{ csrf_token() }}"></form>'
        ),
    )
    add_report_routes(blueprint, CENTRE, journey, prefix="new_report_")
    app.register_blueprint(blueprint)
    return app


def test_centre_staff_log_a_report_through_the_same_journey(centre_app: Flask):
    staff = Resident(centre_app.test_client())
    with centre_app.app_context():
        flow = flow_for(latest_form(db.session, "hate-incident-report"))

    def centre_page(name: str, **values: object) -> str:
        return path_for(centre_app, f"centre_test.new_report_{name}", **values)

    check = centre_page("check")
    page = follow(staff, staff.post(centre_page("begin"), page=centre_page("start")))
    asked = []
    while centre_page("question", key="") in page.request.path:
        questions = questions_on_page(flow, page.text)
        asked += [q.id for q in questions]
        data = {q.id: REPORT.get(q.id, plausible_answer(q)) for q in questions}
        form = {"csrf_token": csrf_token(page.text), **data}
        page = follow(staff, staff.client.post(page.request.path, data=form))
    assert page.request.path == check
    assert "reporter_role" not in asked
    assert "I am reporting for someone else" in page.text
    change_role = centre_page("question", key="reporter_role", change=1)
    assert f'href="{change_role}"' not in page.text
    back = staff.get(centre_page("question", key="incident_types")).text
    assert f'href="{centre_page("question", key="in_danger")}"' in back

    sent = follow(staff, staff.post(check, page=check))

    assert sent.request.path == centre_page("confirmation")
    with centre_app.app_context():
        report = db.session.scalar(select(Report))
        assert report.centre.name == "Central Library"
        assert report.logged_by.name == "Sam"
        assert report.submission.channel == "centre"
        assert db.session.scalar(select(Submission.reference)) in sent.text
