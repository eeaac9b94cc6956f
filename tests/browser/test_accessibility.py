"""Every public page, and every state of its form, has no failure axe-core finds at WCAG 2.2 AA.

Each test walks a journey as a person would and checks each page it shows: empty, then with
the errors a wrong answer gets, then answered. A test lists every failure it saw before failing,
so one run shows all there is to fix.
"""

from typing import Any

import pytest

import surveys
from tests.browser.axe import Checker
from tests.browser.person import RECEIPT_CODE, Person, answer
from tests.browser.server import CLOSED, FORTHCOMING, STRATEGY
from tests.engage.reporter import CONTACT, REPORT
from tests.urls import Url


def test_the_hub_and_the_consultation_start_pages_pass_axe(
    person: Person, checker: Checker, url: Url
):
    person.open(url("public.hub"))
    checker.check("the hub: open, coming up and closed consultations")
    person.open(url("public.start", slug=STRATEGY))
    checker.check("an open consultation's start page")
    person.open(url("public.start", slug=FORTHCOMING))
    checker.check("a consultation that has not opened yet")
    person.open(url("public.start", slug=CLOSED))
    assert "You said, we did" in person.text()
    checker.check("a closed consultation's You said, we did")

    checker.assert_none_found()


def test_the_footers_pages_pass_axe_each_reached_from_the_footer(
    person: Person, checker: Checker, url: Url
):
    for link, heading in [
        ("Privacy", "Privacy notice"),
        ("Accessibility statement", "Accessibility statement for Engage"),
        ("Cookies", "Cookies"),
        ("Contact", "Contact us"),
    ]:
        person.open(url("public.report_start"))
        person.follow(link)
        assert heading in person.text()
        checker.check(f"the {link.lower()} page")

    checker.assert_none_found()


def test_every_page_of_the_consultation_passes_axe_empty_and_with_errors(
    person: Person, checker: Checker, url: Url
):
    person.open(url("public.start", slug=STRATEGY))
    person.press("Start now")

    check_each_question_page(person, checker, {}, stop=url("public.check", slug=STRATEGY))
    checker.check("check your answers")
    person.press("Send answers")
    checker.check("answers sent")

    assert len(checker.checked) > 20
    checker.assert_none_found()


def test_every_page_of_the_report_passes_axe_empty_and_with_errors(
    person: Person, checker: Checker, url: Url
):
    given = {**REPORT, **CONTACT, "in_danger": "yes", "share_with_police": "share"}
    person.open(url("public.report_start"))
    checker.check("the report's start page")
    person.press("Start now")

    check_each_question_page(person, checker, given, stop=url("public.report_check"))
    checker.check("check your report")
    person.press("Send report")
    checker.check("report sent, with its receipt code")

    checked = " ".join(checker.checked)
    assert "the emergency page" in checked and url("public.report_contact", key="name") in checked
    checker.assert_none_found()


def test_the_receipt_code_look_up_passes_axe_with_and_without_errors(
    person: Person, checker: Checker, url: Url
):
    person.open(url("public.report_start"))
    person.press("Start now")
    person.answer_until(url("public.report_check"), REPORT)
    person.press("Send report")
    code = RECEIPT_CODE.search(person.text())
    assert code, "no receipt code on the confirmation"

    person.open(url("public.report_status"))
    checker.check("the receipt code look-up")
    person.press("Continue")
    checker.check("the receipt code look-up, no code entered")
    person.page.fill('[name="receipt_code"]', "AAAAA-BBBBB-CCCCC-DDDDD")
    person.press("Continue")
    checker.check("the receipt code look-up, a code that is not known")
    person.page.fill('[name="receipt_code"]', code.group(0))
    person.press("Continue")
    checker.check("your report")
    person.press("Add information")
    checker.check("your report, adding nothing")
    person.page.fill('[name="information"]', "The same men were there again on Friday.")
    person.press("Add information")
    checker.check("your report, information added")

    checker.assert_none_found()


def test_the_start_pages_pass_axe_with_answers_in_progress_or_lost(
    person: Person, checker: Checker, url: Url
):
    person.open(url("public.report_question", key="description"))
    assert "could not find a report in progress" in person.text()
    checker.check("the report's start page, the report in progress lost")
    person.press("Start now")
    person.open(url("public.report_start"))
    checker.check("the report's start page, a report in progress")
    person.open(url("public.question", slug=STRATEGY, key="worries"))
    assert "could not find your answers in progress" in person.text()
    checker.check("a consultation's start page, the answers in progress lost")
    person.press("Start now")
    person.open(url("public.start", slug=STRATEGY))
    checker.check("a consultation's start page, answers in progress")

    checker.assert_none_found()


def test_the_page_for_a_form_sent_too_late_passes_axe(person: Person, checker: Checker, url: Url):
    person.open(url("public.start", slug=STRATEGY))
    person.page.context.clear_cookies()  # as when the session has ended
    person.press("Start now")

    assert "Your page had expired" in person.text()
    checker.check("your page had expired")
    checker.assert_none_found()


@pytest.mark.parametrize("path", ["/no-such-page", "/report/no-such-page"])
def test_page_not_found_passes_axe(person: Person, checker: Checker, path: str):
    person.open(path)
    assert "Page not found" in person.text()
    checker.check("page not found")

    checker.assert_none_found()


def check_each_question_page(
    person: Person, checker: Checker, given: dict[str, Any], stop: str
) -> None:
    """Check each page until `stop`: empty, then (where it can be wrong) with its errors."""
    for _ in range(60):
        if stop in person.path:
            return
        if person.path.endswith("/emergency"):
            checker.check("the emergency page")
            person.press("Continue with your report")
            continue
        checker.check("empty")
        if show_errors(person):
            assert person.page.locator(".govuk-error-summary").is_visible(), person.path
            checker.check("with errors")
        person.answer_page(given)
    raise AssertionError(f"never reached {stop}")


def show_errors(person: Person) -> bool:
    """Give each question on the page a wrong answer, or none, and Continue; False if this
    page cannot be answered wrongly (every question on it is an optional choice)."""
    questions = person.questions()
    wrong = {q.id: value for q in questions if (value := wrong_answer(q)) is not None}
    if not wrong and not any(q.required for q in questions):
        return False
    for question in questions:
        if question.id in wrong:
            answer(person.page, question, wrong[question.id])
    person.press("Continue")
    return True


def wrong_answer(question: surveys.Question) -> Any:
    """An answer the question refuses, where one can be typed; None for choices."""
    kind = surveys.QuestionType
    if question.type is kind.DATE:
        return ["31", "2", "2024"]
    if question.type is kind.POSTCODE:
        return "not a postcode"
    if question.type is kind.NUMBER:
        return "lots"
    if question.type is kind.FREE_TEXT:
        return "x" * ((question.max_length or 5000) + 1)
    return None
