"""Officers' consultation pages: schedule, open and close consultations, and "You said, we did".

Dates and times are typed in UK time, as GOV.UK date inputs and a time box, and stored in UTC
as every moment in the database is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.error_summary import error_summary, field_errors
from engage.errors import (
    ConsultationChangeRefused,
    ConsultationInvalid,
    FormNotLoaded,
)
from engage.extensions import db
from engage.models import Consultation, Form
from engage.roles import ADMIN, OFFICER
from engage.services.consultations import administration
from engage.services.consultations.publishing import status_of
from engage.services.forms import latest_form
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.consultation_forms import ConsultationForm, moment_values

TEMPLATES = "staff/consultations"
# Where the summary links for a date or time: its day box, its time box.
ANCHORS = {
    "opens_at": "opens_at-day",
    "opens_at_time": "opens_at-time",
    "closes_at": "closes_at-day",
    "closes_at_time": "closes_at-time",
}
# Field order on the page, so the error summary lists problems top to bottom.
FIELDS = (
    "form",
    "slug",
    "title",
    "summary",
    "opens_at",
    "opens_at_time",
    "closes_at",
    "closes_at_time",
    "you_said_we_did",
)


@dataclass
class Entered:
    """What was typed into a form, and what is wrong with it, to show the page again."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary's list, top to bottom, each linking to its box."""
        ordered = {k: self.errors[k] for k in sorted(self.errors, key=_field_order)}
        return error_summary(ordered, ANCHORS)


@staff.get("/consultations", endpoint="consultations")
@roles_required(OFFICER, ADMIN)
def consultation_list() -> ResponseReturnValue:
    """Every consultation, with its status and how many responses it has."""
    rows = [
        (found, status_of(found), responses)
        for found, responses in administration.list_consultations(db.session)
    ]
    return render_template(f"{TEMPLATES}/list.html", rows=rows)


