"""The pages that walk a person through a form: a step a page, check your answers, send.

A **journey** is one way through one form on the web: answering a consultation, reporting a
hate incident, or reporting-centre staff logging a report for someone. What the pages do is
the same for all of them and lives here: a draft kept by a key in the session, one flow step
a page, back and change links, error messages that keep what was typed, the check page, and
a double submission that lands on the confirmation. A journey says only what differs: how
a draft starts, what sending does, and where its pages are (see `Journey`).

`add_journey_routes` adds a journey's shared pages to a blueprint:

    add_journey_routes(blueprint, "/reports/new", make_journey, prefix="new_report_",
                       decorators=[roles_required(CENTRE_STAFF)])

adds, under the blueprint's own URL prefix,

    POST      /reports/new/start            <blueprint>.new_report_begin     start or carry on
    GET       /reports/new/resume           <blueprint>.new_report_resume    the next page due
    GET, POST /reports/new/questions/<key>  <blueprint>.new_report_question  one step
    GET, POST /reports/new/check            <blueprint>.new_report_check     check and send

`make_journey` is called with the URL's values (a consultation's `slug`; none here) and
returns the `Journey`. The blueprint supplies the two pages that are the journey's own:
`new_report_start` (what it is, with a form that posts to `new_report_begin`) and
`new_report_confirmation`. The decorators wrap every page, the first outermost.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

import surveys
from engage.config import draft_lifetime
from engage.domain import SubmissionStatus
from engage.error_summary import ErrorSummary, form_error_summary
from engage.errors import EngageError, ResponseNotFound
from engage.extensions import db
from engage.journeys import browser_drafts
from engage.journeys.step_forms import field_params, raw_answer, step_form
from engage.models import Submission
from engage.safety import (
    CONTINUE_ADVICE,
    EMERGENCY_INTRO,
    EMERGENCY_TITLE,
    HELPLINES,
    SILENT_CALL,
)
from engage.services import responses, signposting
from engage.services.forms import flow_for

Answers = dict[str, Any]
View = Callable[..., ResponseReturnValue]
# A page of a journey: its path under the journey's rule, its name, its view, its methods.
Page = tuple[str, str, View, list[str]]


@dataclass(frozen=True)
class Endpoints:
    """Where a journey's pages are: endpoints named `<blueprint>.<prefix><page>`."""

    blueprint: str
    prefix: str = ""
    # URL values every page of the journey takes, like a consultation's slug.
    values: Mapping[str, Any] = field(default_factory=dict)

    def url(self, page: str, **values: Any) -> str:
        """The URL of one of the journey's pages: start, begin, resume, question, check…"""
        return url_for(f"{self.blueprint}.{self.prefix}{page}", **self.values, **values)


