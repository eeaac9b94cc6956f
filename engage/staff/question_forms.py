"""The builder's forms: a form's title, a section, and a question of any type.

A question form reads what an officer typed into the question's source, as a definition file
would hold it; whether that source is right is then the loader's to say, in
`engage.services.consultations.drafting`, so the browser and `engage forms load` agree.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from surveys import QuestionType, editing
from surveys.scales import SCALES
from surveys.schema import BOOLEAN_TYPES, CHOICE_TYPES

LABEL_LENGTH = 1000
HINT_LENGTH = 2000
TYPE_NAMES = {
    QuestionType.SINGLE_CHOICE: "One answer from a list",
    QuestionType.MULTIPLE_CHOICE: "Several answers from a list",
    QuestionType.FREE_TEXT: "Text",
    QuestionType.SCALE: "A scale, like strongly agree to strongly disagree",
    QuestionType.YES_NO: "Yes or no",
    QuestionType.NUMBER: "A number",
    QuestionType.DATE: "A date",
    QuestionType.CONSENT: "Consent (a box to tick to agree)",
    QuestionType.WARD: "Ward (Wolverhampton's wards)",
    QuestionType.POSTCODE: "Postcode",
}
SCALE_CHOICES = {
    "agreement": "Strongly agree to strongly disagree, and don't know",
    "own": "Its own answers, listed below in order",
}
# What each type shows on the page beyond the label, the hint and whether it must be answered.
TYPE_FIELDS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.SINGLE_CHOICE: ("options", "other"),
    QuestionType.MULTIPLE_CHOICE: ("options", "other", "min_selections", "max_selections"),
    QuestionType.FREE_TEXT: ("long", "max_length"),
    QuestionType.SCALE: ("scale", "options"),
    QuestionType.NUMBER: ("minimum", "maximum", "whole_numbers"),
    QuestionType.DATE: ("not_future",),
}


class WholeNumber(StringField):
    """A box for a whole number of 0 or more, or nothing."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.typed = str(valuelist[0]).strip() if valuelist else ""
        self.data: int | None = None
        if self.typed:
            if not self.typed.isdigit() or len(self.typed) > 9:
                raise ValueError(f"{self.label.text} must be a whole number, like 3")
            self.data = int(self.typed)

    def _value(self) -> str:
        return getattr(self, "typed", "") or ("" if self.data is None else str(self.data))


class Number(StringField):
    """A box for a number, maybe with decimals or a minus sign, or nothing."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.typed = str(valuelist[0]).strip().replace(",", "") if valuelist else ""
        self.data: int | float | None = None
        if self.typed:
            try:
                number = Decimal(self.typed)
            except InvalidOperation:
                raise ValueError(f"{self.label.text} must be a number, like 10") from None
            if not number.is_finite() or abs(number) >= 10**15:
                raise ValueError(f"{self.label.text} must be a number below 1,000,000,000,000,000")
            self.data = int(number) if number == number.to_integral() else float(number)

    def _value(self) -> str:
        return getattr(self, "typed", "") or ("" if self.data is None else str(self.data))


class TitleForm(FlaskForm):  # type: ignore[misc]
    """A new form's title."""

    title = StringField(
        "Title", validators=[DataRequired("Enter a title for the form"), Length(max=300)]
    )


class SectionForm(FlaskForm):  # type: ignore[misc]
    """A section's title and description."""

    title = StringField(
        "Section title",
        validators=[
            DataRequired("Enter a title for the section"),
            Length(max=300, message="The section title must be 300 characters or fewer"),
        ],
    )
    description = TextAreaField("Description (optional)", validators=[Length(max=HINT_LENGTH)])

    def source(self, section_id: str, old: dict[str, Any] | None) -> dict[str, Any]:
        """The section as a definition holds it."""
        old = old or {}
        section: dict[str, Any] = {"id": section_id, "title": _text(self.title.data, old, "title")}
        if (self.description.data or "").strip():
            section["description"] = _text(self.description.data, old, "description")
        return section


