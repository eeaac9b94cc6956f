"""Parsing raw answers: every type's values, and the message for every mistake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from surveys import AnswerError, Flow, FormDefinition

Build = Callable[..., FormDefinition]
CHOICES = [{"value": v, "label": v.title()} for v in ("asb", "drugs", "parking")]


@pytest.fixture
def parse(build: Build) -> Callable[..., Any]:
    """Parse a raw answer to a question "q" labelled "Q" with the given keys."""

    def parse(raw: Any, kind: str, **keys: Any) -> Any:
        definition = build({"id": "q", "type": kind, "label": "Q", **keys})
        return Flow(definition).parse(definition.question("q"), raw)

    return parse


def error(parse: Callable[..., Any], raw: Any, kind: str, **keys: Any) -> str:
    """The message of the AnswerError a raw answer raises."""
    with pytest.raises(AnswerError) as caught:
        parse(raw, kind, **keys)
    return caught.value.message


@pytest.mark.parametrize("raw", [None, "", "   ", [], [""], ["  "]])
@pytest.mark.parametrize(
    ("kind", "keys", "message"),
    [
        ("single_choice", {"options": CHOICES}, "Select an answer for “Q”"),
        ("multiple_choice", {"options": CHOICES}, "Select an answer for “Q”"),
        ("scale", {"scale": "agreement"}, "Select an answer for “Q”"),
        ("yes_no", {}, "Select an answer for “Q”"),
        ("free_text", {}, "Enter an answer for “Q”"),
        ("number", {}, "Enter an answer for “Q”"),
        ("date", {}, "Enter an answer for “Q”"),
        ("postcode", {}, "Enter an answer for “Q”"),
        ("consent", {}, "You must agree to “Q” to continue"),
    ],
)
def test_blank(
    parse: Callable[..., Any], raw: Any, kind: str, keys: dict[str, Any], message: str
) -> None:
    assert parse(raw, kind, **keys) is None
    assert error(parse, raw, kind, required=True, **keys) == message


def test_blank_date_as_the_web_sends_it(parse: Callable[..., Any]) -> None:
    assert parse("//", "date") is None
    assert error(parse, " / / ", "date", required=True) == "Enter an answer for “Q”"


def test_message_names_the_question_in_the_flow_language(build: Build) -> None:
    definition = build(
        {"id": "q", "type": "yes_no", "label": {"en": "Q", "pa": "ਸਵਾਲ"}, "required": True}
    )
    with pytest.raises(AnswerError, match="Select an answer for “ਸਵਾਲ”"):
        Flow(definition, "pa").parse(definition.question("q"), "")


def test_single_choice(parse: Callable[..., Any]) -> None:
    assert parse(" drugs ", "single_choice", options=CHOICES) == "drugs"
    assert parse(["drugs"], "single_choice", options=CHOICES) == "drugs"
    assert (
        error(parse, "<b>x</b>", "single_choice", options=CHOICES)
        == "Select an option from the list"
    )
    assert (
        error(parse, ["asb", "drugs"], "single_choice", options=CHOICES)
        == "Give one answer for “Q”"
    )


def test_single_choice_other(parse: Callable[..., Any]) -> None:
    assert parse("other", "single_choice", options=CHOICES, other=True) == "other"
    assert (
        error(parse, "other", "single_choice", options=CHOICES) == "Select an option from the list"
    )


def test_multiple_choice_in_option_order(parse: Callable[..., Any]) -> None:
    assert parse(["parking", "asb", "asb"], "multiple_choice", options=CHOICES) == [
        "asb",
        "parking",
    ]
    assert parse("drugs", "multiple_choice", options=CHOICES) == ["drugs"]
    assert (
        error(parse, ["asb", "x"], "multiple_choice", options=CHOICES)
        == "Select an option from the list"
    )


def test_multiple_choice_limits(parse: Callable[..., Any]) -> None:
    keys = {"options": CHOICES, "min_selections": 2, "max_selections": 2}
    assert error(parse, ["asb"], "multiple_choice", **keys) == "Select at least 2 options"
    assert (
        error(parse, ["asb", "drugs", "parking"], "multiple_choice", **keys)
        == "Select no more than 2 options"
    )
    one = {"options": CHOICES, "min_selections": 1, "max_selections": 1}
    assert (
        error(parse, ["asb", "drugs"], "multiple_choice", **one) == "Select no more than 1 option"
    )
    assert parse([], "multiple_choice", **keys) is None


def test_scale(parse: Callable[..., Any]) -> None:
    assert parse("strongly-agree", "scale", scale="agreement") == "strongly-agree"
    assert error(parse, "agree-ish", "scale", scale="agreement") == "Select an option from the list"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("yes", True), ("Y", True), ("TRUE", True), ("no", False), ("n", False), (" False ", False)],
)
def test_yes_no(parse: Callable[..., Any], raw: str, value: bool) -> None:
    assert parse(raw, "yes_no") is value


def test_yes_no_other_text(parse: Callable[..., Any]) -> None:
    assert error(parse, "maybe", "yes_no") == "Select yes or no for “Q”"


def test_consent(parse: Callable[..., Any]) -> None:
    assert parse("yes", "consent", required=True) is True
    assert parse("on", "consent") is True
    assert parse("no", "consent") is False
    assert error(parse, "no", "consent", required=True) == "You must agree to “Q” to continue"
    assert error(parse, "perhaps", "consent") == "Select an option from the list"


def test_free_text(parse: Callable[..., Any]) -> None:
    assert parse("  Too far away \n", "free_text") == "Too far away"
    assert parse("x" * 500, "free_text") == "x" * 500
    assert error(parse, "x" * 501, "free_text") == "“Q” must be 500 characters or fewer"
    assert parse("x" * 5000, "free_text", long=True) == "x" * 5000
    assert (
        error(parse, "x" * 5001, "free_text", long=True) == "“Q” must be 5,000 characters or fewer"
    )
    assert (
        error(parse, "x" * 11, "free_text", max_length=10) == "“Q” must be 10 characters or fewer"
    )


def test_free_text_control_characters_become_spaces(parse: Callable[..., Any]) -> None:
    # PostgreSQL cannot store NUL, and a spreadsheet export refuses the others.
    assert parse("Too\x00far\x0baway\x1b", "free_text") == "Too far away"
    assert parse("line one\r\n\tline two", "free_text") == "line one\r\n\tline two"
    assert error(parse, "\x00\x08", "free_text", required=True) == "Enter an answer for “Q”"


def test_other_follow_up_limit(build: Build) -> None:
    definition = build(
        {"id": "q", "type": "single_choice", "label": "Q", "options": CHOICES, "other": True}
    )
    follow_up = definition.question("q_other")
    with pytest.raises(AnswerError, match="“Please specify” must be 200 characters or fewer"):
        Flow(definition).parse(follow_up, "x" * 201)
    with pytest.raises(AnswerError, match="Enter an answer for “Please specify”"):
        Flow(definition).parse(follow_up, " ")


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), (" 1,234 ", 1234), ("-3", -3), ("12.0", 12), ("1,000,000", 1000000)],
)
def test_whole_number(parse: Callable[..., Any], raw: str, value: int) -> None:
    parsed = parse(raw, "number")
    assert parsed == value and isinstance(parsed, int)


@pytest.mark.parametrize("raw", ["12.5", "twelve", "1,23", "12,", "1e3", "--1", "0x10"])
def test_not_a_whole_number(parse: Callable[..., Any], raw: str) -> None:
    assert error(parse, raw, "number") == "Enter a whole number, like 12"


def test_decimal_number(parse: Callable[..., Any]) -> None:
    assert parse("1,234.5", "number", integer=False) == 1234.5
    assert parse("3", "number", integer=False) == 3.0
    assert error(parse, "about 3", "number", integer=False) == "Enter a number, like 12.5"


@pytest.mark.parametrize("integer", [True, False])
@pytest.mark.parametrize("digits", [16, 309, 4301])
def test_number_too_long(parse: Callable[..., Any], integer: bool, digits: int) -> None:
    # Beyond 15 digits a number rounds as a float, then becomes infinity, then cannot be text.
    message = "Enter a number with 15 digits or fewer"
    assert error(parse, "9" * digits, "number", integer=integer) == message
    assert error(parse, "-" + "9" * digits, "number", integer=integer) == message
    assert parse("999,999,999,999,999", "number", integer=integer) == 999_999_999_999_999


def test_number_range(parse: Callable[..., Any]) -> None:
    assert parse("100", "number", min=0, max=100) == 100
    assert error(parse, "101", "number", min=0, max=100) == "Enter a number between 0 and 100"
    assert error(parse, "-1", "number", min=0) == "Enter a number that is 0 or more"
    assert error(parse, "1,001", "number", max=1000) == "Enter a number that is 1,000 or less"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("27/3/2024", date(2024, 3, 27)),
        (" 27 / 03 / 2024 ", date(2024, 3, 27)),
        ("2024-03-27", date(2024, 3, 27)),
        ("27-3-2024", date(2024, 3, 27)),
        ("27.3.2024", date(2024, 3, 27)),
        ("27 March 2024", date(2024, 3, 27)),
        ("27 mar 2024", date(2024, 3, 27)),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_date(parse: Callable[..., Any], raw: str, value: date) -> None:
    assert parse(raw, "date") == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("21//2024", "The date must include a month"),
        ("/3/", "The date must include a day and year"),
        ("21/3/", "The date must include a year"),
        ("31/2/2024", "The date must be a real date, like 27/3/2024"),
        ("29/2/2023", "The date must be a real date, like 27/3/2024"),
        ("27/13/2024", "The date must be a real date, like 27/3/2024"),
        ("27/ma/2024", "The date must be a real date, like 27/3/2024"),
        ("yesterday", "The date must be a real date, like 27/3/2024"),
        ("27/3", "The date must be a real date, like 27/3/2024"),
        ("<script>", "The date must be a real date, like 27/3/2024"),
        ("27/3/24", "The year must include 4 numbers, like 2024"),
        ("27/" + "0" * 4301 + "3/2024", "The date must be a real date, like 27/3/2024"),
        ("9" * 4301 + "/3/2024", "The date must be a real date, like 27/3/2024"),
    ],
)
def test_date_mistakes(parse: Callable[..., Any], raw: str, message: str) -> None:
    assert error(parse, raw, "date") == message


def test_date_not_in_the_future(parse: Callable[..., Any]) -> None:
    today = date.today()
    tomorrow = today + timedelta(days=1)
    assert parse(today.isoformat(), "date", not_future=True) == today
    assert parse(tomorrow.isoformat(), "date") == tomorrow
    message = error(parse, tomorrow.isoformat(), "date", not_future=True)
    assert message == "The date must be today or in the past"


@pytest.mark.parametrize(
    ("raw", "postcode"),
    [
        ("wv1 1rp", "WV1 1RP"),
        ("WV11RP", "WV1 1RP"),
        ("  wv10   9aa ", "WV10 9AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("w1a 0ax", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B338TH", "B33 8TH"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcode(parse: Callable[..., Any], raw: str, postcode: str) -> None:
    assert parse(raw, "postcode") == postcode


@pytest.mark.parametrize("raw", ["WV1", "WV1 1R", "12345", "WV1 1RPX", "WI1 1RP", "<b>WV1</b>"])
def test_not_a_postcode(parse: Callable[..., Any], raw: str) -> None:
    assert error(parse, raw, "postcode") == "Enter a full UK postcode, like WV1 1RP"


def test_ward(build: Build) -> None:
    options = [{"value": "park", "label": "Park"}, {"value": "penn", "label": "Penn"}]
    definition = build({"id": "q", "type": "ward", "label": "Q", "options": options})
    flow = Flow(definition)
    assert flow.parse(definition.question("q"), "penn") == "penn"
    with pytest.raises(AnswerError, match="Select an option from the list"):
        flow.parse(definition.question("q"), "Penn")
