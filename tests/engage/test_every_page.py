"""Every page, as every role: the security headers, nothing loaded from another origin, no
inline code the Content-Security-Policy would block, and hostile text shown inert.

The crawl starts from every GET route built with the world's ids, follows every link and GET
form to Engage's own pages, and fetches what each page loads. Anonymously it also goes through
a consultation, a hate incident report and the receipt look-up, typing markup into every free
text. Every response the app sends on the way is checked, posts and redirects included.
"""

from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from factories import Resident, plausible_answer, questions_on_page
from flask import Flask, Response, request, request_finished
from flask.testing import FlaskClient
from hostile_world import OPEN_SLUG, RECEIPT_CODE, ROLES, World, build_world, sign_in_as
from page_checks import header_problems, page_problems, read_page
from reporter import Reporter, follow

import surveys
from engage.extensions import db
from engage.services.consultations.publishing import get_consultation
from engage.services.forms import flow_for
from tests.urls import path_for

HOSTILE = "\"'><img src=x onerror=alert(1)><script>alert(1)</script>"
MOST_PAGES = 2000
# Pages that each role's crawl must have been shown (not just sent to sign in, or "not found").
EVERYONE = {"public.hub", "public.start", "public.report_start", "public.report_status"}
CENTRE_STAFF = {"staff.home", "staff.reports", "staff.log_report", "staff.password"}
OFFICERS = {
    "staff.home",
    "staff.report",
    "staff.reports",
    "staff.export_referrals",
    "staff.audit_log",
    "staff.consultation_answers",
    "staff.review_answer",
    "staff.export_answers",
    "staff.consultation_themes",
    "staff.consultation_equalities",
    "staff.consultation_equalities_export",
    "staff.incidents",
    "staff.export_incidents",
}
SHOWN = {
    "anonymous": EVERYONE
    | {"public.question", "public.check", "public.confirmation", "public.report_question"},
    "centre_a": EVERYONE | CENTRE_STAFF | {"staff.report"},
    "centre_b": EVERYONE | CENTRE_STAFF,
    "officer": EVERYONE | OFFICERS,
    "admin": EVERYONE | OFFICERS | {"staff.users", "staff.centres", "staff.rename_centre"},
}


class Recorder:
    """Every response the app sends, with the problems found in it."""

    def __init__(self, app: Flask) -> None:
        self.problems: list[str] = []
        self.shown: set[str] = set()  # the endpoints that showed a page or a file
        self.app = app
        request_finished.connect(self.check, app)

    def check(self, sender: Flask, response: Response, **extra: object) -> None:
        where = f"{request.method} {request.full_path.rstrip('?')} ({response.status_code})"
        if response.status_code == 200:
            self.shown.add(request.endpoint or "")
        problems = header_problems(response, request.path)
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            problems += page_problems(response, request.url, read_page(html))
            if HOSTILE in html:
                problems.append("hostile text shown as markup")
        self.problems += [f"{where}: {problem}" for problem in problems]

    def stop(self) -> None:
        request_finished.disconnect(self.check, self.app)


@pytest.fixture
def recorder(app: Flask) -> Iterator[Recorder]:
    recorder = Recorder(app)
    yield recorder
    recorder.stop()


def crawl(client: FlaskClient, start: list[str]) -> set[str]:
    """Visit every page reachable from these by GET, with what each page loads."""
    queue, visited = deque(start), set(start)
    while queue and len(visited) < MOST_PAGES:
        address = queue.popleft()
        response = client.get(address)
        found = []
        if response.status_code in (301, 302, 303) and "Location" in response.headers:
            found.append(response.headers["Location"])
        if response.mimetype == "text/html":
            page = read_page(response.text)
            found += page.links + page.loads
        for target in _own_pages(address, found):
            if target not in visited:
                visited.add(target)
                queue.append(target)
    assert len(visited) < MOST_PAGES, "the crawl never ended"
    return visited


def _own_pages(here: str, addresses: list[str]) -> Iterator[str]:
    base = f"http://engage.test{here}"
    for address in addresses:
        parts = urlsplit(urljoin(base, address))
        if parts.netloc == "engage.test":
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def every_get_route(app: Flask, world: World) -> list[str]:
    """Every GET route's address, built with the world's ids."""
    return [
        world.url(app, rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint != "static"
    ]


def answer_the_consultation(app: Flask, resident: Resident) -> None:
    """Go through the open consultation as a resident, typing hostile text in every free text."""
    with app.app_context():
        flow = flow_for(get_consultation(db.session, OPEN_SLUG).form)
    page = follow(resident, resident.start(path_for(app, "public.start", slug=OPEN_SLUG)))
    while asked := questions_on_page(flow, page.text):
        answers = {q.id: _hostile_answer(q) for q in asked}
        page = follow(resident, resident.post(page.request.path, answers))
    check = path_for(app, "public.check", slug=OPEN_SLUG)
    assert page.request.path.endswith(check), page.request.path
    sent = follow(resident, resident.post(page.request.path))
    confirmation = path_for(app, "public.confirmation", slug=OPEN_SLUG)
    assert sent.request.path.endswith(confirmation), sent.request.path


def _hostile_answer(question: surveys.Question) -> str | list[str]:
    if question.type is surveys.QuestionType.FREE_TEXT:
        return HOSTILE
    return plausible_answer(question)


def report_and_look_it_up(app: Flask, resident: Resident) -> None:
    """Report an incident with hostile text, then look up the world's report by its receipt."""
    reporter = Reporter(app, resident)
    reporter.report(
        description=HOSTILE, offender_description=HOSTILE, name=HOSTILE, best_time=HOSTILE
    )
    look_up = path_for(app, "public.report_status")
    status = reporter.visit(reporter.post(look_up, {"receipt_code": RECEIPT_CODE}))
    assert status.status_code == 200 and "Your report" in status.text


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_sent_safely(app: Flask, client: FlaskClient, recorder: Recorder, role: str):
    world = build_world(app, HOSTILE)
    sign_in_as(client, role)
    if role == "anonymous":
        answer_the_consultation(app, Resident(client))
        report_and_look_it_up(app, Resident(client))

    visited = crawl(client, [path_for(app, "public.hub"), *every_get_route(app, world)])

    assert recorder.problems == []
    assert len(visited) > 40
    assert SHOWN[role] <= recorder.shown


def test_the_checks_find_what_they_look_for():
    html = (
        '<img src="https://evil.example/x.png"><link rel="stylesheet" href="//cdn.example/x.css">'
        '<script>alert(1)</script><p style="color: red" onclick="go()">'
        '<a href="https://www.bbc.co.uk/weather">Exit this page</a><a href="/report">Report</a>'
    )
    bare = Response(html, mimetype="text/html")

    problems = header_problems(bare, "/") + page_problems(
        bare, "http://engage.test/", read_page(html)
    )

    assert "Cache-Control: None" in problems and "X-Content-Type-Options: None" in problems
    assert "loads 'https://evil.example/x.png' from another origin" in problems
    assert "loads '//cdn.example/x.css' from another origin" in problems
    assert "inline script not allowed by the policy: 'alert(1)'" in problems
    assert {"inline code: p style", "inline code: p onclick"} <= set(problems)
    assert not any("bbc" in problem for problem in problems)
