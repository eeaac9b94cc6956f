"""Officers' draft forms: started blank, copied or uploaded; changed; discarded; published.

A draft's `source` is a form definition as `surveys` reads it, so a form built in the browser
and one loaded from a file go through the same loader. Every save is a compare-and-set on the
draft's revision: a change sent from a page older than the last save is refused, not merged.
Every change is written to the audit log in the same transaction; the caller commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

import surveys
from engage import clock
from engage.errors import (
    FormDraftChangedMeanwhile,
    FormDraftInvalid,
    FormDraftRefused,
    FormNotLoaded,
)
from engage.models import Consultation, Form, FormDraft, User
from engage.services import DatabaseSession, audit
from engage.services.consultations.administration import NOT_CONSULTATIONS, TITLE_LENGTH
from engage.services.forms import latest_form, store_definition
from surveys import editing

log = logging.getLogger(__name__)

EQUALITIES = "equalities-monitoring"
Edit = Callable[[editing.Source], editing.Source]


def list_drafts(session: DatabaseSession) -> list[FormDraft]:
    """Every draft form, the most recently changed first."""
    return list(session.scalars(select(FormDraft).order_by(FormDraft.updated_at.desc())))


def start_blank(session: DatabaseSession, title: str, actor: User) -> FormDraft:
    """A new form with only a title."""
    title = _checked_title(title)
    return _started(session, editing.blank_source(_new_id(session, title), title), actor)


def start_copy(session: DatabaseSession, form: Form, title: str, actor: User) -> FormDraft:
    """A new form whose questions start as a copy of a stored form's."""
    title = _checked_title(title)
    source = {**form.source, "id": _new_id(session, title), "version": 1, "title": {"en": title}}
    return _started(session, source, actor)


def start_upload(
    session: DatabaseSession, imported: surveys.Imported, title: str, actor: User
) -> FormDraft:
    """A new form from an uploaded definition, under a new id unless its own is free, keeping
    what the upload left out to show on the draft."""
    source = imported.source
    title = _checked_title(title or editing.english(source.get("title")))
    wanted = str(source.get("id") or "")
    free = wanted and wanted not in _taken_ids(session)
    definition_id = wanted if free else _new_id(session, title)
    if title != editing.english(source.get("title")):
        source = {**source, "title": {"en": title}}
    draft = _started(session, {**source, "id": definition_id, "version": 1}, actor)
    draft.left_out = [str(item) for item in imported.left_out]
    return draft


def edit_form(session: DatabaseSession, definition_id: str, actor: User) -> FormDraft:
    """The draft of a stored form's next version: the one being written, or a new one."""
    if definition_id in NOT_CONSULTATIONS:
        raise FormDraftRefused("That form belongs to the reporting journey: it is not written here")
    existing = session.scalar(select(FormDraft).filter_by(definition_id=definition_id))
    if existing is not None:
        return existing
    form = latest_form(session, definition_id)
    return _started(session, {**form.source, "version": form.version + 1}, actor)


def change_question(
    session: DatabaseSession,
    draft: FormDraft,
    seen: int,
    edit: Edit,
    actor: User,
    question_id: str,
) -> None:
    """Apply an edit to one question and save it, unless the loader would refuse the question.

    Problems it leaves elsewhere (a later rule naming an answer taken away) are saved, and
    listed on the draft's page, as a deletion's are: a form is often incomplete while written.
    """
    changed = edit(draft.source)
    added = _added_problems(draft.source, changed, {question_id, f"{question_id}_other"})
    if added:
        raise FormDraftInvalid(added)
    save(session, draft, seen, changed, actor, f"question {question_id} saved")


def apply_edit(
    session: DatabaseSession, draft: FormDraft, seen: int, actor: User, *, edit: Edit, what: str
) -> None:
    """Apply an edit and save it as it is: a move or a deletion, whose problems are listed."""
    save(session, draft, seen, edit(draft.source), actor, what)