class Journey:
    """One way through one form. Subclasses supply:

    - `draft_name`: what the session calls this journey's draft (unique among journeys);
    - `endpoints`: where its pages are;
    - `title`: the name of what is being filled in, shown above the questions;
    - `start_draft()`: open a draft with `responses.start_response` (and record any answers
      given before the flow starts), returning it and its key;
    - `submit(submission, flow)`: send the draft, returning its reference.

    and may set `preset` answers, `layout` and the template names, and override
    `check_available` (refuse every page while closed), `refusal` (the page for a service's
    named error), `page_after_step` (a page between one step and the next),
    `page_before_check` (a page due once every question is answered), `forget` (what the
    session drops once the draft is sent or gone) and `context` (more template variables).
    """

    draft_name: str
    endpoints: Endpoints
    title: str
    # What the person is filling in, as the emergency page's way back names it.
    answers_name = "answers"
    # Answers given before the flow starts (centre staff: who is reporting): never asked.
    preset: Mapping[str, Any] = {}
    layout = "layout.html"
    question_template = "public/question.html"
    check_template = "public/check.html"

    # What each journey supplies.

    def start_draft(self) -> tuple[Submission, str]:
        raise NotImplementedError

    def submit(self, submission: Submission, flow: surveys.Flow) -> str:
        raise NotImplementedError

    def check_available(self) -> None:
        """Abort with a page when the journey takes no answers now."""

    def refusal(self, error: EngageError) -> ResponseReturnValue:
        """The page for a service's refusal; by default, none: the error is unexpected."""
        raise error

    def page_after_step(
        self, flow: surveys.Flow, step: surveys.Step, answers: Answers
    ) -> str | None:
        """A page to show after a step is stored, before the next one: by default, how to get
        help now when an answer says someone is in danger."""
        if signposting.step_needs_emergency_signposting(
            flow.definition.id, step.questions, answers
        ):
            return self.url("emergency")
        return None

    def page_before_check(self, answers: Answers) -> str | None:
        """A page still due once every question is answered, before the check page."""
        return None

    def lifetime(self) -> timedelta:
        """How long an untouched draft of this journey is kept."""
        return draft_lifetime(current_app.config)

    def forget(self) -> None:
        """Drop what the session keeps of the draft, once it is sent or gone."""
        browser_drafts.forget_draft(self.draft_name)

    def discard(self) -> None:
        """Delete this browser's unfinished draft and everything the session keeps of it."""
        submission = self.current_draft()
        if submission is not None:
            responses.discard_draft(db.session, submission)
            db.session.commit()
        self.forget()
        browser_drafts.forget_reference(self.draft_name)

    def context(self) -> dict[str, Any]:
        """Template variables for every page of the journey."""
        return {"title": self.title, "layout": self.layout}

    def url(self, page: str, **values: Any) -> str:
        return self.endpoints.url(page, **values)

    # The pages.

    def begin(self) -> ResponseReturnValue:
        """Start a draft, or carry on with the one this browser already has."""
        if self.current_draft() is None:
            try:
                _, key = self.start_draft()
            except EngageError as error:
                return self.refusal(error)
            db.session.commit()
            browser_drafts.remember_draft(self.draft_name, key)
        return redirect(self.url("resume"))

    def resume(self) -> ResponseReturnValue:
        """Go to the first page not yet done, or to the check page."""
        submission, flow = self.draft()
        return redirect(self.next_url(flow, responses.answers_of(submission, flow)))

    def question(self, key: str) -> ResponseReturnValue:
        """One step: show it, or check and store what was entered."""
        submission, flow = self.draft()
        answers = responses.answers_of(submission, flow)
        step = flow.step_for(key, answers)
        if step is None or self._preset(step):
            return redirect(self.next_url(flow, answers))
        form = step_form(flow, step, answers if request.method == "GET" else {})
        if request.method == "POST" and form.validate():
            values = parse_step(flow, step, form)
            if values is not None:
                return self._store_step(submission, flow, step, values)
        return self.render_step(flow, step, form, self._back_url(flow, step, answers))

    def check(self) -> ResponseReturnValue:
        """Check your answers, change any of them, and send."""
        submission, flow = self.draft()
        answers = responses.answers_of(submission, flow)
        if not flow.is_complete(answers) or flow.next_question(answers) is not None:
            return redirect(self.next_url(flow, answers))
        due = self.page_before_check(answers)
        if due is not None:
            return redirect(due)
        if request.method == "POST":
            return self._submit(submission, flow)
        return render_template(
            self.check_template, flow=flow, rows=self.summary_rows(flow, answers), **self.context()
        )

    # The parts the pages are made of, for journeys that add pages of their own.

    def current_draft(self) -> Submission | None:
        """This browser's draft, if it has one still in its lifetime (or just submitted)."""
        key = browser_drafts.draft_key(self.draft_name)
        if key is None:
            return None
        try:
            return responses.find_response(db.session, key, self.lifetime())
        except ResponseNotFound:
            self.forget()
            return None

    def draft(self) -> tuple[Submission, surveys.Flow]:
        """The draft to carry on with and its flow, or abort to where this browser belongs."""
        submission = self.current_draft()
        if submission is None and browser_drafts.last_reference(self.draft_name):
            abort(redirect(self.url("confirmation")))
        if submission is None:
            abort(redirect(self.url("start", expired=1)))
        if submission.status == SubmissionStatus.SUBMITTED:
            browser_drafts.remember_reference(self.draft_name, str(submission.reference))
            self.forget()
            abort(redirect(self.url("confirmation")))
        self.check_available()
        return submission, flow_for(submission.form, submission.language)

    def next_url(self, flow: surveys.Flow, answers: Answers) -> str:
        """The first step not yet answered, else any page due before the check page."""
        step = flow.next_step(answers)
        if step is not None:
            return self.url("question", key=step.key)
        return self.page_before_check(answers) or self.url("check")

    def render_step(
        self,
        flow: surveys.Flow,
        step: surveys.Step,
        form: FlaskForm,
        back_url: str,
        extra_params: Mapping[str, dict] | None = None,
    ) -> ResponseReturnValue:
        """The page of one step, with its errors summarised at the top."""
        return step_page(
            self.question_template, flow, step, form, back_url, self.context(), extra_params
        )

    def summary_rows(self, flow: surveys.Flow, answers: Answers) -> list[dict]:
        """The check page's rows: each answer, with a link to change it unless it was preset."""

        def change_url(step: surveys.Step) -> str | None:
            return None if self._preset(step) else self.url("question", key=step.key, change=1)

        return summary_rows(flow, answers, change_url)

    def emergency(self) -> ResponseReturnValue:
        """How to get help now, then a way back to the answers."""
        return render_template(
            "public/emergency.html",
            emergency_title=EMERGENCY_TITLE,
            emergency_intro=EMERGENCY_INTRO,
            silent_call=SILENT_CALL,
            helplines=HELPLINES,
            continue_advice=CONTINUE_ADVICE,
            continue_url=self.url("resume"),
            continue_label=f"Continue with your {self.answers_name}",
            **self.context(),
        )

    def _store_step(
        self, submission: Submission, flow: surveys.Flow, step: surveys.Step, values: Answers
    ) -> ResponseReturnValue:
        try:
            answers = responses.record_answers(db.session, submission, flow, values)
        except EngageError as error:
            return self.refusal(error)
        db.session.commit()
        after = self.page_after_step(flow, step, answers)
        if after is not None:
            return redirect(after)
        if request.args.get("change") and flow.next_question(answers) is None:
            return redirect(self.url("check"))
        return redirect(self.next_url(flow, answers))

    def _submit(self, submission: Submission, flow: surveys.Flow) -> ResponseReturnValue:
        try:
            reference = self.submit(submission, flow)
        except EngageError as error:
            return self.refusal(error)
        db.session.commit()
        self.forget()
        browser_drafts.remember_reference(self.draft_name, reference)
        return redirect(self.url("confirmation"))

    def _back_url(self, flow: surveys.Flow, step: surveys.Step, answers: Answers) -> str:
        if request.args.get("change"):
            return self.url("check")
        previous = flow.previous_step(step, answers)
        while previous is not None and self._preset(previous):
            previous = flow.previous_step(previous, answers)
        if previous is None:
            return self.url("start")
        return self.url("question", key=previous.key)

    def _preset(self, step: surveys.Step) -> bool:
        return all(q.id in self.preset for q in step.questions)


