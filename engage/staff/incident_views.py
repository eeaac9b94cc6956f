"""Incident trends for officers: reports by strand, type, ward, month, channel and centre,
the repeats among them to review, and downloads of the figures.

The filters live in the query string, so a view of the trends is an address to share.
"""

from datetime import UTC, datetime
from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms import Form
from wtforms.fields.choices import SelectChoice

from engage import clock
from engage.error_summary import form_error_summary
from engage.extensions import db
from engage.roles import ADMIN, OFFICER
from engage.services.incidents import exports as incident_exports
from engage.services.incidents import filters as incident_filters
from engage.services.incidents import trends as incident_trends
from engage.services.incidents.filters import IncidentFilters
from engage.services.incidents.repeats import REPEAT_DAYS, REPEAT_ROWS
from engage.services.reports import caseload
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.downloads import export_download
from engage.staff.report_forms import DayMonthYear, ListChoice
from engage.wording import CHANNEL_NAMES, UK


class IncidentFilterForm(Form):
    """The trends' filters, read from the query string; each one narrows the others."""

    strand = ListChoice("Strand")
    ward = ListChoice("Ward")
    channel = ListChoice("Channel")
    centre = ListChoice("Reporting centre")
    date_from = DayMonthYear("Received from")
    date_to = DayMonthYear("Received to")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors = [*self.date_to.errors, "Received to must be after received from"]
            return False
        return valid

    def filters(self) -> IncidentFilters:
        """The filters chosen, as the trends service takes them."""
        centre = self.centre.data or ""
        return IncidentFilters(
            strand=self.strand.data or None,
            ward=self.ward.data or None,
            channel=self.channel.data or None,
            centre_id=int(centre) if centre.isdigit() else None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


def _filter_form() -> IncidentFilterForm:
    form = IncidentFilterForm(request.args)
    names = incident_filters.option_names(db.session)
    form.strand.choices = _choices("Any strand", names[incident_filters.STRAND_QUESTION])
    form.ward.choices = _choices("Any ward", names[incident_filters.WARD_QUESTION])
    form.channel.choices = _choices("Any channel", CHANNEL_NAMES)
    centres = {str(c.id): c.name for c in caseload.centres(db.session)}
    form.centre.choices = _choices("Any centre", centres)
    return form


def _choices(anything: str, values: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice("", anything), *(SelectChoice(v, label) for v, label in values.items())]


@staff.get("/incidents")
@roles_required(OFFICER, ADMIN)
def incidents() -> ResponseReturnValue:
    """The trends of the reports the filters choose, and the repeats among them."""
    form = _filter_form()
    analysis = (
        incident_trends.analyse(db.session, current_staff(), form.filters())
        if form.validate()
        else None
    )
    return render_template(
        "staff/incidents/trends.html",
        form=form,
        analysis=analysis,
        errors=form_error_summary(form),
        export_url=_export_url,
        filtered=bool(_filters_only()),
        received_on=_received_on,
        repeat_days=REPEAT_DAYS,
        repeat_rows=REPEAT_ROWS,
    )


@staff.get("/incidents/<breakdown>.<any(csv, xlsx):file_format>")
@roles_required(OFFICER, ADMIN)
def export_incidents(breakdown: str, file_format: str) -> ResponseReturnValue:
    """One breakdown, or the whole analysis ("all"), as CSV or XLSX; written to the audit log."""
    if breakdown not in (incident_trends.ALL, *incident_trends.BREAKDOWNS):
        abort(404)
    form = _filter_form()
    if not form.validate():
        return incidents()
    export = incident_exports.export_trends(
        db.session, current_staff(), form.filters(), breakdown, file_format
    )
    db.session.commit()
    name = f"incident-trends-{breakdown}-{clock.now():%Y-%m-%d}"
    return export_download(export, file_format, name)


def _export_url(breakdown: str, file_format: str) -> str:
    """The download of a breakdown with the filters being shown."""
    return url_for(
        "staff.export_incidents", breakdown=breakdown, file_format=file_format, **_filters_only()
    )


def _filters_only() -> dict[str, Any]:
    args = request.args.to_dict(flat=False)
    return {key: values for key, values in args.items() if any(v.strip() for v in values)}


def _received_on(moment: datetime) -> str:
    """The UK day a report came in, like "3 Mar 2024"."""
    day = moment.replace(tzinfo=UTC).astimezone(UK)
    return f"{day.day} {day:%b %Y}"
