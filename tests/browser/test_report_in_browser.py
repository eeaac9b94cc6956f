"""A victim reports a hate incident in a real browser, keeps the receipt code and uses it; and
the quick exit leaves for a neutral site, taking the report out of the history."""

import json

import pytest
from playwright.sync_api import Page

from tests.browser.person import RECEIPT_CODE, REFERENCE, Person
from tests.browser.server import NEUTRAL_SITE, Site
from tests.engage.reporter import CONTACT, REPORT
from tests.urls import Url

INFORMATION = "The same two men were outside the shop again on Friday."
# The exit-this-page component has started (GOV.UK Frontend marks it so).
EXIT_READY = "[data-govuk-exit-this-page-init]"


def test_a_victim_reports_an_incident_and_checks_on_it_with_the_receipt_code(
    any_page: Page, site: Site, url: Url
):
    person = Person(any_page, site)
    person.open(url("public.report_start"))
    person.press("Start now")
    person.answer_until(url("public.report_check"), REPORT)

    assert "Check your report before sending it" in person.text()
    assert "Verbal abuse or threats" in person.text()
    person.press("Send report")
    assert "Report sent" in person.text()
    reference = REFERENCE.search(person.text())
    assert reference, "no reference number on the confirmation"
    code = any_page.locator("#receipt-code [aria-hidden=true]").inner_text()

    person.follow("check where your report has got to and add information to it")
    assert person.path == url("public.report_status")
    any_page.get_by_label("Receipt code").fill(code)
    person.press("Continue")
    assert "Your report" in person.text()
    assert reference.group(0) in person.text()
    any_page.get_by_label("Add information to your report").fill(INFORMATION)
    person.press("Add information")
    assert "We have added your information to your report." in person.text()
    person.press("Close your report")
    assert person.path == url("public.report_start")


def test_a_shared_browser_holds_no_contact_details_and_no_receipt_code(
    page: Page, site: Site, url: Url
):
    person = Person(page, site)
    person.open(url("public.report_start"))
    person.press("Start now")
    person.answer_until(
        url("public.report_check"), {**REPORT, **CONTACT, "share_with_police": "share"}
    )
    assert CONTACT["phone"] in person.text()
    held = cookie_contents(page, site)
    assert "report:web" in held  # the cookie was read: it holds the draft's opaque key
    assert not any(CONTACT[detail] in held for detail in ("name", "phone", "email"))

    person.press("Send report")
    code = page.locator("#receipt-code [aria-hidden=true]").inner_text()
    assert RECEIPT_CODE.fullmatch(code)
    assert code not in held and code not in cookie_contents(page, site)
    page.reload()
    assert code not in person.text()


def cookie_contents(page: Page, site: Site) -> str:
    """What this browser's session cookie holds, read as anyone at the browser could: without
    the key that signs it."""
    serializer = site.app.session_interface.get_signing_serializer(site.app)  # type: ignore
    values = [c["value"] for c in page.context.cookies() if c["name"] == "session"]
    assert values, "no session cookie"
    return json.dumps([serializer.loads_unsafe(value)[1] for value in values])


def test_a_receipt_code_that_is_not_known_is_refused(any_page: Page, site: Site, url: Url):
    person = Person(any_page, site)
    person.open(url("public.report_status"))

    any_page.get_by_label("Receipt code").fill("AAAAA-BBBBB-CCCCC-DDDDD")
    person.press("Continue")

    assert "We could not find a report with that code" in person.text()


@pytest.mark.parametrize("leave", ["Exit this page", "Escape", "Shift"])
def test_leaving_takes_the_whole_report_out_of_the_history(
    page: Page, site: Site, url: Url, leave: str
):
    person = Person(page, site)
    person.open(url("public.hub"))
    person.open(url("public.report_start"))
    before = history(page)
    assert before[-2:] == [site.url(url("public.hub")), site.url(url("public.report_start"))]
    person.press("Start now")
    person.answer_page({"in_danger": "no"})
    assert person.path == url("public.report_question", key="reporter_role")
    # The report's pages share one entry in the history, the start page's.
    reporter_role = url("public.report_question", key="reporter_role")
    assert history(page) == [*before[:-1], site.url(reporter_role)]

    page.wait_for_selector(EXIT_READY, state="attached")
    if leave == "Exit this page":
        page.get_by_role("button", name="Exit this page").click()
    else:
        for _ in range(3):
            page.keyboard.press(leave)
    page.wait_for_url(NEUTRAL_SITE)

    assert history(page) == [*before[:-1], NEUTRAL_SITE]
    page.go_back()
    assert page.url == site.url(url("public.hub"))


def test_without_javascript_exit_this_page_is_a_link_to_the_neutral_site(
    page_without_javascript: Page, site: Site, url: Url
):
    person = Person(page_without_javascript, site)
    person.open(url("public.report_start"))
    person.press("Start now")

    page_without_javascript.get_by_role("button", name="Exit this page").click()

    page_without_javascript.wait_for_url(NEUTRAL_SITE)
    assert "Weather" in page_without_javascript.title()


def history(page: Page) -> list[str]:
    """The addresses in the tab's history, oldest first, as Back and Forward would go."""
    session = page.context.new_cdp_session(page)
    try:
        entries = session.send("Page.getNavigationHistory")["entries"]
    finally:
        session.detach()
    return [entry["url"] for entry in entries]
