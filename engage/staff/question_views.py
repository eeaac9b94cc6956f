"""Officers' pages for a draft form's sections and questions: add, change, move and delete,
and the rule that asks a question only after some answers.

Each change goes through `drafting.change`, which refuses one the loader would refuse; the
page then shows what was typed again, with the problem beside the box it concerns.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.error_summary import error_summary, field_errors
from engage.errors import FormDraftInvalid, FormDraftRefused
from engage.extensions import db
from engage.models import FormDraft
from engage.roles import ADMIN, OFFICER
from engage.services.consultations import drafting
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.form_views import act, seen_revision
from engage.staff.question_forms import (
    SCALE_CHOICES,
    TYPE_NAMES,
    QuestionForm,
    SectionForm,
    answer_values,
    read_rule,
    rule_choice,
    rule_ways,
)
from surveys import QuestionType, editing
from surveys.schema import RESERVED_QUESTION_IDS

TEMPLATES = "staff/forms"
# Which box a loader problem is about, from the setting its message names.
PROBLEM_FIELDS = (
    ("'min_selections'", "min_selections"),
    ("'max_selections'", "max_selections"),
    ("'max_length'", "max_length"),
    ("'min'", "minimum"),
    ("'max'", "maximum"),
    ("option", "options"),
    ("hint", "hint"),
)


@staff.route("/forms/drafts/<int:draft_id>/sections/new", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def new_section(draft_id: int) -> ResponseReturnValue:
    """Add a section at the end of the form."""
    draft = db.get_or_404(FormDraft, draft_id)
    return _section_page(draft, None)


@staff.route("/forms/drafts/<int:draft_id>/sections/<section_id>", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def edit_section(draft_id: int, section_id: str) -> ResponseReturnValue:
    """Change a section's title and description."""
    draft = db.get_or_404(FormDraft, draft_id)
    return _section_page(draft, _section(draft, section_id))


def _section_page(draft: FormDraft, old: dict[str, Any] | None) -> ResponseReturnValue:
    form = SectionForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        taken = [str(s.get("id")) for s in draft.source.get("sections", [])]
        section_id = old["id"] if old else editing.words_id(form.title.data, taken, "-")
        section = form.source(section_id, old)
        edit = partial(editing.with_section, section=section)
        outcome = _change(draft, edit, what=f"section {section_id} saved")
        if outcome is None:
            flash("Section saved", "success")
            return redirect(_overview(draft.id, f"section-{section_id}"))
        errors = outcome
        draft = db.get_or_404(FormDraft, draft.id)
    elif old and request.method == "GET":
        form.title.data = editing.english(old.get("title"))
        form.description.data = editing.english(old.get("description"))
    return render_template(
        f"{TEMPLATES}/section.html",
        draft=draft,
        section=old,
        form=form,
        wrong={**field_errors(form), **errors},
        errors=error_summary({**field_errors(form), **errors}),
    )


@staff.post("/forms/drafts/<int:draft_id>/sections/<section_id>/move")
@roles_required(OFFICER, ADMIN)
def move_section(draft_id: int, section_id: str) -> ResponseReturnValue:
    """Move a section up or down one place."""
    draft = db.get_or_404(FormDraft, draft_id)
    _section(draft, section_id)
    by = -1 if request.form.get("direction") == "up" else 1
    edit = partial(editing.moved_section, section_id=section_id, by=by)
    return _act(draft, edit, f"section {section_id} moved")


