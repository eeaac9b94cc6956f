"""Dates as people write them ("27/3/2024", "27 March 2024", "2024-03-27") and read them."""

from __future__ import annotations

import re
from datetime import date

from surveys.form_errors import AnswerError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
DIGITS = re.compile(r"[0-9]+")


def is_blank_date(text: str) -> bool:
    """Whether a date was left blank, as the web sends it when day, month and year are empty."""
    return not text.replace("/", "").strip()


def parse_date(text: str, not_future: bool, subject: str = "The date") -> date:
    """A date typed as day/month/year (or year-month-day); raise `AnswerError` saying what to
    fix, naming the date as `subject` ("The date", "Opening date")."""
    day, month, year = _parts(text.strip(), subject)
    return date_from_parts(day, month, year, subject, not_future, example="27/3/2024")


def date_from_parts(
    day: str,
    month: str,
    year: str,
    subject: str = "The date",
    not_future: bool = False,
    example: str = "27 3 2024",
) -> date:
    """A date from its day, month and year as typed in three boxes: the one reading of a date
    that the flow, the bot and the staff pages share, in the GOV.UK pattern's words."""
    day, month, year = day.strip(), month.strip(), year.strip()
    missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
    if missing:
        raise AnswerError(f"{subject} must include a {' and '.join(missing)}")
    real_date = f"{subject} must be a real date, like {example}"
    month_number = _month_number(month)
    if not DIGITS.fullmatch(day) or not DIGITS.fullmatch(year) or month_number is None:
        raise AnswerError(real_date)
    if len(year) != 4:
        raise AnswerError("The year must include 4 numbers, like 2024")
    try:
        value = date(int(year), month_number, int(day))
    except ValueError:
        raise AnswerError(real_date) from None
    if not_future and value > date.today():
        raise AnswerError(f"{subject} must be today or in the past")
    return value


def format_date(value: date) -> str:
    """A date as people read it, like "3 March 2024"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _parts(text: str, subject: str) -> tuple[str, str, str]:
    """The day, month and year written in a date, each possibly empty."""
    iso = ISO_DATE.fullmatch(text)
    if iso:
        return iso[3], iso[2], iso[1]
    for separator in ("/", "-", ".", None):
        parts = [part.strip() for part in text.split(separator)]
        if len(parts) == 3:
            return parts[0], parts[1], parts[2]
        if separator is not None and len(parts) > 1:
            break
    raise AnswerError(f"{subject} must be a real date, like 27/3/2024")


def _month_number(month: str) -> int | None:
    """The number of a month written as a number or a name ("3", "Mar", "March")."""
    if DIGITS.fullmatch(month):
        # Two digits at most: a long run of them is not a month, nor always an int Python makes.
        return int(month) if len(month) <= 2 and 1 <= int(month) <= 12 else None
    for number, name in enumerate(MONTHS, start=1):
        if len(month) >= 3 and name.lower().startswith(month.lower()):
            return number
    return None
