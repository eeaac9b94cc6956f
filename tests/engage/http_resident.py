"""A resident on a real server over real HTTP: answers a consultation or reports an incident,
page by page, as a browser would, and says what the server said at the end.

Used by the tests that run the production server and by `benchmarks/load_test.py`.
"""

import re
from dataclasses import dataclass
from typing import Any

import requests
from flask import Flask, request
from requests.adapters import HTTPAdapter

import surveys
from tests.engage.factories import csrf_token, plausible_answer, questions_on_page
from tests.engage.reporter import CONTACT, REPORT
from tests.urls import path_for, routes_app

REFERENCE = re.compile(r"ENG-[A-Z0-9]{4}-[A-Z0-9]{4}")
MOST_PAGES = 60


class ServerRefused(Exception):
    """The server answered a page with an error status; `status` says which."""

    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"{status} from {url}")
        self.status = status


class FromAddress(HTTPAdapter):
    """Connects from a chosen local address, so a test can look for that address afterwards."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


@dataclass
class HttpResident:
    """One browser: its own session cookie, and optionally its own address and user agent.

    The paths of the pages are built by the app's url_for; without an app, by an app of its own.
    """

    base: str
    source_address: str | None = None
    user_agent: str | None = None
    timeout: float = 30
    app: Flask | None = None

    def __post_init__(self) -> None:
        self.session = requests.Session()
        if self.source_address:
            self.session.mount("http://", FromAddress(self.source_address))
        if self.user_agent:
            self.session.headers["User-Agent"] = self.user_agent

    def answer_consultation(self, start: str, flow: surveys.Flow) -> str:
        """Answer a consultation from its start page to the end; return the reference."""
        page = self._get(start)
        app = self.app or routes_app()
        with app.test_request_context(start):
            slug = request.view_args["slug"]
        page = self._post(path_for(app, "public.begin", slug=slug), page, {})
        questions = path_for(app, "public.question", slug=slug, key="")
        return self._walk(page, {questions: flow}, {})

    def report_incident(self, flows: dict[str, surveys.Flow]) -> str:
        """Report an incident; `flows` by the start of their pages' paths, as Reporter's."""
        page = self._get(self._path("public.report_start"))
        page = self._post(self._path("public.report_begin"), page, {})
        return self._walk(page, flows, {**REPORT, **CONTACT})

    def _walk(self, page: requests.Response, flows: dict[str, surveys.Flow], given: dict) -> str:
        for _ in range(MOST_PAGES):
            flow = next((f for path, f in flows.items() if path in page.url), None)
            if flow is None:
                break
            asked = questions_on_page(flow, page.text)
            answers = {q.id: given.get(q.id, plausible_answer(q)) for q in asked}
            page = self._post(page.url, page, answers)
        if not page.url.endswith("/check"):
            raise AssertionError(f"expected the answers to check, got {page.url}")
        done = self._post(page.url, page, {})
        found = REFERENCE.search(done.text)
        if found is None:
            raise AssertionError(f"no reference on {done.url}")
        return found.group(0)

    def _get(self, path: str) -> requests.Response:
        return self._checked(self.session.get(self._url(path), timeout=self.timeout))

    def _post(self, path: str, shown: requests.Response, data: dict) -> requests.Response:
        form = {"csrf_token": csrf_token(shown.text), **data}
        return self._checked(self.session.post(self._url(path), data=form, timeout=self.timeout))

    def _path(self, endpoint: str, **values: Any) -> str:
        return path_for(self.app or routes_app(), endpoint, **values)

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}{path}"

    @staticmethod
    def _checked(response: requests.Response) -> requests.Response:
        if response.status_code >= 400:
            raise ServerRefused(response.status_code, response.url)
        return response
