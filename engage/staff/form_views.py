"""Officers' form pages: the forms and drafts, starting a form, a draft's overview, publishing.

The questions themselves are changed on the pages of `engage.staff.question_views`. Every page
posts plainly, without JavaScript, and carries the draft's revision, so a change sent from an
old page is refused with the form shown as it is now.
"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from engage.error_summary import error_summary, form_error_summary
from engage.errors import FormDraftInvalid, FormDraftRefused, FormNotLoaded
from engage.extensions import db
from engage.models import FormDraft
from engage.roles import ADMIN, OFFICER
from engage.services.consultations import administration, drafting
from engage.services.forms import (
    XLSFORM,
    YAML,
    export_filename,
    export_version,
    export_warnings,
    latest_form,
    read_upload,
    stored_form,
)
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.downloads import download
from engage.staff.question_forms import TYPE_NAMES, TitleForm, answer_values
from surveys import editing

TEMPLATES = "staff/forms"
EXPORT_EXTENSIONS = {"yaml": YAML, "xlsx": XLSFORM}
FILE_KINDS = "an Engage form definition (.yaml) or an XLSForm workbook (.xlsx)"
STARTS = ("blank", "copy", "upload")


@staff.get("/forms", endpoint="forms")
@roles_required(OFFICER, ADMIN)
def form_list() -> ResponseReturnValue:
    """The forms consultations can ask, and the drafts being written."""
    return render_template(
        f"{TEMPLATES}/list.html",
        forms=administration.list_forms(db.session),
        drafts=drafting.list_drafts(db.session),
    )


@staff.route("/forms/new", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def new_form() -> ResponseReturnValue:
    """Start a form: from blank, from a copy of a form already loaded, or from a file."""
    form = TitleForm()
    chosen = {"start": request.form.get("start", "blank"), "copy": request.form.get("copy", "")}
    errors: dict[str, str] = {}
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            draft = _start(form.title.data, chosen)
        except FormDraftInvalid as error:
            errors = error.errors
        except FormDraftRefused as error:
            errors = {"title": error.message}
        except surveys.DefinitionError as error:
            errors = {"definition": _unloadable(error)}
            problems = [str(problem) for problem in error.problems]
            problems += [f"Left out: {item}" for item in error.left_out]
        else:
            db.session.commit()
            next_step = "Add its first section" if not draft.source.get("sections") else "Check it"
            flash(f"Form “{form.title.data.strip()}” started. {next_step}", "success")
            return redirect(url_for("staff.form_draft", draft_id=draft.id))
    summary = form_error_summary(form) + error_summary(errors)
    return render_template(
        f"{TEMPLATES}/new.html",
        form=form,
        chosen=chosen,
        wrong=errors,
        errors=summary,
        problems=problems,
        forms=administration.list_forms(db.session),
    )


def _start(title: str, chosen: dict[str, str]) -> FormDraft:
    if chosen["start"] not in STARTS:
        raise FormDraftInvalid({"start": "Choose how to start the form"})
    if chosen["start"] == "blank":
        return drafting.start_blank(db.session, title, current_staff())
    if chosen["start"] == "upload":
        return drafting.start_upload(db.session, _uploaded(), title, current_staff())
    try:
        copied = latest_form(db.session, chosen["copy"]) if chosen["copy"] else None
    except FormNotLoaded:
        copied = None
    if copied is None:
        raise FormDraftInvalid({"copy": "Select the form to copy"})
    return drafting.start_copy(db.session, copied, title, current_staff())


def _uploaded() -> surveys.Imported:
    """The definition in the file sent, checked by the loader; raises DefinitionError."""
    upload = request.files.get("definition")
    if upload is None or not upload.filename:
        raise FormDraftInvalid({"definition": f"Choose the file to upload: {FILE_KINDS}"})
    return read_upload(upload.read(), upload.filename)


def _unloadable(error: surveys.DefinitionError) -> str:
    count = len(error.problems)
    found = "a problem" if count == 1 else f"{count} problems"
    return f"The file has {found}, listed below: fix the file and upload it again"


@staff.get("/forms/published/<definition_id>")
@roles_required(OFFICER, ADMIN)
def form_versions(definition_id: str) -> ResponseReturnValue:
    """A form's published versions, how much each is used, and their files."""
    versions = administration.form_versions(db.session, definition_id)
    if not versions:
        abort(404)
    warnings = {v.form.version: export_warnings(v.form) for v in versions}
    return render_template(
        f"{TEMPLATES}/versions.html", versions=versions, newest=versions[0].form, warnings=warnings
    )


@staff.get("/forms/published/<definition_id>/versions/<int:version>.<extension>")
@roles_required(OFFICER, ADMIN)
def export_form_version(definition_id: str, version: int, extension: str) -> ResponseReturnValue:
    """One version as a file: Engage YAML, or an XLSForm workbook."""
    file_format = EXPORT_EXTENSIONS.get(extension)
    if file_format is None or definition_id in administration.NOT_CONSULTATIONS:
        abort(404)
    try:
        form = stored_form(db.session, definition_id, version)
    except FormNotLoaded:
        abort(404)
    content = export_version(db.session, form, file_format, current_staff())
    db.session.commit()
    return download(content, export_filename(form, file_format))


