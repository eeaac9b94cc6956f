"""The form of the consultation pages: the questions, the address, the title and the dates.

Dates and times are typed in UK time, as a GOV.UK date input (`opens_at-day`, `-month`,
`-year`) and a time box (`opens_at-time`), and read as the UTC moments the database keeps.
"""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from engage.wording import UK
from surveys.dates import date_from_parts
from surveys.form_errors import AnswerError

TIME_SHAPE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?", re.IGNORECASE)
NAMED_TIMES = {"midday": time(12), "noon": time(12), "midnight": time(0)}
DATE_PARTS = ("day", "month", "year")


class TypedBoxes(Field):
    """A field whose boxes are named after it with a suffix (`NAME-day`, `NAME-time`), as the
    GOV.UK date input names them; it keeps what was typed, to show it again."""

    suffixes: tuple[str, ...] = ()

    def __init__(self, label: str, word: str, box_of: str | None = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.word = word
        self.box_of = box_of

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[str] = []
        self.object_data = None if data is unset_value else data
        prefix = self.box_of or self.name
        source = formdata if formdata is not None else {}
        self.typed = {s: str(source.get(f"{prefix}-{s}", "")).strip() for s in self.suffixes}
        self.given = any(f"{prefix}-{s}" in source for s in self.suffixes)
        self.data: Any = None


class UkDate(TypedBoxes):
    """A date in three boxes."""

    suffixes = DATE_PARTS

    def pre_validate(self, form: Any) -> None:
        if not any(self.typed.values()):
            raise ValidationError(f"Enter the {self.word} date")
        day, month, year = (self.typed[part] for part in DATE_PARTS)
        try:
            self.data = date_from_parts(day, month, year, f"{self.word.capitalize()} date")
        except AnswerError as error:
            raise ValidationError(str(error)) from None


class TimeOfDay(TypedBoxes):
    """A time of day as people type it: 9am, 9:30am, 9.30 pm, 17:30, midday."""

    suffixes = ("time",)

    def pre_validate(self, form: Any) -> None:
        typed = self.typed["time"]
        if not typed:
            raise ValidationError(f"Enter the {self.word} time")
        self.data = read_time(typed)
        if self.data is None:
            raise ValidationError(
                f"Enter the {self.word} time as a real time, like 9:30am or 17:30"
            )


class ConsultationForm(FlaskForm):
    """A new consultation, or its dates; the service checks what needs the database."""

    form = StringField("Questions")
    title = StringField("Title")
    slug = StringField("Web address")
    summary = StringField("Summary")
    opens_at = UkDate("Opening date", "opening")
    opens_at_time = TimeOfDay("Opening time", "opening", box_of="opens_at")
    closes_at = UkDate("Closing date", "closing")
    closes_at_time = TimeOfDay("Closing time", "closing", box_of="closes_at")

    def moment(self, name: str) -> datetime | None:
        """The opening or closing moment typed, in UTC; None until both boxes are right."""
        day: date | None = self[name].data
        at: time | None = self[f"{name}_time"].data
        if day is None or at is None:
            return None
        return datetime.combine(day, at, tzinfo=UK).astimezone(UTC).replace(tzinfo=None)

    def text(self, name: str) -> str:
        return str(self[name].data or "").strip()


def read_time(typed: str) -> time | None:
    """A time of day as people type it, or None if it is not one."""
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


def moment_values(name: str, moment: datetime) -> Mapping[str, str]:
    """A stored moment as the date and time boxes show it, in UK time."""
    local = moment.replace(tzinfo=UTC).astimezone(UK)
    return {
        f"{name}-day": str(local.day),
        f"{name}-month": str(local.month),
        f"{name}-year": str(local.year),
        f"{name}-time": local.strftime("%I:%M%p").lstrip("0").lower(),
    }
