"""A person reporting a hate incident on the web, page by page, as a browser would."""

from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

import surveys
from engage.extensions import db
from engage.services.forms import flow_for, latest_form
from tests.engage.factories import Resident, csrf_token, plausible_answer, questions_on_page
from tests.urls import path_for

# What a person types or picks on each page of the report, as the browser sends it.
REPORT: dict[str, Any] = {
    "in_danger": "no",
    "reporter_role": "victim",
    "incident_types": ["verbal-abuse"],
    "incident_date": ["4", "3", "2024"],
    "incident_time": "evening",
    "location_online": "no",
    "location_type": "street",
    "ward": "blakenhall",
    "postcode": "wv1 1rp",
    "motivation": ["race"],
    "description": "Two men shouted racist abuse at me outside the shop on Dudley Road.",
    "offender_description": "",
    "offender_count": "dont-know",
    "police_aware": "no",
    "share_with_police": "anonymous",
    "victim_support_referral": "no",
}
CONTACT: dict[str, Any] = {
    "leave_contact": "yes",
    "name": "Priya Example",
    "phone": "07700 900982",
    "email": "priya@example.org",
    "best_time": "Weekday evenings",
    "consent": "yes",
}


def follow(resident: Resident, response: TestResponse) -> TestResponse:
    """Follow redirects as a browser does, keeping the session cookie."""
    while response.status_code in (301, 302, 303):
        response = resident.get(response.headers["Location"])
    return response


class Reporter(Resident):
    """A browser going through the report: it answers each page it is shown."""

    def __init__(self, app: Flask, resident: Resident) -> None:
        super().__init__(resident.client)
        self.app = app
        with app.app_context():
            # By the start of their pages' paths: a question's page without its key.
            self.flows = {
                self._path("public.report_question", key=""): flow_for(
                    latest_form(db.session, "hate-incident-report")
                ),
                self._path("public.report_contact", key=""): flow_for(
                    latest_form(db.session, "report-contact-details")
                ),
            }
        self.pages: list[TestResponse] = []

    def _path(self, endpoint: str, **values: Any) -> str:
        """A page's path, by its endpoint."""
        return path_for(self.app, endpoint, **values)

    def visit(self, response: TestResponse) -> TestResponse:
        """Follow a response to the page it leads to, remembering every page on the way."""
        self.pages.append(response)
        while response.status_code in (301, 302, 303):
            response = self.get(response.headers["Location"])
            self.pages.append(response)
        return response

    def begin(self) -> TestResponse:
        """Press "Start now" on the start page; return the first page shown."""
        start = self._path("public.report_start")
        return self.visit(self.post(self._path("public.report_begin"), page=start))

    def submit_page(self, page: TestResponse, data: dict[str, Any]) -> TestResponse:
        """Send a page's form with these values, as the browser that shows it would."""
        form = {"csrf_token": csrf_token(page.text), **data}
        return self.visit(self.client.post(page.request.full_path.rstrip("?"), data=form))

    def answer_until(self, stop: str, **answers: Any) -> TestResponse:
        """Answer every page until one whose path contains `stop` (or no question page)."""
        chosen = {**REPORT, **CONTACT, **answers}
        page = self.begin()
        while stop not in page.request.path and self._flow(page) is not None:
            flow = self._flow(page)
            assert flow is not None
            asked = questions_on_page(flow, page.text)
            assert asked, f"no questions on {page.request.path}"
            page = self.submit_page(page, {q.id: self._answer(q, chosen) for q in asked})
            if page.request.path == self._path("public.report_emergency"):
                page = self.visit(self.get(self._path("public.report_resume")))
        return page

    def report(self, **answers: Any) -> TestResponse:
        """Answer everything, send the report, and return the confirmation page."""
        check = self.answer_until(self._path("public.report_check"), **answers)
        assert check.request.path == self._path("public.report_check"), check.request.path
        return self.submit_page(check, {})

    def _flow(self, page: TestResponse) -> surveys.Flow | None:
        for prefix, flow in self.flows.items():
            if page.request.path.startswith(prefix):
                return flow
        return None

    @staticmethod
    def _answer(question: surveys.Question, chosen: dict[str, Any]) -> Any:
        if question.id in chosen:
            return chosen[question.id]
        return plausible_answer(question)
