"""An officer at the form builder's pages, posting each page's form as the browser would."""

import re

from factories import csrf_token
from flask import Flask
from flask.testing import FlaskClient

from engage.extensions import db
from engage.models import FormDraft
from tests.urls import path_for

REVISION = re.compile(r'name="revision" value="(\d+)"')


class Builder:
    """An officer at the builder's pages, posting each page's form as the browser would."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app, self.client = app, client
        self.draft_id = 0

    def url(self, endpoint: str, **values: object) -> str:
        return path_for(self.app, endpoint, **values)

    def page(self, endpoint: str, **values: object) -> str:
        return self.client.get(self.url(endpoint, **values)).text

    def overview(self) -> str:
        return self.page("staff.form_draft", draft_id=self.draft_id)

    def post(self, endpoint: str, data: dict, page: str | None = None, **values: object):
        """Post a page's form with the token and the draft's revision the page was shown with."""
        url = self.url(endpoint, **values)
        shown = self.client.get(page or url).text
        revision = REVISION.search(shown)
        form = {"csrf_token": csrf_token(shown), **data}
        if revision and "revision" not in data:
            form["revision"] = revision.group(1)
        return self.client.post(url, data=form)

    def start(self, title: str, **choice: str) -> None:
        response = self.post("staff.new_form", {"title": title, "start": "blank", **choice})
        assert response.status_code == 302, response.text
        self.draft_id = int(response.headers["Location"].rsplit("/", 1)[1])

    def add_section(self, title: str) -> str:
        response = self.post("staff.new_section", {"title": title}, draft_id=self.draft_id)
        assert response.status_code == 302, response.text
        return response.headers["Location"].split("#section-")[1]

    def add_question(self, section_id: str, kind: str, **fields: str):
        url = self.url("staff.new_question", draft_id=self.draft_id, section_id=section_id)
        return self.post(
            "staff.new_question",
            {"type": kind, **fields},
            page=f"{url}?type={kind}",
            draft_id=self.draft_id,
            section_id=section_id,
        )

    def added(self, section_id: str, kind: str, **fields: str) -> str:
        response = self.add_question(section_id, kind, **fields)
        assert response.status_code == 302, response.text
        return response.headers["Location"].split("#question-")[1]

    def ask_only_if(self, question_id: str, on: str, answers: list[str]):
        """Set when a question is asked: after one of some answers to an earlier question."""
        data = {"on": on, "way": "is", "answers": answers, "action": "save"}
        return self.post(
            "staff.question_rule", data, draft_id=self.draft_id, question_id=question_id
        )

    def on_overview(self, endpoint: str, data: dict | None = None):
        """Press a button of the draft's overview page."""
        page = self.url("staff.form_draft", draft_id=self.draft_id)
        return self.post(endpoint, data or {}, page=page, draft_id=self.draft_id)

    def edit(self, definition_id: str) -> None:
        """Open the draft of a published form's next version."""
        page = self.url("staff.forms")
        response = self.post("staff.edit_form", {}, page=page, definition_id=definition_id)
        self.draft_id = int(response.headers["Location"].rsplit("/", 1)[1])

    def source(self) -> dict:
        with self.app.app_context():
            return db.session.get(FormDraft, self.draft_id).source


def victim_form(builder: Builder) -> tuple[str, str]:
    """A draft asking whether you were a victim, and what happened only if you were."""
    builder.start("Victims' voices")
    section = builder.add_section("What happened")
    victim = builder.added(
        section, "yes_no", label="Have you been a victim of crime?", required="y"
    )
    what = builder.added(section, "free_text", label="What happened?", required="y")
    rule = builder.ask_only_if(what, on=victim, answers=["true"])
    assert rule.status_code == 302, rule.text
    return victim, what