def save(
    session: DatabaseSession,
    draft: FormDraft,
    seen: int,
    source: editing.Source,
    actor: User,
    what: str,
) -> None:
    """Store a draft's new source if nobody saved it since revision `seen`."""
    saved = session.execute(
        update(FormDraft)
        .where(FormDraft.id == draft.id, FormDraft.revision == seen)
        .values(source=source, revision=seen + 1, updated_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if saved.rowcount != 1:  # type: ignore[attr-defined]
        raise FormDraftChangedMeanwhile()
    session.refresh(draft)
    audit.record(session, actor, audit.FORM_DRAFT_CHANGED, "form_draft", draft.id, what)


def add_equalities(session: DatabaseSession, draft: FormDraft, seen: int, actor: User) -> None:
    """Add the equalities-monitoring questions, as one block of sections at the end."""
    try:
        block = latest_form(session, EQUALITIES).source
    except FormNotLoaded:
        raise FormDraftRefused("The equalities questions are not loaded: run engage init") from None
    taken = set(editing.question_ids(draft.source)) & set(editing.question_ids(block))
    if taken:
        raise FormDraftRefused("This form already has the equalities questions")
    changed = editing.with_sections_of(draft.source, block)
    save(session, draft, seen, changed, actor, "equalities questions added")


def problems(draft: FormDraft) -> list[surveys.Problem]:
    """What must be fixed before the draft can be published."""
    return editing.problems_of(draft.source, origin=draft.definition_id)


def definition(draft: FormDraft) -> surveys.FormDefinition:
    """The draft as the loader reads it; raises surveys.DefinitionError while it has problems."""
    return surveys.definition_from_dict(draft.source, origin=draft.definition_id)


def check_routes(draft: FormDraft) -> surveys.RouteCheck:
    """Every route through a draft that loads, when each question is asked, and warnings."""
    return surveys.check_routes(definition(draft))


def labels(draft: FormDraft) -> dict[str, str]:
    """Each question's English label, by id, in the form's order, with the box an "Other"
    answer opens named after its question."""
    found = {}
    for question in editing.all_questions(draft.source):
        label = editing.english(question.get("label"))
        found[str(question.get("id"))] = label
        if question.get("other"):
            found[editing.other_box_id(question)] = f"{label} (“Other”, in their own words)"
    return found


def discard(session: DatabaseSession, draft: FormDraft, seen: int, actor: User) -> None:
    """Delete a draft; what was published from it before stays."""
    _delete(session, draft, seen)
    audit.record(session, actor, audit.FORM_DRAFT_DISCARDED, "form_draft", draft.id)


def publish(session: DatabaseSession, draft: FormDraft, seen: int, actor: User) -> Form:
    """Store the draft as the form's next version, and ask it in every consultation of the
    form that has not closed; responses already begun keep the version they began on."""
    source = {**draft.source, "version": _next_version(session, draft.definition_id)}
    try:
        definition = surveys.definition_from_dict(source, origin=draft.definition_id)
    except surveys.DefinitionError:
        raise FormDraftRefused("Fix the problems listed before you publish this form") from None
    if _unchanged(session, draft.definition_id, source):
        raise FormDraftRefused("Nothing has changed since the version already published")
    form, _ = store_definition(session, definition)
    moved = _ask_in_consultations(session, form)
    _delete(session, draft, seen)
    detail = f"{form.definition_id} version {form.version}; consultations now asking it: {moved}"
    audit.record(session, actor, audit.FORM_PUBLISHED, "form", form.id, detail)
    return form


def _ask_in_consultations(session: DatabaseSession, form: Form) -> int:
    """Point every consultation of the form that has not closed at its new version."""
    earlier = select(Form.id).where(Form.definition_id == form.definition_id, Form.id != form.id)
    consultations = session.scalars(
        select(Consultation).where(
            Consultation.form_id.in_(earlier), Consultation.closes_at > clock.now()
        )
    ).all()
    for consultation in consultations:
        consultation.form_id = form.id
    return len(consultations)


def _started(session: DatabaseSession, source: dict[str, Any], actor: User) -> FormDraft:
    draft = FormDraft(definition_id=source["id"], source=source, revision=1, created_by_id=actor.id)
    session.add(draft)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise FormDraftRefused(
            "Someone has just started a form with that name. Choose another title"
        ) from None
    audit.record(
        session, actor, audit.FORM_DRAFT_STARTED, "form_draft", draft.id, draft.definition_id
    )
    log.info("draft form %s started by staff %s", draft.id, actor.id)
    return draft


def _delete(session: DatabaseSession, draft: FormDraft, seen: int) -> None:
    deleted = session.execute(
        delete(FormDraft)
        .where(FormDraft.id == draft.id, FormDraft.revision == seen)
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise FormDraftChangedMeanwhile()
    session.expunge(draft)


def _added_problems(
    before: editing.Source, after: editing.Source, questions: set[str]
) -> dict[str, str]:
    """The problems of some questions that an edit brings, by the question they concern."""
    known = {(p.question, p.message) for p in editing.problems_of(before)}
    added: dict[str, str] = {}
    for problem in editing.problems_of(after):
        if problem.question in questions and (problem.question, problem.message) not in known:
            added.setdefault(problem.question, problem.message)
    return added


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise FormDraftInvalid({"title": "Enter a title for the form"})
    if len(title) > TITLE_LENGTH:
        raise FormDraftInvalid({"title": f"The title must be {TITLE_LENGTH} characters or fewer"})
    return title


def _new_id(session: DatabaseSession, title: str) -> str:
    return editing.words_id(title, _taken_ids(session), separator="-")


def _taken_ids(session: DatabaseSession) -> set[str]:
    """The ids of every stored form and every draft."""
    taken = set(session.scalars(select(Form.definition_id).distinct()))
    return taken | set(session.scalars(select(FormDraft.definition_id)))


def _next_version(session: DatabaseSession, definition_id: str) -> int:
    newest = session.scalar(
        select(func.max(Form.version)).where(Form.definition_id == definition_id)
    )
    return (newest or 0) + 1


def _unchanged(session: DatabaseSession, definition_id: str, source: editing.Source) -> bool:
    try:
        newest = latest_form(session, definition_id)
    except FormNotLoaded:
        return False
    return {**newest.source, "version": source["version"]} == source
