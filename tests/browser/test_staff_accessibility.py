"""The staff side passes axe-core at WCAG 2.2 AA too: officers, admins and centre staff use it all
day, some with a screen reader or only a keyboard. Each test signs in as a person would, with the
password and then the code their app shows, and checks the pages of their work, with errors where
a page can show them.
"""

import secrets

import pytest
from sqlalchemy import select

from engage.demo import consultations as demo
from engage.extensions import db
from engage.models import Answer
from engage.services.consultations.publishing import get_consultation
from engage.services.forms import flow_for
from tests.browser.axe import Checker
from tests.browser.person import Person
from tests.browser.server import STRATEGY, Site
from tests.engage import report_factories
from tests.engage.factories import STAFF_PASSWORD, app_code, make_centre, make_user
from tests.urls import Url, path_for


@pytest.fixture
def casework(site: Site) -> dict[str, int]:
    """A report to work on, and a consultation response with answers in residents' own words."""
    with site.app.app_context():
        report = report_factories.report()
        consultation = get_consultation(db.session, STRATEGY)
        flow = flow_for(consultation.form)
        bank = demo.load_answer_bank()
        for resident in (demo.Resident.numbered(number, 1, bank) for number in range(3)):
            demo.add_response(db.session, consultation, flow, resident)
        db.session.commit()
        answer = db.session.scalar(
            select(Answer.id)
            .where(Answer.submission.has(consultation_id=consultation.id))
            .where(Answer.question_id == "reducing_offending_why", Answer.value.is_not(None))
        )
        return {"report": report.id, "consultation": consultation.id, "answer": answer}


def sign_in(person: Person, checker: Checker, role: str, centre: int | None = None) -> None:
    """Sign in with a new account of the role; check the sign-in pages, wrong and right."""
    email = f"{role}-{secrets.token_hex(4)}@swp.example"
    app = person.site.app
    make_user(app, role, email, centre)
    person.open(path_for(app, "staff.sign_in"))
    checker.check("sign in")
    person.page.fill("#email", email)
    person.page.fill("#password", "not the password")
    person.press("Sign in")
    assert "There is a problem" in person.text()
    checker.check("sign in, with a wrong password")
    person.page.fill("#email", email)
    person.page.fill("#password", STAFF_PASSWORD)
    person.press("Sign in")
    if person.path == path_for(app, "staff.sign_in_code"):
        checker.check("the code from the authenticator app")
        person.page.fill("#code", "000000")
        person.press("Continue")
        assert "There is a problem" in person.text()
        checker.check("the code, wrong")
        person.page.fill("#code", app_code(app, email))
        person.press("Continue")
    assert person.path == path_for(app, "staff.home"), f"not signed in: at {person.path}"


def test_an_admins_pages_pass_axe(
    person: Person, checker: Checker, casework: dict[str, int], url: Url
):
    sign_in(person, checker, "admin")
    consultation = {"consultation_id": casework["consultation"]}
    pages = {
        url("staff.home"): "the staff home page",
        url("staff.reports"): "the reports",
        url("staff.report", report_id=casework["report"]): "a report",
        url("staff.incidents"): "incident trends",
        url("staff.consultations"): "the consultations",
        url("staff.consultation", **consultation): "a consultation",
        url("staff.consultation_results", **consultation): "a consultation's results",
        url("staff.consultation_themes", **consultation): "its themes",
        url("staff.consultation_answers", **consultation): "its answers",
        url(
            "staff.review_answer", **consultation, answer_id=casework["answer"]
        ): "reviewing an answer's tags",
        url("staff.consultation_equalities", **consultation): "its equalities analysis",
        url(
            "staff.consultation_equalities_report", **consultation, family="priority"
        ): "the printable equalities report",
        url("staff.equalities_baseline"): "the population baseline",
        url("staff.audit_log"): "the audit log",
        url("staff.erase_on_request"): "erasure on request",
        url("staff.retention_periods"): "retention periods",
        url("staff.users"): "staff accounts",
        url("staff.new_user"): "a new account",
        url("staff.centres"): "reporting centres",
        url("staff.two_factor_home"): "two-factor sign-in",
        url("staff.password"): "changing the password",
    }
    for path, what in pages.items():
        person.open(path)
        checker.check(what)

    person.open(url("staff.report", report_id=casework["report"]))
    person.page.fill("#link-reference", "not a reference")
    person.press("Link reports")
    assert "There is a problem" in person.text()
    checker.check("a report, linking a wrong reference")
    person.open(url("staff.retention_periods"))
    person.page.locator("input[name=days]").first.fill("a week")
    person.page.get_by_role("button", name="Save the period for").first.click()
    person.page.wait_for_load_state()
    assert "There is a problem" in person.text()
    checker.check("retention, with a wrong period")

    assert len(checker.checked) == len(pages) + 6
    checker.assert_none_found()


def test_centre_staffs_pages_pass_axe(person: Person, checker: Checker, url: Url):
    centre = make_centre(person.site.app, f"Library {secrets.token_hex(3)}")
    sign_in(person, checker, "centre_staff", centre)
    for path, what in {
        url("staff.reports"): "the centre's reports",
        url("staff.log_report"): "logging a report for someone",
    }.items():
        person.open(path)
        checker.check(what)

    checker.assert_none_found()
