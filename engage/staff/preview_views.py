"""A draft form previewed as a resident answers it on the web: the real question and check
pages, in any language the form has, with nothing stored.

The answers given in a preview live only in this browser's session, never as a response, so
a preview counts in no result. Any member of staff may open a preview, so that a colleague
sent its link can sign the form off; only officers and admins change the form.
"""

from typing import Any

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

import surveys
from engage.extensions import db
from engage.journeys.form_journey import parse_step, step_page, summary_rows
from engage.journeys.step_forms import raw_answer, step_form
from engage.models import FormDraft
from engage.services.consultations import drafting
from engage.staff import staff
from engage.staff.access import roles_required

PREVIEW_LAYOUT = "staff/forms/preview_layout.html"
# A preview's answers ride in the session cookie: long free text is cut short to fit.
LONGEST_KEPT_TEXT = 300
Answers = dict[str, Any]


@staff.get("/forms/drafts/<int:draft_id>/preview/<language>")
@roles_required()
def preview_form(draft_id: int, language: str) -> ResponseReturnValue:
    """What the preview shows, in which language, and a button to start it."""
    draft, flow = _draft_and_flow(draft_id, language)
    return render_template(
        "staff/forms/preview_start.html",
        flow=flow,
        languages=surveys.named_languages(flow.definition.languages),
        **_context(draft, flow),
    )


@staff.post("/forms/drafts/<int:draft_id>/preview/<language>/start")
@roles_required()
def begin_preview(draft_id: int, language: str) -> ResponseReturnValue:
    """Forget any earlier preview's answers and go to the first question."""
    draft, flow = _draft_and_flow(draft_id, language)
    _forget(draft)
    return redirect(_next_url(draft, flow, {}))


@staff.route(
    "/forms/drafts/<int:draft_id>/preview/<language>/questions/<key>", methods=["GET", "POST"]
)
@roles_required()
def preview_question(draft_id: int, language: str, key: str) -> ResponseReturnValue:
    """One step of the preview, checked as a resident's answer is, kept only in the session."""
    draft, flow = _draft_and_flow(draft_id, language)
    answers = _answers(draft, flow)
    step = flow.step_for(key, answers)
    if step is None:
        return redirect(_next_url(draft, flow, answers))
    form = step_form(flow, step, answers if request.method == "GET" else {})
    if request.method == "POST" and form.validate() and parse_step(flow, step, form) is not None:
        answers = _keep(draft, flow, {q.id: raw_answer(q, form[q.id]) for q in step.questions})
        return redirect(_next_url(draft, flow, answers))
    back = flow.previous_step(step, answers)
    back_url = (
        _url("preview_question", draft, language, key=back.key)
        if back
        else _url("preview_form", draft, language)
    )
    return step_page("public/question.html", flow, step, form, back_url, _context(draft, flow))


@staff.route("/forms/drafts/<int:draft_id>/preview/<language>/check", methods=["GET", "POST"])
@roles_required()
def preview_check(draft_id: int, language: str) -> ResponseReturnValue:
    """The check page; sending ends the preview without storing anything."""
    draft, flow = _draft_and_flow(draft_id, language)
    answers = _answers(draft, flow)
    if flow.next_question(answers) is not None:
        return redirect(_next_url(draft, flow, answers))
    if request.method == "POST":
        _forget(draft)
        flash("Preview finished. Nothing was sent or stored.", "success")
        return redirect(_url("preview_form", draft, language))

    def change_url(step: surveys.Step) -> str:
        return _url("preview_question", draft, language, key=step.key)

    return render_template(
        "public/check.html",
        flow=flow,
        rows=summary_rows(flow, answers, change_url),
        send_text="Finish the preview",
        **_context(draft, flow),
    )


def _draft_and_flow(draft_id: int, language: str) -> tuple[FormDraft, surveys.Flow]:
    """The draft and its flow in a language; a draft the loader refuses cannot be walked, so
    its page says what to fix first."""
    draft = db.get_or_404(FormDraft, draft_id)
    try:
        return draft, draft_flow(draft, language)
    except surveys.DefinitionError:
        page = render_template(
            "staff/forms/preview_start.html", draft=draft, problems=drafting.problems(draft)
        )
        abort(make_response(page, 409))


def draft_flow(draft: FormDraft, language: str) -> surveys.Flow:
    """The draft's flow in one of its languages (404 for another); raises
    surveys.DefinitionError while the loader refuses the draft."""
    definition = drafting.definition(draft)
    if language not in definition.languages:
        abort(404)
    return surveys.Flow(definition, language)


def _context(draft: FormDraft, flow: surveys.Flow) -> dict[str, Any]:
    return {
        "title": flow.text(flow.definition.title),
        "layout": PREVIEW_LAYOUT,
        "draft": draft,
        "language_name": surveys.language_name(flow.language),
        "longest_kept_text": LONGEST_KEPT_TEXT,
    }


def _next_url(draft: FormDraft, flow: surveys.Flow, answers: Answers) -> str:
    step = flow.next_step(answers)
    if step is None:
        return _url("preview_check", draft, flow.language)
    return _url("preview_question", draft, flow.language, key=step.key)


def _url(page: str, draft: FormDraft, language: str, **values: Any) -> str:
    return url_for(f"staff.{page}", draft_id=draft.id, language=language, **values)


# The preview's answers, raw as typed, by draft: read back through the flow on every page,
# so a change to the draft meanwhile drops what no longer fits rather than failing.


def _session_key(draft: FormDraft) -> str:
    return f"form-preview-{draft.id}"


def _answers(draft: FormDraft, flow: surveys.Flow) -> Answers:
    kept = session.get(_session_key(draft), {})
    answers: Answers = {}
    for question in flow.definition.questions:
        if question.id in kept:
            try:
                answers[question.id] = flow.parse(question, kept[question.id])
            except surveys.AnswerError:
                continue
    return flow.clean(answers)


def _keep(draft: FormDraft, flow: surveys.Flow, raw: dict[str, Any]) -> Answers:
    shortened = {key: _shortened(value) for key, value in raw.items()}
    kept = {**session.get(_session_key(draft), {}), **shortened}
    session[_session_key(draft)] = kept
    return _answers(draft, flow)


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONGEST_KEPT_TEXT:
        return value[:LONGEST_KEPT_TEXT] + "…"
    return value


def _forget(draft: FormDraft) -> None:
    session.pop(_session_key(draft), None)