@staff.route("/consultations/new", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def new_consultation() -> ResponseReturnValue:
    """Choose the questions, the web address, the title and the dates of a new consultation."""
    entered = Entered({"opens_at-time": "9:00am", "closes_at-time": "11:59pm"})
    if request.method == "POST":
        entered, form = _entered(), ConsultationForm()
        try:
            created = _schedule(form)
        except ConsultationInvalid as error:
            entered.errors = error.errors
        else:
            db.session.commit()
            flash(f"Consultation “{created.title}” created", "success")
            return redirect(url_for("staff.consultation", consultation_id=created.id))
    return render_template(
        f"{TEMPLATES}/new.html",
        forms=administration.list_forms(db.session),
        entered=entered,
        errors=entered.error_list(),
    )


@staff.get("/consultations/<int:consultation_id>")
@roles_required(OFFICER, ADMIN)
def consultation(consultation_id: int) -> ResponseReturnValue:
    """A consultation's dates, status and responses, with buttons to open or close it."""
    return _detail(db.get_or_404(Consultation, consultation_id))


@staff.route("/consultations/<int:consultation_id>/dates", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def consultation_dates(consultation_id: int) -> ResponseReturnValue:
    """Change when a consultation opens or closes."""
    found = db.get_or_404(Consultation, consultation_id)
    entered = Entered({**moment_values("opens_at", found.opens_at)})
    entered.values.update(moment_values("closes_at", found.closes_at))
    if request.method == "POST":
        entered, form = _entered(), ConsultationForm()
        opens_at, closes_at = _moments(form, keep_opening=found.opens_at)
        try:
            if opens_at is None or closes_at is None:
                raise ConsultationInvalid(date_errors(form))
            administration.update_dates(
                db.session, found, opens_at, closes_at, actor=current_staff()
            )
        except ConsultationInvalid as error:
            entered.errors = {**error.errors, **date_errors(form)}
        else:
            db.session.commit()
            flash("Dates saved", "success")
            return redirect(url_for("staff.consultation", consultation_id=found.id))
    return render_template(
        f"{TEMPLATES}/dates.html",
        consultation=found,
        status=status_of(found),
        entered=entered,
        errors=entered.error_list(),
    )


@staff.post("/consultations/<int:consultation_id>/open")
@roles_required(OFFICER, ADMIN)
def open_consultation(consultation_id: int) -> ResponseReturnValue:
    """Open a forthcoming consultation now."""
    return _change_now(
        consultation_id,
        administration.open_now,
        "Consultation opened. Residents can answer it now",
    )


@staff.post("/consultations/<int:consultation_id>/close")
@roles_required(OFFICER, ADMIN)
def close_consultation(consultation_id: int) -> ResponseReturnValue:
    """Close an open consultation now."""
    return _change_now(
        consultation_id,
        administration.close_now,
        "Consultation closed. You can now write “You said, we did”",
    )


def _change_now(
    consultation_id: int, change: Callable[..., None], done: str
) -> ResponseReturnValue:
    """Open or close a consultation now and say so, or show why not on its page."""
    found = db.get_or_404(Consultation, consultation_id)
    try:
        change(db.session, found, actor=current_staff())
    except ConsultationChangeRefused as error:
        return _detail(found, refusal=error.message)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("staff.consultation", consultation_id=found.id))


@staff.route("/consultations/<int:consultation_id>/summary", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def consultation_summary(consultation_id: int) -> ResponseReturnValue:
    """Write "You said, we did", preview it, and save it."""
    found = db.get_or_404(Consultation, consultation_id)
    entered = Entered({"you_said_we_did": found.you_said_we_did or ""})
    preview: list[str] = []
    if request.method == "POST":
        entered = _entered()
        text = entered.values.get("you_said_we_did", "")
        if request.form.get("action") == "preview":
            preview = [p for p in administration.normalise_paragraphs(text).split("\n\n") if p]
        else:
            try:
                administration.write_summary(db.session, found, text, actor=current_staff())
            except (ConsultationInvalid, ConsultationChangeRefused) as error:
                entered.errors = _summary_errors(error)
            else:
                db.session.commit()
                flash("“You said, we did” saved", "success")
                return redirect(url_for("staff.consultation_summary", consultation_id=found.id))
    return _summary_page(found, entered, preview)


@staff.post("/consultations/<int:consultation_id>/summary/publish")
@roles_required(OFFICER, ADMIN)
def publish_consultation_summary(consultation_id: int) -> ResponseReturnValue:
    """Show "You said, we did" on the public hub."""
    found = db.get_or_404(Consultation, consultation_id)
    try:
        administration.publish_summary(db.session, found, actor=current_staff())
    except ConsultationChangeRefused as error:
        entered = Entered({"you_said_we_did": found.you_said_we_did or ""})
        entered.errors = _summary_errors(error)
        return _summary_page(found, entered, [], status=409)
    db.session.commit()
    flash("“You said, we did” published. Residents can read it on the hub", "success")
    return redirect(url_for("staff.consultation_summary", consultation_id=found.id))


@staff.post("/consultations/<int:consultation_id>/summary/unpublish")
@roles_required(OFFICER, ADMIN)
def unpublish_consultation_summary(consultation_id: int) -> ResponseReturnValue:
    """Take "You said, we did" off the public pages."""
    found = db.get_or_404(Consultation, consultation_id)
    administration.unpublish_summary(db.session, found, actor=current_staff())
    db.session.commit()
    flash("“You said, we did” unpublished. It is no longer on the hub", "success")
    return redirect(url_for("staff.consultation_summary", consultation_id=found.id))


def _detail(found: Consultation, refusal: str | None = None) -> ResponseReturnValue:
    page = render_template(
        f"{TEMPLATES}/detail.html",
        consultation=found,
        status=status_of(found),
        responses=administration.response_count(db.session, found),
        errors=[{"text": refusal, "href": "#actions"}] if refusal else [],
    )
    return page, 409 if refusal else 200


def _summary_page(
    found: Consultation, entered: Entered, preview: list[str], status: int = 200
) -> ResponseReturnValue:
    page = render_template(
        f"{TEMPLATES}/summary.html",
        consultation=found,
        status=status_of(found),
        entered=entered,
        preview=preview,
        errors=entered.error_list(),
    )
    return page, status


def _summary_errors(error: ConsultationInvalid | ConsultationChangeRefused) -> dict[str, str]:
    if isinstance(error, ConsultationInvalid):
        return error.errors
    return {"you_said_we_did": error.message}


def _entered() -> Entered:
    """The values of the posted form, so the page can show them again as typed."""
    return Entered({key: value for key, value in request.form.items() if key != "csrf_token"})


def _schedule(form: ConsultationForm) -> Consultation:
    """Schedule the consultation typed in, or raise every problem with it at once."""
    form.validate()
    problems = date_errors(form)
    definition_id = form.text("form")
    chosen = _chosen_form(definition_id)
    if definition_id and chosen is None:
        problems["form"] = "Select one of the forms listed"
    opens_at, closes_at = form.moment("opens_at"), form.moment("closes_at")
    slug, title, summary = (form.text(name) for name in ("slug", "title", "summary"))
    if opens_at is None or closes_at is None or problems:
        found = administration.check_details(
            db.session, chosen, slug, title, summary, opens_at, closes_at
        )
        raise ConsultationInvalid({**found, **problems})
    return administration.schedule_consultation(
        db.session, chosen, slug, title, summary, opens_at, closes_at, actor=current_staff()
    )


def _chosen_form(definition_id: str) -> Form | None:
    if not definition_id:
        return None
    try:
        return latest_form(db.session, definition_id)
    except FormNotLoaded:
        return None


def _moments(
    form: ConsultationForm, keep_opening: datetime
) -> tuple[datetime | None, datetime | None]:
    """The opening and closing moments typed, in UTC; a page without the opening boxes (the
    consultation has opened) keeps `keep_opening`."""
    form.validate()
    if not form.opens_at.given:
        for name in ("opens_at", "opens_at_time"):
            form[name].errors = []
        return keep_opening, form.moment("closes_at")
    return form.moment("opens_at"), form.moment("closes_at")


def date_errors(form: ConsultationForm) -> dict[str, str]:
    """The date and time boxes' problems, by field."""
    names = ("opens_at", "opens_at_time", "closes_at", "closes_at_time")
    return {name: error for name, error in field_errors(form).items() if name in names}


def _field_order(key: str) -> int:
    return FIELDS.index(key) if key in FIELDS else len(FIELDS)
