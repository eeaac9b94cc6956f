"""The resident's pages: the hub, a consultation's start page, its questions and submission."""

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

import surveys
from engage.config import draft_lifetime
from engage.errors import ConsultationNotFound, ConsultationNotOpen, ResponseNotFound
from engage.extensions import db
from engage.models import Consultation, Submission
from engage.public import drafts, public
from engage.public.question_fields import field_params, raw_answer, step_form
from engage.services import consultations, responses
from engage.services.forms import flow_for


@public.get("/")
def hub() -> ResponseReturnValue:
    """The consultations that are open, coming up and closed."""
    return render_template("public/hub.html", hub=consultations.hub(db.session))


@public.get("/consultations/<slug>")
def start(slug: str) -> ResponseReturnValue:
    """What the consultation is about, and a button to start or carry on."""
    consultation = _consultation(slug)
    return render_template(
        "public/start.html",
        consultation=consultation,
        status=consultations.status_of(consultation),
        flow=flow_for(consultation.form),
        has_draft=drafts.draft_key(slug) is not None,
    )


@public.post("/consultations/<slug>/start")
def begin(slug: str) -> ResponseReturnValue:
    """Start a response, or carry on with the one this browser already has."""
    consultation = _consultation(slug)
    if _current_draft(slug) is None:
        try:
            _, key = responses.start_response(
                db.session, consultation.form, channel="web", consultation=consultation
            )
        except ConsultationNotOpen:
            return _not_open(consultation)
        db.session.commit()
        drafts.remember_draft(slug, key)
    return redirect(url_for("public.resume", slug=slug))


@public.get("/consultations/<slug>/resume")
def resume(slug: str) -> ResponseReturnValue:
    """Go to the first question not yet answered, or to the check page."""
    consultation, submission = _draft_or_redirect(slug)
    flow = flow_for(consultation.form, submission.language)
    return redirect(_next_url(slug, flow, responses.answers_of(submission, flow)))


@public.route("/consultations/<slug>/questions/<key>", methods=["GET", "POST"])
def question(slug: str, key: str) -> ResponseReturnValue:
    """One page of questions: show it, or check and store what was entered."""
    consultation, submission = _draft_or_redirect(slug)
    flow = flow_for(consultation.form, submission.language)
    answers = responses.answers_of(submission, flow)
    step = flow.step_for(key, answers)
    if step is None:
        return redirect(_next_url(slug, flow, answers))
    form = step_form(flow, step, answers if request.method == "GET" else {})
    if request.method == "POST" and form.validate():
        values = _parse_step(flow, step, form)
        if values is not None:
            return _store_step(consultation, submission, flow, values)
    return render_template(
        "public/question.html",
        consultation=consultation,
        flow=flow,
        step=step,
        form=form,
        params={q.id: field_params(flow, q, len(step.questions) == 1) for q in step.questions},
        errors=_error_list(step, form),
        back_url=_back_url(slug, flow, step, answers),
    )


@public.route("/consultations/<slug>/check", methods=["GET", "POST"])
def check(slug: str) -> ResponseReturnValue:
    """Check your answers, change any of them, and submit."""
    consultation, submission = _draft_or_redirect(slug)
    flow = flow_for(consultation.form, submission.language)
    answers = responses.answers_of(submission, flow)
    if not flow.is_complete(answers) or flow.next_question(answers) is not None:
        return redirect(_next_url(slug, flow, answers))
    if request.method == "POST":
        return _submit(consultation, submission, flow)
    return render_template(
        "public/check.html",
        consultation=consultation,
        flow=flow,
        rows=_summary_rows(slug, flow, answers),
    )


@public.get("/consultations/<slug>/confirmation")
def confirmation(slug: str) -> ResponseReturnValue:
    """The reference of the response this browser just submitted."""
    consultation = _consultation(slug)
    reference = drafts.last_reference(slug)
    if reference is None:
        return redirect(url_for("public.start", slug=slug))
    return render_template(
        "public/confirmation.html", consultation=consultation, reference=reference
    )


def _consultation(slug: str) -> Consultation:
    try:
        return consultations.get_consultation(db.session, slug)
    except ConsultationNotFound:
        abort(404)