@staff.route("/forms/drafts/<int:draft_id>/sections/<section_id>/delete", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def delete_section(draft_id: int, section_id: str) -> ResponseReturnValue:
    """Ask, then delete a section and its questions."""
    draft = db.get_or_404(FormDraft, draft_id)
    section = _section(draft, section_id)
    if request.method == "POST":
        edit = partial(editing.without_section, section_id=section_id)
        return _act(draft, edit, f"section {section_id} deleted")
    count = len(section.get("questions", []))
    return _confirm(
        draft,
        f"Delete the section “{editing.english(section.get('title'))}”?",
        f"Its {count} question{'s' if count != 1 else ''} will be deleted with it.",
        "Delete section",
    )


@staff.route(
    "/forms/drafts/<int:draft_id>/sections/<section_id>/questions/new", methods=["GET", "POST"]
)
@roles_required(OFFICER, ADMIN)
def new_question(draft_id: int, section_id: str) -> ResponseReturnValue:
    """Choose the type of a new question, then write it."""
    draft = db.get_or_404(FormDraft, draft_id)
    _section(draft, section_id)
    kind = _kind(request.values.get("type", ""))
    if kind is None:
        chosen = "asked" in request.values
        return render_template(
            f"{TEMPLATES}/question_type.html",
            draft=draft,
            section_id=section_id,
            type_names=TYPE_NAMES,
            errors=[{"text": "Choose a type of question", "href": "#type"}] if chosen else [],
        )
    return _question_page(draft, kind, section_id, None)


@staff.route("/forms/drafts/<int:draft_id>/questions/<question_id>", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def edit_question(draft_id: int, question_id: str) -> ResponseReturnValue:
    """Change a question."""
    draft = db.get_or_404(FormDraft, draft_id)
    old = _question(draft, question_id)
    kind = _kind(str(old.get("type"))) or abort(404)
    return _question_page(draft, kind, str(editing.section_of(draft.source, question_id)), old)


def _question_page(
    draft: FormDraft, kind: QuestionType, section_id: str, old: dict[str, Any] | None
) -> ResponseReturnValue:
    form = QuestionForm(kind)
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        question_id = old["id"] if old else _new_question_id(draft, form.label.data)
        question = form.source(question_id, old)
        edit = partial(editing.with_question, section_id=section_id, question=question)
        outcome = _change(draft, edit, question_id=question_id)
        if outcome is None:
            flash("Question saved", "success")
            return redirect(_overview(draft.id, f"question-{question_id}"))
        errors = _placed(outcome, question_id)
        draft = db.get_or_404(FormDraft, draft.id)
    elif old and request.method == "GET":
        form.fill(old)
    shown = {**field_errors(form), **errors}
    return render_template(
        f"{TEMPLATES}/question.html",
        draft=draft,
        kind=kind,
        type_name=TYPE_NAMES[kind],
        scale_choices=SCALE_CHOICES,
        section_id=section_id,
        question=old,
        form=form,
        wrong=shown,
        errors=error_summary(shown),
    )


@staff.route("/forms/drafts/<int:draft_id>/questions/<question_id>/rule", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def question_rule(draft_id: int, question_id: str) -> ResponseReturnValue:
    """Choose the earlier question and answers after which a question is asked."""
    draft = db.get_or_404(FormDraft, draft_id)
    question = _question(draft, question_id)
    earlier = editing.questions_before(draft.source, question_id)
    way, ticked = rule_choice(question.get("show_if"))
    on = request.values.get("on", str((question.get("show_if") or {}).get("question", "")))
    errors: dict[str, str] = {}
    if request.method == "POST" and request.form.get("action") == "save":
        way, ticked = request.form.get("way", ""), request.form.getlist("answers")
        outcome = _save_rule(draft, question, earlier, on, way, ticked)
        if outcome is None:
            flash("Question saved", "success")
            return redirect(_overview(draft.id, f"question-{question_id}"))
        errors = outcome
        draft = db.get_or_404(FormDraft, draft.id)
    target = next((q for q in earlier if q.get("id") == on), None)
    return render_template(
        f"{TEMPLATES}/rule.html",
        draft=draft,
        question=question,
        earlier=earlier,
        target=target,
        ways=rule_ways(target) if target else {},
        answers=answer_values(target) if target else [],
        way=way,
        ticked=ticked,
        wrong=errors,
        errors=error_summary(errors),
    )


def _save_rule(
    draft: FormDraft,
    question: dict[str, Any],
    earlier: list[dict[str, Any]],
    on: str,
    way: str,
    ticked: list[str],
) -> dict[str, str] | None:
    """Save the rule chosen (none: always asked), or say what to fix."""
    changed = {k: v for k, v in question.items() if k != "show_if"}
    if on:
        target = next((q for q in earlier if q.get("id") == on), None)
        if target is None:
            return {"on": "Choose one of the questions listed"}
        rule, problems = read_rule(target, way, ticked)
        if rule is None:
            return problems
        changed["show_if"] = rule
    section_id = str(editing.section_of(draft.source, question["id"]))
    edit = partial(editing.with_question, section_id=section_id, question=changed)
    outcome = _change(draft, edit, question_id=question["id"])
    return None if outcome is None else {"on": " ".join(outcome.values())}


@staff.post("/forms/drafts/<int:draft_id>/questions/<question_id>/move")
@roles_required(OFFICER, ADMIN)
def move_question(draft_id: int, question_id: str) -> ResponseReturnValue:
    """Move a question up or down one place."""
    draft = db.get_or_404(FormDraft, draft_id)
    _question(draft, question_id)
    by = -1 if request.form.get("direction") == "up" else 1
    edit = partial(editing.moved_question, question_id=question_id, by=by)
    return _act(draft, edit, f"question {question_id} moved")


@staff.route("/forms/drafts/<int:draft_id>/questions/<question_id>/delete", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def delete_question(draft_id: int, question_id: str) -> ResponseReturnValue:
    """Ask, then delete a question."""
    draft = db.get_or_404(FormDraft, draft_id)
    question = _question(draft, question_id)
    if request.method == "POST":
        edit = partial(editing.without_question, question_id=question_id)
        return _act(draft, edit, f"question {question_id} deleted")
    return _confirm(
        draft,
        f"Delete the question “{editing.english(question.get('label'))}”?",
        "Any question asked only after an answer to it will need a new rule.",
        "Delete question",
    )


def _change(
    draft: FormDraft, edit: Callable[..., Any], *, what: str = "", question_id: str | None = None
) -> dict[str, str] | None:
    """Save one edit, checking the question it changes; None when saved, else the problems by
    question id (or "revision")."""
    try:
        if question_id is None:
            drafting.apply_edit(
                db.session, draft, seen_revision(), current_staff(), edit=edit, what=what
            )
        else:
            drafting.change_question(
                db.session, draft, seen_revision(), edit, current_staff(), question_id
            )
    except FormDraftInvalid as error:
        db.session.rollback()
        return error.errors
    except FormDraftRefused as error:
        db.session.rollback()
        return {"revision": error.message}
    db.session.commit()
    return None


def _act(draft: FormDraft, edit: Callable[..., Any], what: str) -> ResponseReturnValue:
    """Save a move or a deletion from the overview, and go back to it; what it leaves to fix
    is listed there."""
    return act(draft, partial(drafting.apply_edit, edit=edit, what=what))


def _placed(problems: dict[str, str], question_id: str) -> dict[str, str]:
    """Loader problems of a question by the box they concern; others' in the summary."""
    placed: dict[str, str] = {}
    for about, message in problems.items():
        if about in (question_id, f"{question_id}_other"):
            field = next((f for word, f in PROBLEM_FIELDS if word in message), "label")
            placed.setdefault(field, _sentence(message))
        elif about == "revision":
            placed["revision"] = message
        else:
            placed.setdefault("options", f"This would break question '{about}': {message}")
    return placed


def _confirm(draft: FormDraft, title: str, body: str, button: str) -> ResponseReturnValue:
    return render_template(
        "staff/confirm.html",
        title=title,
        body=body,
        button=button,
        revision=draft.revision,
        back_url=_overview(draft.id),
    )


def _new_question_id(draft: FormDraft, label: str) -> str:
    taken = set(editing.question_ids(draft.source)) | RESERVED_QUESTION_IDS
    return editing.words_id(label, taken)


def _section(draft: FormDraft, section_id: str) -> dict[str, Any]:
    found = next((s for s in draft.source.get("sections", []) if s.get("id") == section_id), None)
    return found if found is not None else abort(404)


def _question(draft: FormDraft, question_id: str) -> dict[str, Any]:
    found = editing.find_question(draft.source, question_id)
    return found if found is not None else abort(404)


def _kind(name: str) -> QuestionType | None:
    return QuestionType(name) if name in set(QuestionType) else None


def _overview(draft_id: int, anchor: str | None = None) -> str:
    return url_for("staff.form_draft", draft_id=draft_id, _anchor=anchor)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
