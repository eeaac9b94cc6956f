"""The forms of the staff report pages: the list's filters, casework actions and the audit log.

The casework forms only carry what was entered: the casework service decides whether it is
allowed and says what to fix. Every POST is checked for its CSRF token by `CSRFProtect`, so
the prefixed forms of the report page leave their own token check off.
"""

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    DateField,
    Form,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

import surveys
from engage.models import Report, ReportingCentre, User
from engage.services import audit
from engage.services.reports import caseload, casework
from surveys.dates import date_from_parts
from surveys.form_errors import AnswerError

NO_CSRF = {"csrf": False}


class DayMonthYear(DateField):
    """A date in three boxes (day, month, year) that share one name; blank is no date."""

    widget = GovDateInput()

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [part.strip() for part in (list(valuelist) + ["", "", ""])[:3]]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        try:
            self.data = date_from_parts(parts[0], parts[1], parts[2], str(self.label.text))
        except AnswerError as error:
            raise ValueError(str(error)) from None


class ListChoice(SelectField):
    """A select whose value must be one of its choices, or the message names the field."""

    widget = GovSelect()

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, choices=[], **kwargs)

    def pre_validate(self, form: Form) -> None:
        values = {choice.value for choice in self.choices or []}  # type: ignore[union-attr]
        if (self.data or "") not in values:
            raise ValidationError(f"Select a {self.label.text.lower()} from the list")


class ReportFilterForm(Form):
    """The list's filters, read from the query string."""

    status = ListChoice("Status")
    strand = ListChoice("Strand")
    ward = ListChoice("Ward")
    centre = ListChoice("Reporting centre")
    date_from = DayMonthYear("Reported from")
    date_to = DayMonthYear("Reported to")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors = [*self.date_to.errors, "Reported to must be after reported from"]
            return False
        return valid

    def filters(self) -> caseload.ReportFilters:
        """The filters chosen, as the casework service takes them."""
        centre = self.centre.data or ""
        return caseload.ReportFilters(
            status=self.status.data or None,
            strand=self.strand.data or None,
            ward=self.ward.data or None,
            centre_id=int(centre) if centre.isdigit() else None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


def report_filter_form(
    formdata: Any, flow: surveys.Flow | None, centres: list[ReportingCentre]
) -> ReportFilterForm:
    """The list's filter form, offering the statuses, strands, wards and centres there are."""
    form = ReportFilterForm(formdata)
    form.status.choices = _choices("Any status", casework.STATUS_NAMES.items())
    form.strand.choices = _choices("Any strand", _options(flow, caseload.STRAND_QUESTION))
    form.ward.choices = _choices("Any ward", _options(flow, caseload.WARD_QUESTION))
    form.centre.choices = _choices("Any centre", ((str(c.id), c.name) for c in centres))
    return form


def _choices(anything: str, values: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """A select's choices: "any" first, then each value with its label."""
    return [SelectChoice("", anything)] + [SelectChoice(value, label) for value, label in values]


def _options(flow: surveys.Flow | None, question_id: str) -> list[tuple[str, str]]:
    if flow is None:
        return []
    try:
        question = flow.definition.question(question_id)
    except KeyError:
        return []
    return [(option.value, flow.text(option.label) or option.value) for option in question.options]


class StatusForm(FlaskForm):
    to = RadioField(
        "What do you want to do?",
        widget=GovRadioInput(),
        choices=[],
        validate_choice=False,
        validators=[InputRequired("Select what to do with the report")],
    )
    outcome = RadioField(
        "Outcome",
        widget=GovRadioInput(),
        description="If you are closing the report.",
        choices=[SelectChoice(value, label) for value, label in casework.OUTCOMES.items()],
        validate_choice=False,
    )
    # The status the officer's page showed: the change is made only if it still has it.
    seen = HiddenField()


def status_form(report: Report, formdata: Any = None) -> StatusForm:
    """The form to move a report on, offering only the moves it can make."""
    form = StatusForm(formdata=formdata, prefix="status", meta=NO_CSRF)
    form.to.choices = [
        SelectChoice(move.to.value, move.action) for move in casework.moves_for(report)
    ]
    return form


class AssignForm(FlaskForm):
    assignee = SelectField(
        "Assigned officer", widget=GovSelect(), choices=[], validate_choice=False
    )
    # Who had the report on the officer's page: the change is made only if they still do.
    seen = HiddenField()

    def seen_assignee_id(self) -> int | None:
        """The assignee the page showed: None for nobody; UNSEEN if the page did not say."""
        if self.seen.data is None:
            return casework.UNSEEN
        return int(self.seen.data) if self.seen.data.isdigit() else None


def assign_form(officers: list[User], current: User | None, formdata: Any = None) -> AssignForm:
    """The form to give a report to an officer, or to nobody."""
    form = AssignForm(
        formdata=formdata,
        prefix="assign",
        meta=NO_CSRF,
        data={"assignee": str(current.id) if current else ""},
    )
    form.assignee.choices = _choices("Nobody", ((str(o.id), o.name) for o in officers))
    return form


class NoteForm(FlaskForm):
    text = TextAreaField("Add a note", widget=GovCharacterCount())


class RiskForm(FlaskForm):
    flag = HiddenField()


class PoliceReferenceForm(FlaskForm):
    police_reference = StringField(
        "Police reference",
        widget=GovTextInput(),
        description="The reference the police gave, when they give one. You can correct it later.",
    )


class LinkForm(FlaskForm):
    reference = StringField(
        "Link to another report about the same person",
        widget=GovTextInput(),
        description="The other report's reference, like ENG-7KQ4-MXA2.",
    )


def note_form(formdata: Any = None) -> NoteForm:
    return NoteForm(formdata=formdata, prefix="note", meta=NO_CSRF)


def risk_form(formdata: Any = None) -> RiskForm:
    return RiskForm(formdata=formdata, prefix="risk", meta=NO_CSRF)


def police_reference_form(current: str | None, formdata: Any = None) -> PoliceReferenceForm:
    return PoliceReferenceForm(
        formdata=formdata,
        prefix="reference",
        meta=NO_CSRF,
        data={"police_reference": current or ""},
    )


def link_form(formdata: Any = None) -> LinkForm:
    return LinkForm(formdata=formdata, prefix="link", meta=NO_CSRF)


class AuditFilterForm(Form):
    """The audit log's filters, read from the query string."""

    user = ListChoice("Member of staff")
    action = ListChoice("Action")
    date_from = DayMonthYear("From")
    date_to = DayMonthYear("To")

    def filters(self) -> audit.AuditFilters:
        user = self.user.data or ""
        return audit.AuditFilters(
            user_id=int(user) if user.isdigit() else None,
            action=self.action.data or None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


def audit_filter_form(formdata: Any, users: list[User]) -> AuditFilterForm:
    """The audit log's filter form, offering every member of staff and every action."""
    form = AuditFilterForm(formdata)
    form.user.choices = _choices("Anyone", ((str(u.id), f"{u.name} ({u.email})") for u in users))
    form.action.choices = _choices("Anything", audit.ACTIONS.items())
    return form