def add_journey_routes(
    blueprint: Blueprint,
    rule: str,
    make_journey: Callable[..., Journey],
    prefix: str = "",
    decorators: Iterable[Callable[[View], View]] = (),
) -> None:
    """Add a journey's begin, resume, question and check pages to a blueprint under a rule."""

    def begin(**values: Any) -> ResponseReturnValue:
        return make_journey(**values).begin()

    def resume(**values: Any) -> ResponseReturnValue:
        return make_journey(**values).resume()

    def question(key: str, **values: Any) -> ResponseReturnValue:
        return make_journey(**values).question(key)

    def check(**values: Any) -> ResponseReturnValue:
        return make_journey(**values).check()

    def emergency(**values: Any) -> ResponseReturnValue:
        return make_journey(**values).emergency()

    pages: list[Page] = [
        ("/start", "begin", begin, ["POST"]),
        ("/resume", "resume", resume, ["GET"]),
        ("/questions/<key>", "question", question, ["GET", "POST"]),
        ("/check", "check", check, ["GET", "POST"]),
        ("/emergency", "emergency", emergency, ["GET"]),
    ]
    add_pages(blueprint, rule, prefix, pages, decorators)


def add_pages(
    blueprint: Blueprint,
    rule: str,
    prefix: str,
    pages: Iterable[Page],
    decorators: Iterable[Callable[[View], View]] = (),
) -> None:
    """Add pages under a rule, as endpoints `<prefix><name>`, each wrapped in the decorators."""
    decorators = list(decorators)
    for path, name, view, methods in pages:
        for decorate in reversed(decorators):
            view = decorate(view)
        blueprint.add_url_rule(rule + path, endpoint=prefix + name, view_func=view, methods=methods)


def parse_step(flow: surveys.Flow, step: surveys.Step, form: FlaskForm) -> Answers | None:
    """The typed answers of a step's form, or None with each field's error set on it."""
    values: Answers = {}
    for question in step.questions:
        answer_field = form[question.id]
        try:
            values[question.id] = flow.parse(question, raw_answer(question, answer_field))
        except surveys.AnswerError as error:
            answer_field.errors = [str(error)]
    return None if any(form[q.id].errors for q in step.questions) else values


def step_page(
    template: str,
    flow: surveys.Flow,
    step: surveys.Step,
    form: FlaskForm,
    back_url: str,
    context: Mapping[str, Any],
    extra_params: Mapping[str, dict] | None = None,
) -> str:
    """The page of one step, as any journey (or a preview of one) shows it."""
    single = len(step.questions) == 1
    params = {q.id: field_params(flow, q, single) for q in step.questions}
    for question_id, extra in (extra_params or {}).items():
        if question_id in params:
            params[question_id] = {**params[question_id], **extra}
    return render_template(
        template,
        flow=flow,
        step=step,
        form=form,
        params=params,
        errors=error_list(step, form),
        back_url=back_url,
        **context,
    )


def error_list(step: surveys.Step, form: FlaskForm) -> ErrorSummary:
    """The error summary's links, one for each question with an error, to its field."""
    return form_error_summary(form, {q.id: _anchor(q) for q in step.questions})


def summary_rows(
    flow: surveys.Flow, answers: Answers, change_url: Callable[[surveys.Step], str | None]
) -> list[dict]:
    """A check page's summary rows, by section: each question, its answer, a change link."""
    rows = []
    for step in flow.steps(answers):
        url = change_url(step)
        for q in step.questions:
            label = flow.text(q.label) or ""
            row: dict[str, Any] = {
                "section": flow.text(step.section.title),
                "key": {"text": label},
                "value": {"text": flow.display_value(q, answers.get(q.id))},
            }
            if url is not None:
                change = {"href": url, "text": "Change", "visuallyHiddenText": label}
                row["actions"] = {"items": [change]}
            rows.append(row)
    return rows


def _anchor(question: surveys.Question) -> str:
    if question.type is surveys.QuestionType.DATE:
        return f"{question.id}-day"
    return question.id
