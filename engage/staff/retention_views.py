"""Keeping personal details no longer than needed: admins set each form's retention period;
officers erase one person's report or response when that person asks."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, StringField

from engage.database import write_deletions_to_disk
from engage.error_summary import form_error_summary
from engage.errors import RetentionInvalid, SubmissionNotFound
from engage.extensions import db
from engage.roles import ADMIN, OFFICER
from engage.services import erasure, retention
from engage.staff import staff
from engage.staff.access import current_staff, roles_required


class ErasureForm(FlaskForm):
    reference = StringField(
        "Reference of the report or response",
        widget=GovTextInput(),
        description="The reference the person was given, like ENG-7KQ4-MXA2.",
    )
    confirmed = BooleanField(
        "The person asked us to erase this, and I have checked it is theirs",
        widget=GovCheckboxInput(),
    )


# Retention periods


@staff.get("/retention")
@roles_required(ADMIN)
def retention_periods() -> ResponseReturnValue:
    """Each form's retention period, to change."""
    return _periods_page()


@staff.post("/retention/<definition_id>")
@roles_required(ADMIN)
def set_retention_period(definition_id: str) -> ResponseReturnValue:
    """Change how many days one form's personal details are kept."""
    known = {p.definition_id: p for p in retention.periods(db.session, current_app.config)}
    if definition_id not in known:
        abort(404)
    typed = request.form.get("days", "")
    try:
        days = retention.set_period(db.session, definition_id, typed, current_staff())
    except RetentionInvalid as error:
        db.session.rollback()
        return _periods_page(definition_id, str(error), typed), 400
    db.session.commit()
    title = known[definition_id].title
    flash(f"{title}: personal details are now kept for {days:,} days", "success")
    return redirect(url_for("staff.retention_periods"))


def _periods_page(wrong: str = "", error: str = "", typed: str = "") -> str:
    return render_template(
        "staff/retention/periods.html",
        periods=retention.periods(db.session, current_app.config),
        wrong=wrong,
        error=error,
        typed=typed,
    )


# Erasure on request


@staff.route("/erasure", methods=["GET", "POST"])
@roles_required(OFFICER, ADMIN)
def erase_on_request() -> ResponseReturnValue:
    """Find a report or response by reference, show what is held, erase it once confirmed."""
    form = ErasureForm(data={"reference": request.args.get("reference", "")})
    if request.method == "GET" or not form.validate():
        return _erasure_page(form)
    try:
        found = erasure.find_sent(db.session, form.reference.data or "")
    except SubmissionNotFound as error:
        form.reference.errors = [str(error)]
        return _erasure_page(form)
    if request.form.get("action") != "erase":
        return _erasure_page(form, found)
    if not form.confirmed.data:
        form.confirmed.errors = ["Tick to confirm the person asked for this and it is theirs"]
        return _erasure_page(form, found)
    reference = erasure.erase_on_request(db.session, found, current_staff())
    db.session.commit()
    write_deletions_to_disk(db.engine)
    flash(f"{reference} is erased. Only an entry in the audit log remains.", "success")
    return redirect(url_for("staff.erase_on_request"))


def _erasure_page(form: ErasureForm, found: erasure.Holdings | None = None) -> str:
    return render_template(
        "staff/retention/erasure.html", form=form, found=found, errors=form_error_summary(form)
    )