def _current_draft(slug: str) -> Submission | None:
    key = drafts.draft_key(slug)
    if key is None:
        return None
    try:
        return responses.find_response(db.session, key, draft_lifetime(current_app.config))
    except ResponseNotFound:
        drafts.forget_draft(slug)
        return None


def _draft_or_redirect(slug: str) -> tuple[Consultation, Submission]:
    consultation = _consultation(slug)
    submission = _current_draft(slug)
    if submission is None and drafts.last_reference(slug):
        abort(redirect(url_for("public.confirmation", slug=slug)))
    if submission is None:
        abort(redirect(url_for("public.start", slug=slug, expired=1)))
    if submission.status == "submitted":
        drafts.remember_reference(slug, str(submission.reference))
        drafts.forget_draft(slug)
        abort(redirect(url_for("public.confirmation", slug=slug)))
    if consultations.status_of(consultation) is not consultations.Status.OPEN:
        abort(_not_open(consultation))
    return consultation, submission


def _not_open(consultation: Consultation) -> Response:
    status = consultations.status_of(consultation)
    page = render_template("public/not_open.html", consultation=consultation, status=status)
    return Response(page, status=409 if status is consultations.Status.CLOSED else 403)


def _parse_step(flow: surveys.Flow, step: surveys.Step, form: Any) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    for question in step.questions:
        field = form[question.id]
        try:
            values[question.id] = flow.parse(question, raw_answer(question, field))
        except surveys.AnswerError as error:
            field.errors = [str(error)]
    return None if any(form[q.id].errors for q in step.questions) else values


def _store_step(
    consultation: Consultation,
    submission: Submission,
    flow: surveys.Flow,
    values: dict[str, Any],
) -> ResponseReturnValue:
    try:
        answers = responses.record_answers(db.session, submission, flow, values)
    except ConsultationNotOpen:
        return _not_open(consultation)
    db.session.commit()
    if request.args.get("change") and flow.next_question(answers) is None:
        return redirect(url_for("public.check", slug=consultation.slug))
    return redirect(_next_url(consultation.slug, flow, answers))


def _submit(
    consultation: Consultation, submission: Submission, flow: surveys.Flow
) -> ResponseReturnValue:
    try:
        reference = responses.submit_response(db.session, submission, flow)
    except ConsultationNotOpen:
        return _not_open(consultation)
    db.session.commit()
    drafts.forget_draft(consultation.slug)
    drafts.remember_reference(consultation.slug, reference)
    return redirect(url_for("public.confirmation", slug=consultation.slug))


def _next_url(slug: str, flow: surveys.Flow, answers: dict[str, Any]) -> str:
    step = flow.next_step(answers)
    if step is None:
        return url_for("public.check", slug=slug)
    return url_for("public.question", slug=slug, key=step.key)


def _back_url(slug: str, flow: surveys.Flow, step: surveys.Step, answers: dict[str, Any]) -> str:
    if request.args.get("change"):
        return url_for("public.check", slug=slug)
    previous = flow.previous_step(step, answers)
    if previous is None:
        return url_for("public.start", slug=slug)
    return url_for("public.question", slug=slug, key=previous.key)


def _error_list(step: surveys.Step, form: Any) -> list[dict[str, str]]:
    return [
        {"text": form[q.id].errors[0], "href": f"#{_anchor(q)}"}
        for q in step.questions
        if form[q.id].errors
    ]


def _anchor(question: surveys.Question) -> str:
    if question.type is surveys.QuestionType.DATE:
        return f"{question.id}-day"
    return question.id


def _summary_rows(slug: str, flow: surveys.Flow, answers: dict[str, Any]) -> list[dict]:
    rows = []
    for step in flow.steps(answers):
        for q in step.questions:
            change = url_for("public.question", slug=slug, key=step.key, change=1)
            rows.append(
                {
                    "section": flow.text(step.section.title),
                    "key": {"text": flow.text(q.label)},
                    "value": {"text": flow.display_value(q, answers.get(q.id))},
                    "actions": {
                        "items": [
                            {
                                "href": change,
                                "text": "Change",
                                "visuallyHiddenText": flow.text(q.label),
                            }
                        ]
                    },
                }
            )
    return rows
