"""A chat's unfinished form: its stored answers and, for a report, its contact questions.

A report's contact details are asked after its questions, when the reporter wants to be
contacted, from the `report-contact-details` definition, as on the web. Their answers are not
the report's: they wait in the chat's state until the report is sent, then are kept apart.
The chat's questions are numbered through both forms, so a button names one unambiguously.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

import surveys
from engage.config import draft_lifetime
from engage.extensions import db
from engage.models import Submission
from engage.services import responses
from engage.services.forms import flow_for, latest_form
from engage.services.reports import contact_details
from engage.services.reports import filing as reports

Answers = dict[str, Any]
State = dict[str, Any]
CONTACT = "contact"  # the part of a chat that asks a report's contact questions


@dataclass
class Draft:
    """An unfinished response or report, as the chat sees it."""

    submission: Submission
    flow: surveys.Flow
    answers: Answers
    contact_flow: surveys.Flow | None = None
    contact: Answers = field(default_factory=dict)

    @property
    def is_report(self) -> bool:
        return self.submission.form.definition_id == reports.DEFINITION_ID

    @property
    def asks_contact(self) -> bool:
        """Whether the contact questions follow: the reporter chose police or Victim Support."""
        return self.contact_flow is not None and reports.wants_contact(self.answers)

    @property
    def questions(self) -> list[surveys.Question]:
        """Every question the chat may ask, numbered in this order."""
        contact = list(self.contact_flow.definition.questions) if self.contact_flow else []
        return [*self.flow.definition.questions, *contact]

    def part_of(self, question: surveys.Question) -> str | None:
        """CONTACT for a contact question, None for a question of the form itself."""
        return None if self.number(question) < len(self.flow.definition.questions) else CONTACT

    def flow_of(self, question: surveys.Question) -> surveys.Flow:
        if self.part_of(question) == CONTACT and self.contact_flow is not None:
            return self.contact_flow
        return self.flow

    def answers_of(self, question: surveys.Question) -> Answers:
        return self.contact if self.part_of(question) == CONTACT else self.answers

    def number(self, question: surveys.Question) -> int:
        """A question's position among the chat's questions: what its buttons carry."""
        return next(i for i, q in enumerate(self.questions) if q is question)

    def question(self, number: int) -> surveys.Question | None:
        questions = self.questions
        return questions[number] if 0 <= number < len(questions) else None

    def find(self, question_id: str | None, part: str | None) -> surveys.Question | None:
        """A question by its id, in the form or among the contact questions."""
        flow = self.contact_flow if part == CONTACT else self.flow
        if flow is None or question_id is None:
            return None
        try:
            return flow.definition.question(question_id)
        except KeyError:
            return None

    def applicable(self) -> list[surveys.Question]:
        """The questions that apply now, the contact questions last."""
        asked = self.flow.applicable(self.answers)
        if self.asks_contact and self.contact_flow is not None:
            asked += self.contact_flow.applicable(self.contact)
        return asked

    def next_question(self) -> surveys.Question | None:
        """The first question that applies and has no answer, or None once all have."""
        question = self.flow.next_question(self.answers)
        if question is None and self.asks_contact and self.contact_flow is not None:
            question = self.contact_flow.next_question(self.contact)
        return question


def load_draft(state: State) -> Draft:
    """The chat's draft; `ResponseNotFound` once it is gone or sent."""
    lifetime = draft_lifetime(current_app.config)
    submission = responses.find_draft(db.session, state["draft_key"], lifetime)
    flow = flow_for(submission.form, submission.language)
    draft = Draft(submission, flow, responses.answers_of(submission, flow))
    if draft.is_report:
        contact_form = latest_form(db.session, contact_details.DEFINITION_ID)
        draft.contact_flow = flow_for(contact_form, submission.language)
        draft.contact = draft.contact_flow.clean(dict(state.get(CONTACT) or {}))
    return draft
