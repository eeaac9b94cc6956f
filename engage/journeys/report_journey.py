"""Reporting a hate incident on the web: the shared journey, plus what a report adds to it.

A report adds two pages to a journey's begin, resume, question, check and emergency pages:
the optional contact details (asked once the questions are done, when the reporter chose to
share with the police or asked for Victim Support), and a confirmation that shows the receipt
code, once. Its safety question ("Is anyone in danger now?") gets the emergency page through
the rule every journey uses (`engage.services.signposting`).

The public side (`engage.public.reporting_views`) uses it for people reporting for
themselves; the staff side (`engage.staff.report_logging_views`) for centre staff logging a
report for someone, with its own URLs and layout:

    def centre_report() -> ReportJourney:
        user = current_staff()
        return ReportJourney(
            endpoints=Endpoints("staff", "new_report_"),
            draft_name="report:centre",
            channel=Channel.CENTRE,
            centre=user.centre,
            logged_by=user,
            preset={"reporter_role": "on-behalf"},  # answered before the flow: never asked
            layout="staff/layout.html",
        )

    add_report_routes(staff, "/reports/new", centre_report, prefix="new_report_",
                      decorators=[roles_required(CENTRE_STAFF)])

That adds `staff.new_report_begin`, `…_resume`, `…_question`, `…_check`, `…_emergency`,
`…_contact` and `…_confirmation` under /staff/reports/new; the staff side adds
`staff.new_report_start`, a page whose form posts to `new_report_begin`. Sending files the
report with `reports.file_report(…, centre=…, logged_by=…)`, in the centre's name.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue

import surveys
from engage.domain import Channel
from engage.errors import ContactDetailsInvalid, EngageError, ResponseNotFound
from engage.extensions import db
from engage.journeys import browser_drafts
from engage.journeys.form_journey import (
    Answers,
    Endpoints,
    Journey,
    Page,
    View,
    add_journey_routes,
    add_pages,
    parse_step,
    summary_rows,
)
from engage.journeys.step_forms import step_form
from engage.models import Form, ReportingCentre, Submission, User
from engage.services import draft_secrets, responses
from engage.services.forms import flow_for, latest_form
from engage.services.reports import contact_details
from engage.services.reports import filing as reports
from engage.services.reports.receipts import new_receipt_code

# Contact details are not for the browser to remember or suggest on a shared computer.
CONTACT_FIELD_PARAMS: dict[str, dict[str, Any]] = {
    "name": {"autocomplete": "off", "spellcheck": False},
    "phone": {"type": "tel", "autocomplete": "off", "classes": "govuk-input--width-20"},
    "email": {"type": "email", "autocomplete": "off", "spellcheck": False},
    "best_time": {"autocomplete": "off"},
}


class ReportJourney(Journey):
    """A hate incident report: by the person it happened to, a witness, or centre staff."""

    check_template = "public/report/check.html"
    answers_name = "report"
    confirmation_template = "public/report/confirmation.html"

    def __init__(
        self,
        *,
        endpoints: Endpoints | None = None,
        draft_name: str = "report:web",
        channel: str = Channel.WEB,
        centre: ReportingCentre | None = None,
        logged_by: User | None = None,
        preset: Mapping[str, Any] | None = None,
        layout: str = "layout.html",
    ) -> None:
        self.endpoints = endpoints or Endpoints("public", "report_")
        self.draft_name = draft_name
        self.channel = channel
        self.centre = centre
        self.logged_by = logged_by
        self.preset = dict(preset or {})
        self.layout = layout
        self.form: Form = latest_form(db.session, reports.DEFINITION_ID)
        self.title = self.form.title

    def start_draft(self) -> tuple[Submission, str]:
        submission, key = responses.start_response(db.session, self.form, channel=self.channel)
        if self.preset:
            responses.record_answers(db.session, submission, flow_for(self.form), dict(self.preset))
        # Made now, so that both requests of a double click file and show the same code; the
        # key stays beside the draft's until the confirmation page has shown it.
        draft_secrets.update_secrets(db.session, submission, key, receipt_code=new_receipt_code())
        browser_drafts.remember_receipt_key(self.draft_name, key)
        return submission, key

    def lifetime(self) -> timedelta:
        return reports.draft_lifetime_of(current_app.config, self.channel)

    def submit(self, submission: Submission, flow: surveys.Flow) -> str:
        key = self._draft_key()
        secrets = draft_secrets.read_secrets(db.session, submission, key)
        _, code = reports.file_report(
            db.session,
            submission,
            flow,
            contact=secrets.get("contact"),
            centre=self.centre,
            logged_by=self.logged_by,
            receipt_code=secrets.get("receipt_code"),
        )
        # Sent: the contact answers are stored with the report; the code waits to be shown.
        code = code or secrets.get("receipt_code")
        draft_secrets.update_secrets(db.session, submission, key, contact=None, receipt_code=code)
        return str(submission.reference)

    def refusal(self, error: EngageError) -> ResponseReturnValue:
        if isinstance(error, ContactDetailsInvalid):
            return redirect(self._contact_url(self._contact_flow().steps({})[0]))
        raise error

    def page_before_check(self, answers: Answers) -> str | None:
        if not reports.wants_contact(answers):
            return None
        contact_flow = self._contact_flow()
        step = contact_flow.next_step(self._contact_answers())
        return None if step is None else self._contact_url(step)

    def discard(self) -> None:
        self._take_receipt_code()
        super().discard()

    def summary_rows(self, flow: surveys.Flow, answers: Answers) -> list[dict]:
        rows = super().summary_rows(flow, answers)
        if reports.wants_contact(answers):
            rows += summary_rows(
                self._contact_flow(),
                self._contact_answers(),
                lambda step: self._contact_url(step, change=1),
            )
        return rows

    # The pages a report adds.

    def contact(self, key: str) -> ResponseReturnValue:
        """One page of the optional contact questions, kept sealed on the server until sending."""
        submission, flow = self.draft()
        if not reports.wants_contact(responses.answers_of(submission, flow)):
            return redirect(self.url("check"))
        contact_flow = self._contact_flow()
        given = self._contact_answers()
        step = contact_flow.step_for(key, given)
        if step is None:
            return redirect(self.next_url(flow, responses.answers_of(submission, flow)))
        form = step_form(contact_flow, step, given if request.method == "GET" else {})
        if request.method == "POST" and form.validate():
            values = parse_step(contact_flow, step, form)
            if values is not None and self._keep_contact(
                submission, contact_flow, {**given, **values}, form
            ):
                return redirect(self.next_url(flow, responses.answers_of(submission, flow)))
        back = self._contact_back_url(flow, contact_flow, step, submission)
        return self.render_step(contact_flow, step, form, back, _contact_params(contact_flow))

    def confirmation(self) -> ResponseReturnValue:
        """The reference and the receipt code, shown once; nothing is left to show again."""
        reference = browser_drafts.last_reference(self.draft_name)
        if reference is None:
            return redirect(self.url("start"))
        browser_drafts.forget_reference(self.draft_name)
        return render_template(
            self.confirmation_template,
            reference=reference,
            receipt_code=self._take_receipt_code(),
            **self.context(),
        )

    # Their parts.

    def _contact_flow(self) -> surveys.Flow:
        return flow_for(latest_form(db.session, contact_details.DEFINITION_ID))

    def _draft_key(self) -> str:
        key = browser_drafts.draft_key(self.draft_name)
        if key is None:
            raise ResponseNotFound("This browser holds no draft of a report.")
        return key

    def _contact_answers(self) -> Answers:
        submission = self.current_draft()
        if submission is None:
            return {}
        secrets = draft_secrets.read_secrets(db.session, submission, self._draft_key())
        return dict(secrets.get("contact", {}))

    def _take_receipt_code(self) -> str | None:
        """The sent report's receipt code, deleted from the server as it is taken: shown once."""
        key = browser_drafts.take_receipt_key(self.draft_name)
        if key is None:
            return None
        try:
            submission = responses.find_response(db.session, key, self.lifetime())
        except ResponseNotFound:
            return None
        code = draft_secrets.read_secrets(db.session, submission, key).get("receipt_code")
        draft_secrets.update_secrets(db.session, submission, key, receipt_code=None)
        db.session.commit()
        return code

    def _contact_url(self, step: surveys.Step, **values: Any) -> str:
        return self.url("contact", key=step.key, **values)

    def _keep_contact(
        self, submission: Submission, contact_flow: surveys.Flow, given: Answers, form: Any
    ) -> bool:
        """Keep the contact answers once they are whole and right; else put errors on the form."""
        given = contact_flow.clean(given)
        if contact_flow.next_step(given) is None:
            try:
                contact_details.check_contact_details(given)
            except ContactDetailsInvalid as error:
                for question_id, message in error.errors.items():
                    form[question_id].errors = [message]
                return False
        draft_secrets.update_secrets(db.session, submission, self._draft_key(), contact=given)
        db.session.commit()
        return True

    def _contact_back_url(
        self,
        flow: surveys.Flow,
        contact_flow: surveys.Flow,
        step: surveys.Step,
        submission: Submission,
    ) -> str:
        if request.args.get("change"):
            return self.url("check")
        previous = contact_flow.previous_step(step, self._contact_answers())
        if previous is not None:
            return self._contact_url(previous)
        last = flow.steps(responses.answers_of(submission, flow))[-1]
        return self.url("question", key=last.key)


