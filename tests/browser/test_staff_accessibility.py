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
    make_user(person.site.app, role, email, centre)
    person.open("/staff/sign-in")
    checker.check("sign in")
    person.page.fill("#email", email)
    person.page.fill("#password", "not the password")
    person.press("Sign in")
    assert "There is a problem" in person.text()
    checker.check("sign in, with a wrong password")
    person.page.fill("#email", email)
    person.page.fill("#password", STAFF_PASSWORD)
    person.press("Sign in")
    if person.path == "/staff/sign-in/code":
        checker.check("the code from the authenticator app")
        person.page.fill("#code", "000000")
        person.press("Continue")
        assert "There is a problem" in person.text()
        checker.check("the code, wrong")
        person.page.fill("#code", app_code(person.site.app, email))
        person.press("Continue")
    assert person.path == "/staff/", f"not signed in: at {person.path}"


def test_an_admins_pages_pass_axe(person: Person, checker: Checker, casework: dict[str, int]):
    sign_in(person, checker, "admin")
    consultation = f"/staff/consultations/{casework['consultation']}"
    pages = {
        "/staff/": "the staff home page",
        "/staff/reports": "the reports",
        f"/staff/reports/{casework['report']}": "a report",
        "/staff/incidents": "incident trends",
        "/staff/consultations": "the consultations",
        consultation: "a consultation",
        f"{consultation}/results": "a consultation's results",
        f"{consultation}/themes": "its themes",
        f"{consultation}/answers": "its answers",
        f"{consultation}/answers/{casework['answer']}": "reviewing an answer's tags",
        f"{consultation}/equalities": "its equalities analysis",
        f"{consultation}/equalities/report?family=priority": "the printable equalities report",
        "/staff/equalities/baseline": "the population baseline",
        "/staff/audit": "the audit log",
        "/staff/erasure": "erasure on request",
        "/staff/retention": "retention periods",
        "/staff/users": "staff accounts",
        "/staff/users/new": "a new account",
        "/staff/centres": "reporting centres",
        "/staff/two-factor": "two-factor sign-in",
        "/staff/password": "changing the password",
    }
    for path, what in pages.items():
        person.open(path)
        checker.check(what)

    person.open(f"/staff/reports/{casework['report']}")
    person.page.fill("#link-reference", "not a reference")
    person.press("Link reports")
    assert "There is a problem" in person.text()
    checker.check("a report, linking a wrong reference")
    person.open("/staff/retention")
    person.page.locator("input[name=days]").first.fill("a week")
    person.page.get_by_role("button", name="Save the period for").first.click()
    person.page.wait_for_load_state()
    assert "There is a problem" in person.text()
    checker.check("retention, with a wrong period")

    assert len(checker.checked) == len(pages) + 6
    checker.assert_none_found()


def test_centre_staffs_pages_pass_axe(person: Person, checker: Checker):
    centre = make_centre(person.site.app, f"Library {secrets.token_hex(3)}")
    sign_in(person, checker, "centre_staff", centre)
    for path, what in {
        "/staff/reports": "the centre's reports",
        "/staff/reports/log": "logging a report for someone",
    }.items():
        person.open(path)
        checker.check(what)

    checker.assert_none_found()
