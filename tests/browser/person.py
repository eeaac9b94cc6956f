"""A person at the browser: opens Engage's pages, answers the questions on them, presses buttons.

The questions on a page are found as a person finds them, by the fields the page shows; the
answers are the ones a test gives, or any valid answer (tests/engage/factories.py).
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Page

import surveys
from engage.extensions import db
from engage.services.forms import flow_for, latest_form
from tests.browser.server import STRATEGY, Site
from tests.engage.factories import plausible_answer, questions_on_page
from tests.urls import path_for

RECEIPT_CODE = re.compile(r"[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}")
REFERENCE = re.compile(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}")
MOST_PAGES = 60
CHOICES = {
    surveys.QuestionType.SINGLE_CHOICE,
    surveys.QuestionType.SCALE,
    surveys.QuestionType.WARD,
    surveys.QuestionType.YES_NO,
}
TICKS = {surveys.QuestionType.MULTIPLE_CHOICE, surveys.QuestionType.CONSENT}


class Person:
    """Someone using Engage in one browser tab."""

    def __init__(self, page: Page, site: Site) -> None:
        self.page = page
        self.site = site
        with site.app.app_context():
            # By the start of their pages' paths: a question's page without its key.
            self.flows = {
                self._path("public.question", slug=STRATEGY, key=""): _flow(
                    "swp-strategy-2020-2023"
                ),
                self._path("public.report_question", key=""): _flow("hate-incident-report"),
                self._path("public.report_contact", key=""): _flow("report-contact-details"),
            }

    @property
    def path(self) -> str:
        """Where the browser is, as the address bar shows it, without the site."""
        return self.page.url.removeprefix(self.site.base)

    def _path(self, endpoint: str, **values: Any) -> str:
        return path_for(self.site.app, endpoint, **values)

    def open(self, path: str) -> None:
        """Type an address of the site into the address bar."""
        self.page.goto(self.site.url(path))

    def press(self, name: str) -> None:
        """Press a button (or a link styled as one) and wait for the page it leads to."""
        with next_page(self.page):
            self.page.get_by_role("button", name=name, exact=True).click()

    def follow(self, name: str) -> None:
        """Follow a link and wait for the page it leads to."""
        with next_page(self.page):
            self.page.get_by_role("link", name=name, exact=True).click()

    def questions(self) -> list[surveys.Question]:
        """The questions this page asks, by the fields it shows."""
        flow = self.flow()
        return questions_on_page(flow, self.page.content()) if flow else []

    def flow(self) -> surveys.Flow | None:
        """The flow of the questions this page belongs to, if it is a question page."""
        return next((f for prefix, f in self.flows.items() if prefix in self.path), None)

    def answer_page(self, given: Mapping[str, Any]) -> None:
        """Answer every question on this page (as given, or any valid way), then Continue."""
        for question in self.questions():
            value = given.get(question.id, plausible_answer(question))
            answer(self.page, question, value)
        self.press("Continue")

    def answer_until(self, stop: str, given: Mapping[str, Any]) -> None:
        """Answer page after page until the address contains `stop`.

        The emergency page, shown when someone is in danger, is passed by its own button.
        """
        for _ in range(MOST_PAGES):
            if stop in self.path:
                return
            if self.path == self._path("public.report_emergency"):
                self.press("Continue with your report")
            else:
                assert self.questions(), f"no questions on {self.path}, expected {stop}"
                self.answer_page(given)
        raise AssertionError(f"never reached {stop}")

    def text(self) -> str:
        """What the page says."""
        return self.page.locator("body").inner_text()


def answer(page: Page, question: surveys.Question, value: Any) -> None:
    """Enter an answer as the browser would send it: choices by value, dates in three parts."""
    name = question.id
    if question.type in CHOICES:
        page.check(f'input[name="{name}"][value="{value}"]')
    elif question.type in TICKS:
        for choice in [value] if isinstance(value, str) else value:
            page.check(f'input[name="{name}"][value="{choice}"]')
    elif question.type is surveys.QuestionType.DATE:
        for part, typed in zip(("day", "month", "year"), value, strict=True):
            page.fill(f"#{name}-{part}", typed)
    else:
        page.fill(f'[name="{name}"]', value)


@contextmanager
def next_page(page: Page) -> Iterator[None]:
    """Wait, after what the block does, for the next page to be shown.

    The next page may come by an ordinary page load or, on the report's pages with JavaScript,
    be fetched and put in place of this one (js/quick-exit.mjs): either way it has a new
    <body>, so the old one is marked and the wait is for a body without the mark.
    """
    page.evaluate("document.body.dataset.beforeThisPress = ''")
    yield
    page.wait_for_selector("body:not([data-before-this-press])", state="attached")
    page.wait_for_load_state()


def _flow(definition_id: str) -> surveys.Flow:
    return flow_for(latest_form(db.session, definition_id))
