"""A consultation's results for officers: the overview, its themes, and reviewing the tags.

Every figure shown or exported here is small-number suppressed; the answers export is the
exception, being the answers themselves, and its header says it is not for publishing.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from engage import clock
from engage.errors import FormNotLoaded
from engage.extensions import db
from engage.label_names import FAMILIES, FAMILY_NAMES, labels_of, name_of
from engage.models import Consultation
from engage.roles import ADMIN, OFFICER
from engage.services import audit
from engage.services.exports import Cell, Export
from engage.services.forms import flow_for, latest_form
from engage.services.insight import results, review
from engage.services.insight.tagging import free_text_questions
from engage.services.insight.themes import SENTIMENTS, SOURCES, AnswerFilters, theme_counts
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.downloads import EXPORT_FORMATS, export_download
from engage.wording import CHANNEL_NAMES

TEMPLATES = "staff/insight"
MONITORING = "equalities-monitoring"


@staff.route("/consultations/<int:consultation_id>/results")
@roles_required(OFFICER, ADMIN)
def consultation_results(consultation_id: int) -> ResponseReturnValue:
    consultation = db.get_or_404(Consultation, consultation_id)
    found = results.overview(db.session, consultation, suppress=True)
    return render_template(
        f"{TEMPLATES}/overview.html",
        consultation=consultation,
        results_page="overview",
        overview=found,
    )


@staff.route("/consultations/<int:consultation_id>/themes")
@roles_required(OFFICER, ADMIN)
def consultation_themes(consultation_id: int) -> ResponseReturnValue:
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = AnswerFilters.from_query(request.args)
    total, tables = theme_counts(db.session, consultation, filters, suppress=True)
    return render_template(
        f"{TEMPLATES}/themes.html",
        consultation=consultation,
        results_page="themes",
        filters=filters,
        total=total,
        tables=tables,
        family_names=FAMILY_NAMES,
        labels={family: labels_of(family) for family in FAMILIES},
        **_filter_choices(consultation),
    )


@staff.route("/consultations/<int:consultation_id>/answers")
@roles_required(OFFICER, ADMIN)
def consultation_answers(consultation_id: int) -> ResponseReturnValue:
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = AnswerFilters.from_query(request.args)
    page = review.answer_page(db.session, consultation, filters, request.args.get("page", 1, int))
    return render_template(
        f"{TEMPLATES}/answers.html",
        consultation=consultation,
        results_page="answers",
        filters=filters,
        found=page,
        agreement=review.agreement(db.session, consultation),
        questions=_question_labels(consultation),
        **_filter_choices(consultation),
    )


@staff.route(
    "/consultations/<int:consultation_id>/answers/<int:answer_id>", methods=["GET", "POST"]
)
@roles_required(OFFICER, ADMIN)
def review_answer(consultation_id: int, answer_id: int) -> ResponseReturnValue:
    consultation = db.get_or_404(Consultation, consultation_id)
    answer = review.find_answer(db.session, consultation, answer_id)
    if answer is None:
        abort(404)
    back = _back_to_answers(consultation)
    if request.method == "POST":
        applying = {label for label in request.form.getlist("labels") if label in _all_labels()}
        review.decide(db.session, answer.id, applying, current_staff())
        db.session.commit()
        flash(f"Tags saved for the answer from {answer.reference}.", "success")
        return redirect(back)
    return render_template(
        f"{TEMPLATES}/review.html",
        consultation=consultation,
        results_page="answers",
        answer=answer,
        question=_question_labels(consultation).get(answer.question_id, answer.question_id),
        family_names=FAMILY_NAMES,
        labels={family: labels_of(family) for family in FAMILIES},
        back=back,
    )


@staff.route("/consultations/<int:consultation_id>/results.<fmt>")
@roles_required(OFFICER, ADMIN)
def export_results(consultation_id: int, fmt: str) -> ResponseReturnValue:
    """The overview's tables and the theme counts, in one suppressed table."""
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = AnswerFilters.from_query(request.args)
    rows = list(_analysis_rows(consultation, filters))
    export = Export(
        title="Consultation analysis",
        generated_at=clock.now(),
        columns=["Table", "Row", "Count", "Share"],
        rows=rows,
        details=[("Consultation", consultation.title), *filters.described()],
    )
    return _send(export, fmt, consultation, audit.ANALYSIS_EXPORTED, "analysis")