@staff.post("/forms/<definition_id>/edit")
@roles_required(OFFICER, ADMIN)
def edit_form(definition_id: str) -> ResponseReturnValue:
    """Open the draft of a form's next version, starting one if there is none."""
    try:
        draft = drafting.edit_form(db.session, definition_id, current_staff())
    except (FormNotLoaded, FormDraftRefused):
        abort(404)
    db.session.commit()
    return redirect(url_for("staff.form_draft", draft_id=draft.id))


@staff.get("/forms/drafts/<int:draft_id>")
@roles_required(OFFICER, ADMIN)
def form_draft(draft_id: int) -> ResponseReturnValue:
    """A draft's sections and questions, with what must be fixed before it is published."""
    return draft_page(db.get_or_404(FormDraft, draft_id))


def draft_page(draft: FormDraft, refusal: str | None = None, status: int = 200) -> Any:
    """The overview, with a refused action's reason at the top."""
    problems = drafting.problems(draft)
    page = render_template(
        f"{TEMPLATES}/draft.html",
        draft=draft,
        sections=draft.source.get("sections", []),
        problems=problems,
        type_names=TYPE_NAMES,
        rule_text=rule_text,
        errors=[{"text": refusal, "href": "#actions"}] if refusal else [],
    )
    return page, status


@staff.get("/forms/drafts/<int:draft_id>/routes")
@roles_required(OFFICER, ADMIN)
def form_routes(draft_id: int) -> ResponseReturnValue:
    """Every route through the draft's skip logic, and what no answer reaches."""
    draft = db.get_or_404(FormDraft, draft_id)
    problems = drafting.problems(draft)
    return render_template(
        f"{TEMPLATES}/routes.html",
        draft=draft,
        problems=problems,
        check=None if problems else drafting.check_routes(draft),
        labels=drafting.labels(draft),
    )


@staff.post("/forms/drafts/<int:draft_id>/equalities")
@roles_required(OFFICER, ADMIN)
def add_equalities(draft_id: int) -> ResponseReturnValue:
    """Add the equalities-monitoring questions at the end."""
    draft = db.get_or_404(FormDraft, draft_id)
    return act(draft, drafting.add_equalities, "Equalities questions added at the end")


@staff.post("/forms/drafts/<int:draft_id>/publish")
@roles_required(OFFICER, ADMIN)
def publish_form(draft_id: int) -> ResponseReturnValue:
    """Publish the draft as the form's next version."""
    draft = db.get_or_404(FormDraft, draft_id)
    try:
        form = drafting.publish(db.session, draft, seen_revision(), current_staff())
    except FormDraftRefused as error:
        db.session.rollback()
        return draft_page(db.get_or_404(FormDraft, draft_id), error.message, 409)
    db.session.commit()
    flash(f"“{form.title}” version {form.version} published", "success")
    return redirect(url_for("staff.forms"))


@staff.route("/forms/drafts/<int:draft_id>/discard", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def discard_form(draft_id: int) -> ResponseReturnValue:
    """Ask, then delete a draft."""
    draft = db.get_or_404(FormDraft, draft_id)
    if request.method == "POST":
        return act(draft, drafting.discard, "Draft discarded", to=url_for("staff.forms"))
    return render_template(
        "staff/confirm.html",
        title=f"Discard the draft of “{_title(draft)}”?",
        body="Its changes since it was last published are deleted. This cannot be undone.",
        button="Discard draft",
        revision=draft.revision,
        back_url=url_for("staff.form_draft", draft_id=draft.id),
    )


def act(
    draft: FormDraft, action: Any, done: str | None = None, to: str | None = None
) -> ResponseReturnValue:
    """Run an action on the draft and say so, or show the overview with why not."""
    draft_id = draft.id
    try:
        action(db.session, draft, seen_revision(), current_staff())
    except FormDraftRefused as error:
        db.session.rollback()
        return draft_page(db.get_or_404(FormDraft, draft_id), error.message, 409)
    db.session.commit()
    if done:
        flash(done, "success")
    return redirect(to or url_for("staff.form_draft", draft_id=draft_id))


def seen_revision() -> int:
    """The draft's revision when the page posting was shown."""
    typed = request.form.get("revision", "")
    return int(typed) if typed.isdigit() and len(typed) < 10 else -1


def rule_text(question: dict[str, Any], draft: FormDraft) -> str:
    """A question's show-if rule, in words, naming the earlier question by its label."""
    rule = question.get("show_if")
    if not isinstance(rule, dict):
        return "Always asked"
    target = editing.find_question(draft.source, str(rule.get("question")))
    if target is None:
        return (
            f"Asked only if question '{rule.get('question')}' … (that question is not in the form)"
        )
    label = editing.english(target.get("label"))
    names = dict(answer_values(target))
    if "answered" in rule:
        return f"Asked only if “{label}” was {'answered' if rule['answered'] else 'not answered'}"
    if "not_equals" in rule:
        return f"Asked only if the answer to “{label}” is not {_named(rule['not_equals'], names)}"
    wanted = rule.get("any_of", [rule.get("equals")])
    listed = " or ".join(_named(v, names) for v in wanted) if isinstance(wanted, list) else ""
    return f"Asked only if the answer to “{label}” is {listed}"


def _named(value: Any, names: dict[str, str]) -> str:
    key = str(value).lower() if isinstance(value, bool) else str(value)
    return f"“{names.get(key, key)}”"


def _title(draft: FormDraft) -> str:
    return editing.english(draft.source.get("title")) or draft.definition_id