def add_report_routes(
    blueprint: Blueprint,
    rule: str,
    make_journey: Callable[..., ReportJourney],
    prefix: str = "report_",
    decorators: Iterable[Callable[[View], View]] = (),
) -> None:
    """Add a report journey's shared pages, and the two a report adds, to a blueprint."""
    decorators = list(decorators)
    add_journey_routes(blueprint, rule, make_journey, prefix, decorators)

    def contact(key: str, **values: Any) -> ResponseReturnValue:
        return make_journey(**values).contact(key)

    def confirmation(**values: Any) -> ResponseReturnValue:
        return make_journey(**values).confirmation()

    pages: list[Page] = [
        ("/contact/<key>", "contact", contact, ["GET", "POST"]),
        ("/confirmation", "confirmation", confirmation, ["GET"]),
    ]
    add_pages(blueprint, rule, prefix, pages, decorators)


def _contact_params(contact_flow: surveys.Flow) -> dict[str, dict[str, Any]]:
    """The contact fields' extra options; consent is asked for, never marked optional."""
    consent = contact_flow.definition.question("consent")
    legend = {"text": contact_flow.text(consent.label), "classes": "govuk-fieldset__legend--m"}
    return {**CONTACT_FIELD_PARAMS, "consent": {"fieldset": {"legend": legend}}}