class QuestionForm(FlaskForm):  # type: ignore[misc]
    """One question: the boxes every type has, and those only some types show."""

    label = TextAreaField(
        "Question",
        validators=[
            DataRequired("Enter the question"),
            Length(max=LABEL_LENGTH, message="The question must be 1,000 characters or fewer"),
        ],
    )
    hint = TextAreaField(
        "Hint (optional)",
        validators=[Length(max=HINT_LENGTH, message="The hint must be 2,000 characters or fewer")],
    )
    required = BooleanField("People must answer this question")
    options = TextAreaField("Answers to choose from")
    other = BooleanField("Add “Other”, with a box to say what")
    min_selections = WholeNumber("Fewest answers people must choose")
    max_selections = WholeNumber("Most answers people may choose")
    long = BooleanField("Allow a long answer (a bigger box)")
    max_length = WholeNumber("Most characters")
    scale = StringField("Scale", default="agreement")
    minimum = Number("Lowest number allowed")
    maximum = Number("Highest number allowed")
    whole_numbers = BooleanField("Whole numbers only", default=True)
    not_future = BooleanField("The date cannot be in the future")

    def __init__(self, kind: QuestionType, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def shown(self, name: str) -> bool:
        """Whether a type-specific box is on this type's page."""
        return name in TYPE_FIELDS.get(self.kind, ())

    def validate_scale(self, field: Field) -> None:
        if self.shown("scale") and field.data not in SCALE_CHOICES:
            raise ValidationError("Choose the scale's answers")

    def validate_options(self, field: Field) -> None:
        if self._needs_options() and not _lines(field.data):
            raise ValidationError("Enter the answers to choose from, one on each line")

    def _needs_options(self) -> bool:
        if self.kind == QuestionType.SCALE:
            return self.scale.data == "own"
        return self.shown("options")

    def fill(self, question: dict[str, Any]) -> None:
        """Show a stored question in the boxes."""
        self.label.data = editing.english(question.get("label"))
        self.hint.data = editing.english(question.get("hint"))
        self.required.data = bool(question.get("required"))
        self.options.data = "\n".join(
            editing.english(o.get("label")) for o in _own_options(question)
        )
        self.other.data = bool(question.get("other"))
        self.scale.data = "own" if "options" in question else "agreement"
        self.long.data = bool(question.get("long"))
        self.whole_numbers.data = question.get("integer", True)
        self.not_future.data = bool(question.get("not_future"))
        for name, key in NUMBERS.items():
            self[name].data = question.get(key)

    def source(self, question_id: str, old: dict[str, Any] | None) -> dict[str, Any]:
        """The question as a definition holds it, keeping what the page does not show."""
        old = old or {}
        question: dict[str, Any] = {
            "id": question_id,
            "type": str(self.kind),
            "label": _text(self.label.data, old, "label"),
        }
        if (self.hint.data or "").strip():
            question["hint"] = _text(self.hint.data, old, "hint")
        if self.required.data:
            question["required"] = True
        question.update(self._type_settings(old))
        for kept in ("show_if", "list"):
            if kept in old:
                question[kept] = old[kept]
        return question

    def _type_settings(self, old: dict[str, Any]) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        if self._needs_options():
            settings["options"] = editing.options_from_lines(
                _lines(self.options.data), _own_options(old)
            )
        if self.kind == QuestionType.SCALE and self.scale.data != "own":
            settings["scale"] = "agreement"
        if self.kind == QuestionType.WARD:
            settings["options"] = old.get("options") or editing.shared_list()
        flags = {"other": self.other, "long": self.long, "not_future": self.not_future}
        settings.update({key: True for key, box in flags.items() if self.shown(key) and box.data})
        if self.shown("whole_numbers") and not self.whole_numbers.data:
            settings["integer"] = False
        for name, key in NUMBERS.items():
            if self.shown(name) and self[name].data is not None:
                settings[key] = self[name].data
        return settings


NUMBERS = {
    "min_selections": "min_selections",
    "max_selections": "max_selections",
    "max_length": "max_length",
    "minimum": "min",
    "maximum": "max",
}


def answer_values(question: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers a rule can compare with: a choice's options, or yes and no."""
    if question.get("type") in {str(t) for t in BOOLEAN_TYPES}:
        return [("true", "Yes"), ("false", "No")]
    if question.get("type") in {str(t) for t in CHOICE_TYPES}:
        options = question.get("options") or []
        values = [(str(o["value"]), editing.english(o.get("label"))) for o in options]
        if question.get("scale") == "agreement" and not options:
            values = [(o.value, o.label.get()) for o in SCALES["agreement"]]
        if question.get("other"):
            values.append(("other", "Other"))
        return values
    return []


def _own_options(question: dict[str, Any]) -> list[dict[str, Any]]:
    if question.get("type") == str(QuestionType.WARD):
        return []
    return list(question.get("options") or [])


def _text(typed: str | None, old: dict[str, Any], key: str) -> dict[str, str]:
    """A text in English as typed, with its translations while the English is unchanged."""
    english = (typed or "").strip().replace("\r\n", "\n")
    before = old.get(key)
    if isinstance(before, dict) and before.get("en") == english:
        return dict(before)
    return {"en": english}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


RULE_WAYS = {
    "is": "is one of the answers ticked",
    "is_not": "is not the answer ticked",
    "answered": "was answered, whatever the answer",
    "not_answered": "was not answered (skipped)",
}


def read_rule(
    target: dict[str, Any], way: str, ticked: list[str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The `show_if` an officer chose about an earlier question, or what to fix in the choice."""
    values = dict(answer_values(target))
    if way == "answered" or way == "not_answered":
        return {"question": target["id"], "answered": way == "answered"}, {}
    if way not in ("is", "is_not") or not values:
        return None, {"way": "Choose when the question is asked"}
    chosen = [_typed_value(target, value) for value in ticked if value in values]
    if not chosen:
        return None, {"answers": "Tick the answer that means the question is asked"}
    if way == "is_not":
        if len(chosen) > 1:
            return None, {"answers": "Tick one answer only, for “is not the answer ticked”"}
        return {"question": target["id"], "not_equals": chosen[0]}, {}
    if len(chosen) == 1:
        return {"question": target["id"], "equals": chosen[0]}, {}
    return {"question": target["id"], "any_of": chosen}, {}


def rule_ways(target: dict[str, Any]) -> dict[str, str]:
    """The ways a rule can use an earlier question: its answers only where it has a list."""
    if answer_values(target):
        return RULE_WAYS
    return {k: v for k, v in RULE_WAYS.items() if k in ("answered", "not_answered")}


def _typed_value(target: dict[str, Any], value: str) -> Any:
    if target.get("type") in {str(t) for t in BOOLEAN_TYPES}:
        return value == "true"
    return value


def rule_choice(rule: Any) -> tuple[str, list[str]]:
    """How a stored `show_if` shows on the rule page: its way and its ticked answers."""
    if not isinstance(rule, dict):
        return "", []
    if "answered" in rule:
        return ("answered" if rule["answered"] else "not_answered"), []
    if "not_equals" in rule:
        return "is_not", [_as_typed(rule["not_equals"])]
    wanted = rule.get("any_of", [rule.get("equals")])
    return "is", [_as_typed(v) for v in wanted] if isinstance(wanted, list) else []


def _as_typed(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
