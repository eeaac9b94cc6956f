"""Officers' consultation pages: schedule, open and close consultations, and "You said, we did".

Dates and times are typed in UK time, as GOV.UK date inputs and a time box, and stored in UTC
as every moment in the database is.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.errors import (
    ConsultationChangeRefused,
    ConsultationInvalid,
    ConsultationNotFound,
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
from engage.wording import UK

TEMPLATES = "staff/consultations"
TIME_SHAPE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?", re.IGNORECASE)
NAMED_TIMES = {"midday": time(12), "noon": time(12), "midnight": time(0)}
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
        """The GOV.UK error summary's list, each linking to its field."""
        ordered = sorted(self.errors, key=lambda k: FIELDS.index(k) if k in FIELDS else 99)
        return [{"text": self.errors[k], "href": f"#{_anchor(k)}"} for k in ordered]


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
        entered = _entered()
        try:
            created = _schedule(entered)
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
    return _detail(_consultation(consultation_id))


@staff.route("/consultations/<int:consultation_id>/dates", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def consultation_dates(consultation_id: int) -> ResponseReturnValue:
    """Change when a consultation opens or closes."""
    found = _consultation(consultation_id)
    entered = Entered({**_moment_values("opens_at", found.opens_at)})
    entered.values.update(_moment_values("closes_at", found.closes_at))
    if request.method == "POST":
        entered = _entered()
        opens_at, closes_at = _moments(entered, keep_opening=found.opens_at)
        try:
            if opens_at is None or closes_at is None:
                raise ConsultationInvalid(entered.errors)
            administration.update_dates(
                db.session, found, opens_at, closes_at, actor=current_staff()
            )
        except ConsultationInvalid as error:
            entered.errors = {**error.errors, **entered.errors}
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
    found = _consultation(consultation_id)
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
    found = _consultation(consultation_id)
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
    found = _consultation(consultation_id)
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
    found = _consultation(consultation_id)
    administration.unpublish_summary(db.session, found, actor=current_staff())
    db.session.commit()
    flash("“You said, we did” unpublished. It is no longer on the hub", "success")
    return redirect(url_for("staff.consultation_summary", consultation_id=found.id))


def _consultation(consultation_id: int) -> Consultation:
    try:
        return administration.find_consultation(db.session, consultation_id)
    except ConsultationNotFound:
        abort(404)


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


def _schedule(entered: Entered) -> Consultation:
    """Schedule the consultation typed in, or raise every problem with it at once."""
    values = entered.values
    definition_id = values.get("form", "")
    form = _chosen_form(definition_id)
    if definition_id and form is None:
        entered.errors["form"] = "Select one of the forms listed"
    opens_at, closes_at = _moments(entered)
    slug, title, summary = (values.get(key, "").strip() for key in ("slug", "title", "summary"))
    if opens_at is None or closes_at is None or entered.errors:
        found = administration.check_details(
            db.session, form, slug, title, summary, opens_at, closes_at
        )
        raise ConsultationInvalid({**found, **entered.errors})
    return administration.schedule_consultation(
        db.session, form, slug, title, summary, opens_at, closes_at, actor=current_staff()
    )


def _chosen_form(definition_id: str) -> Form | None:
    if not definition_id:
        return None
    try:
        return latest_form(db.session, definition_id)
    except FormNotLoaded:
        return None


def _moments(
    entered: Entered, keep_opening: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """The opening and closing moments typed, in UTC; problems are added to `entered.errors`.

    With `keep_opening`, a form without opening fields (the consultation has opened) keeps it.
    """
    if keep_opening is not None and "opens_at-day" not in entered.values:
        opens_at: datetime | None = keep_opening
    else:
        opens_at = _moment(entered, "opens_at", "opening")
    return opens_at, _moment(entered, "closes_at", "closing")


def _moment(entered: Entered, name: str, word: str) -> datetime | None:
    values = entered.values
    day = _date(values, name, word, entered.errors)
    typed_time = values.get(f"{name}-time", "").strip()
    at = _time(typed_time)
    if not typed_time:
        entered.errors[f"{name}_time"] = f"Enter the {word} time"
    elif at is None:
        entered.errors[f"{name}_time"] = (
            f"Enter the {word} time as a real time, like 9:30am or 17:30"
        )
    if day is None or at is None:
        return None
    return datetime.combine(day, at, tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


def _date(values: dict[str, str], name: str, word: str, errors: dict[str, str]) -> date | None:
    parts = {part: values.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")}
    missing = [part for part, typed in parts.items() if not typed]
    if len(missing) == 3:
        errors[name] = f"Enter the {word} date"
        return None
    if missing:
        errors[name] = f"{word.capitalize()} date must include a {' and '.join(missing)}"
        return None
    if not all(typed.isdigit() for typed in parts.values()):
        errors[name] = f"{word.capitalize()} date must be a real date"
        return None
    if len(parts["year"]) != 4:
        errors[name] = f"The year of the {word} date must include 4 numbers"
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        errors[name] = f"{word.capitalize()} date must be a real date"
        return None


def _time(typed: str) -> time | None:
    """A time of day as people type it: 9am, 9:30am, 9.30 pm, 17:30, midday."""
    typed = typed.strip().lower()
    if typed in NAMED_TIMES:
        return NAMED_TIMES[typed]
    found = TIME_SHAPE.fullmatch(typed)
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = (found.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _moment_values(name: str, moment: datetime) -> dict[str, str]:
    """A stored moment as the date and time boxes show it, in UK time."""
    local = moment.replace(tzinfo=UTC).astimezone(UK)
    return {
        f"{name}-day": str(local.day),
        f"{name}-month": str(local.month),
        f"{name}-year": str(local.year),
        f"{name}-time": local.strftime("%I:%M%p").lstrip("0").lower(),
    }


def _anchor(key: str) -> str:
    if key in ("opens_at", "closes_at"):
        return f"{key}-day"
    if key.endswith("_time"):
        return key.removesuffix("_time") + "-time"
    if key == "form":
        return "form"
    return key