@staff.route("/consultations/<int:consultation_id>/answers.<fmt>")
@roles_required(OFFICER, ADMIN)
def export_answers(consultation_id: int, fmt: str) -> ResponseReturnValue:
    """The free-text answers that pass the filters, with the machine's and officers' tags."""
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = AnswerFilters.from_query(request.args)
    export = Export(
        title="Consultation answers",
        generated_at=clock.now(),
        columns=[
            "Reference",
            "Form version",
            "Question",
            "Answer",
            "Machine tags",
            "Officers' tags",
            "Reviewed",
        ],
        rows=_answer_rows(consultation, filters),
        details=[("Consultation", consultation.title), *filters.described()],
        suppressed=False,
    )
    return _send(export, fmt, consultation, audit.ANSWERS_EXPORTED, "answers")


# Their parts.


def _send(
    export: Export, fmt: str, consultation: Consultation, action: str, name: str
) -> ResponseReturnValue:
    if fmt not in EXPORT_FORMATS:
        abort(404)
    audit.record(db.session, current_staff(), action, "consultation", consultation.id, fmt)
    db.session.commit()
    return export_download(export, fmt, f"{consultation.slug}-{name}-{clock.now():%Y-%m-%d}")


def _analysis_rows(consultation: Consultation, filters: AnswerFilters) -> Iterator[list[Cell]]:
    overview = results.overview(db.session, consultation, suppress=True)
    yield ["Responses", "All", overview.responses, ""]
    overview_tables = [
        ("Week beginning", overview.weeks),
        ("Channel", overview.channels),
        ("Ward", overview.wards),
    ]
    for caption, table in overview_tables:
        if table is not None:
            yield from _table_rows(caption, table)
    for chart in overview.questions:
        yield from _table_rows(chart.label, chart.table)
    _, tables = theme_counts(db.session, consultation, filters, suppress=True)
    for family, table in tables.items():
        yield from _table_rows(FAMILY_NAMES[family], table, named=True)


def _table_rows(caption: str, table: Any, named: bool = False) -> Iterator[list[Cell]]:
    for row in table.rows:
        label = name_of(row.label) if named else row.label
        yield [caption, label, row.count_text, row.share_text]
    yield [caption, "Total", table.total_text, ""]


def _answer_rows(consultation: Consultation, filters: AnswerFilters) -> Iterator[Sequence[Cell]]:
    questions = _question_labels(consultation)
    page_number, pages = 1, 1
    while page_number <= pages:
        page = review.answer_page(db.session, consultation, filters, page_number)
        for answer in page.answers:
            decided = [name_of(label) for label, applies in answer.decided.items() if applies]
            yield [
                answer.reference,
                answer.version,
                questions.get(answer.question_id, answer.question_id),
                "".join(text for text, _ in answer.segments),
                "; ".join(name_of(label) for label in answer.suggested),
                "; ".join(decided),
                "yes" if answer.decided else "no",
            ]
        page_number, pages = page_number + 1, page.pages


def _question_labels(consultation: Consultation) -> dict[str, str]:
    flow = flow_for(consultation.form)
    return {q.id: flow.text(q.label) or q.id for q in flow.definition.questions}


def _filter_choices(consultation: Consultation) -> dict[str, Any]:
    """What the filters offer: the form's own questions, wards and monitoring groups."""
    flow = flow_for(consultation.form)
    labels = _question_labels(consultation)
    free_text = free_text_questions(consultation.form)
    return {
        "sources": SOURCES,
        "sentiments": SENTIMENTS,
        "question_choices": [(q, labels[q]) for q in labels if q in free_text],
        "tag_choices": [(label, name_of(label)) for f in FAMILIES for label in labels_of(f)],
        "ward_choices": _options(flow, "ward"),
        "channel_choices": list(CHANNEL_NAMES.items()),
        "group_choices": _monitoring_groups(flow),
    }


def _options(flow: surveys.Flow, question_id: str) -> list[tuple[str, str]]:
    try:
        question = flow.definition.question(question_id)
    except KeyError:
        return []
    return [(o.value, flow.text(o.label) or o.value) for o in question.options]


def _monitoring_groups(flow: surveys.Flow) -> list[tuple[str, str]]:
    """Each monitoring answer as a group of respondents, like "Disability: Yes"."""
    try:
        monitoring = flow_for(latest_form(db.session, MONITORING)).definition
    except FormNotLoaded:
        return []
    asked = {q.id for q in flow.definition.questions}
    groups = []
    for question in monitoring.questions:
        if question.id in asked and question.type is surveys.QuestionType.SINGLE_CHOICE:
            title = flow.text(question.label) or question.id
            groups += [
                (f"{question.id}:{value}", f"{title} {label}")
                for value, label in _options(flow, question.id)
            ]
    return groups


def _all_labels() -> set[str]:
    return {label for family in FAMILIES for label in labels_of(family)}


def _back_to_answers(consultation: Consultation) -> str:
    """The answers page the officer came from, filters kept; only a page of ours."""
    back = request.values.get("back", "")
    answers = url_for("staff.consultation_answers", consultation_id=consultation.id)
    return back if back.startswith(answers) else answers
