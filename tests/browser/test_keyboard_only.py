"""A person who cannot use a mouse reports an incident with the keyboard alone: Tab to move,
Space to tick, arrow keys to choose, typing, and Enter to press. Wherever the focus lands it
must be seen, and after a mistake it must land on the error summary.
"""

from typing import Any

from playwright.sync_api import Page

import surveys
from tests.browser.person import CHOICES, RECEIPT_CODE, TICKS, Person, next_page
from tests.engage.reporter import REPORT
from tests.urls import Url

MOST_TABS = 80
# True when the focused element shows GOV.UK's focus state: the yellow focus colour as an
# outline, a ring (box-shadow) or a background, on the element or, for a radio or a checkbox,
# on the circle or box its label draws.
FOCUS_SHOWN = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return false;
  const yellow = "rgb(255, 221, 0)";
  const styles = [getComputedStyle(focused)];
  if (focused.matches(".govuk-radios__input, .govuk-checkboxes__input")) {
    styles.push(getComputedStyle(focused.labels[0], "::before"));
  }
  return styles.some(style =>
    (style.outlineStyle !== "none" && style.outlineColor === yellow) ||
    style.boxShadow.includes(yellow) ||
    style.backgroundColor === yellow);
}"""


def test_a_person_reports_an_incident_with_the_keyboard_alone(person: Person, url: Url):
    page = person.page
    person.open(url("public.report_start"))
    tab_to(page, "button.govuk-button--start")
    with next_page(page):
        page.keyboard.press("Enter")
    assert person.path == url("public.report_question", key="in_danger")

    continue_without_answering(page)
    assert focused(page, ".govuk-error-summary"), "the error summary did not take the focus"
    page.keyboard.press("Tab")
    assert focused(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    assert focused(page, 'input[name="in_danger"]'), "the error's link did not lead to its field"

    for _ in range(40):
        if person.path == url("public.report_check"):
            break
        for question in person.questions():
            answer_by_keyboard(page, question, REPORT.get(question.id, ""))
        tab_to(page, "main button.govuk-button")
        with next_page(page):
            page.keyboard.press("Enter")
    assert person.path == url("public.report_check")

    tab_to(page, "main button.govuk-button")
    with next_page(page):
        page.keyboard.press("Space")
    assert "Report sent" in person.text()
    assert RECEIPT_CODE.search(person.text())


def continue_without_answering(page: Page) -> None:
    tab_to(page, "main button.govuk-button")
    with next_page(page):
        page.keyboard.press("Enter")


def answer_by_keyboard(page: Page, question: surveys.Question, value: Any) -> None:
    """Answer one question with the keys a keyboard user would press."""
    name = question.id
    if question.type in CHOICES:
        choose_radio(page, name, value)
    elif question.type in TICKS:
        for choice in [value] if isinstance(value, str) else value:
            tab_to(page, f'input[name="{name}"][value="{choice}"]')
            page.keyboard.press("Space")
    elif question.type is surveys.QuestionType.DATE:
        tab_to(page, f"#{name}-day")
        for part, typed in enumerate(value):
            if part:
                tab_to(page, f"#{name}-{('day', 'month', 'year')[part]}")
            page.keyboard.type(typed)
    elif value:
        tab_to(page, f'[name="{name}"]')
        page.keyboard.type(value)


def choose_radio(page: Page, name: str, value: str) -> None:
    """Tab into a group of radios, then arrow down to the choice (Space if it is the first)."""
    tab_to(page, f'input[name="{name}"]')
    for _ in range(40):
        if focused(page, f'input[name="{name}"][value="{value}"]'):
            if not page.evaluate("document.activeElement.checked"):
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        assert focus_is_shown(page), f"no visible focus on a choice of {name}"
    raise AssertionError(f"no choice {value} for {name}")


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focus is on an element matching the selector, seeing it each time."""
    if focused(page, selector):
        return
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        assert focus_is_shown(page), f"the focus cannot be seen on {describe_focus(page)}"
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def focus_is_shown(page: Page) -> bool:
    return page.evaluate(FOCUS_SHOWN)


def describe_focus(page: Page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
