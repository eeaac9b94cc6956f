"""Turns the questions of a flow step into a WTForms form rendered with GOV.UK components."""

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

import surveys
from surveys import QuestionType
from surveys.schema import text_limit

CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.SCALE, QuestionType.WARD}


class DayMonthYearField(Field):
    """Three boxes for day, month and year, handed to the flow as "day/month/year"."""

    widget = GovDateInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = (list(valuelist) + ["", "", ""])[:3]
        self.raw_data = parts
        self.data = "/".join(part.strip() for part in parts) if any(parts) else ""

    def _value(self) -> str:
        return ""


class BoundedEcho:
    """A text field that, sent back with an error, shows at most twice the answer's limit:
    enough to see where it runs over and shorten it, never megabytes echoed back whole."""

    data: str | None

    def __init__(self, *args: Any, echo_limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.echo_limit = echo_limit

    def _value(self) -> str:
        return (self.data or "")[: self.echo_limit]


class BoundedStringField(BoundedEcho, StringField):
    pass


class BoundedTextAreaField(BoundedEcho, TextAreaField):
    pass


def step_form(flow: surveys.Flow, step: surveys.Step, answers: dict[str, Any]) -> FlaskForm:
    """A form for one step, filled from the answers already given."""

    class StepForm(FlaskForm):
        pass

    for question in step.questions:
        setattr(StepForm, question.id, _field(flow, question))
    initial = {q.id: _initial(q, answers[q.id]) for q in step.questions if q.id in answers}
    return StepForm(data=initial)


def raw_answer(question: surveys.Question, field: Field) -> str | list[str]:
    """What the person entered for a question, in the form the flow parses."""
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return list(field.data or [])
    if question.type is QuestionType.CONSENT:
        return "yes" if field.data else ""
    return field.data or ""


def field_params(flow: surveys.Flow, question: surveys.Question, single: bool) -> dict:
    """GOV.UK macro options: the question as the page heading when it is alone on the page."""
    label = flow.text(question.label) or ""
    if not question.required:
        label += " (optional)"
    size = "l" if single else "m"
    heading = {"text": label, "classes": f"govuk-label--{size}", "isPageHeading": single}
    if question.type in CHOICE_TYPES | {
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.YES_NO,
        QuestionType.DATE,
        QuestionType.CONSENT,
    }:
        legend = {**heading, "classes": f"govuk-fieldset__legend--{size}"}
        return {"fieldset": {"legend": legend}, **_extra_params(question)}
    return {"label": heading, **_extra_params(question)}


def _field(flow: surveys.Flow, question: surveys.Question) -> Field:
    hint = flow.text(question.hint) or ""
    label = flow.text(question.label)
    if question.type in CHOICE_TYPES | {QuestionType.YES_NO}:
        return RadioField(
            label,
            choices=_choices(flow, question),
            description=hint,
            widget=GovRadioInput(),
            validate_choice=False,
        )
    if question.type in {QuestionType.MULTIPLE_CHOICE, QuestionType.CONSENT}:
        return SelectMultipleField(
            label,
            choices=_choices(flow, question),
            description=hint,
            widget=GovCheckboxesInput(),
            validate_choice=False,
        )
    if question.type is QuestionType.DATE:
        return DayMonthYearField(label, description=hint)
    if question.type is QuestionType.FREE_TEXT:
        field = BoundedTextAreaField if question.long else BoundedStringField
        widget = GovCharacterCount() if question.long else GovTextInput()
        return field(label, description=hint, widget=widget, echo_limit=2 * text_limit(question))
    return StringField(label, description=hint, widget=GovTextInput())


def _choices(flow: surveys.Flow, question: surveys.Question) -> list[SelectChoice]:
    if question.type is QuestionType.YES_NO:
        return [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
    if question.type is QuestionType.CONSENT:
        return [SelectChoice("yes", "Yes, I agree")]
    return [
        SelectChoice(option.value, flow.text(option.label) or option.value)
        for option in question.options
    ]


def _initial(question: surveys.Question, value: Any) -> Any:
    if value is None:
        return None
    if question.type is QuestionType.YES_NO:
        return "yes" if value else "no"
    if question.type is QuestionType.CONSENT:
        return ["yes"] if value else []
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, list) else str(value)


def _extra_params(question: surveys.Question) -> dict:
    if question.type is QuestionType.FREE_TEXT and question.long:
        return {"maxlength": text_limit(question), "rows": 6}
    if question.type is QuestionType.NUMBER:
        return {
            "inputmode": "decimal" if not question.integer else "numeric",
            "classes": "govuk-input--width-5",
            "spellcheck": False,
        }
    if question.type is QuestionType.POSTCODE:
        return {
            "autocomplete": "postal-code",
            "classes": "govuk-input--width-10",
            "spellcheck": False,
        }
    return {}
