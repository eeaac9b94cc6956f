"""XLSForm's `relevant` and `constraint` expressions: which Engage reads, and as what."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.xlsform_expressions import (
    Rule,
    quoted,
    read_constraint,
    read_relevant,
    relevant_text,
    show_if,
)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("${q} = 'a'", Rule("q", "equals", "a")),
        ('${q}="a"', Rule("q", "equals", "a")),
        ("  ${ q } = 'a'  ", Rule("q", "equals", "a")),
        ("${q} != 'a'", Rule("q", "not_equals", "a")),
        ("${q} = 3", Rule("q", "equals", 3)),
        ("${q} = -2.5", Rule("q", "equals", -2.5)),
        ("${q} = 'a' OR ${q} = 'b' or ${q}='c'", Rule("q", "any_of", ("a", "b", "c"))),
        ("selected(${q}, 'a')", Rule("q", "equals", "a", selected=True)),
        ("selected( ${q} ,'a' ) or selected(${q}, 'b')", Rule("q", "any_of", ("a", "b"), True)),
        ("not(selected(${q}, 'a'))", Rule("q", "not_equals", "a", selected=True)),
        ("${q} != ''", Rule("q", "answered", True)),
        ('${q} = ""', Rule("q", "answered", False)),
        ("${q} = concat('it', \"'\", 's')", Rule("q", "equals", "it's")),
    ],
)
def test_relevants_engage_follows(text: str, rule: Rule) -> None:
    assert read_relevant(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "${q}",
        "${q} = 'a' and ${r} = 'b'",
        "${q} = 'a' or ${r} = 'b'",
        "${q} = 'a' or ${q} != 'b'",
        "${q} = '' or ${q} = 'a'",
        "${q} > 3",
        "${q} >= 18",
        "not(${q} = 'a')",
        "selected(${q})",
        "selected(${q}, 'a'",
        "count-selected(${q}) > 1",
        "string-length(${q}) > 0",
        "${q} = ${r}",
        "'a' = ${q}",
        "${q} = 'a' or",
        "(${q} = 'a')",
        "${q} = 'unclosed",
    ],
)
def test_relevants_engage_does_not_follow(text: str) -> None:
    assert read_relevant(text) is None


@pytest.mark.parametrize(
    ("rule", "target", "found"),
    [
        (Rule("q", "equals", "yes"), "yes_no", {"question": "q", "equals": True}),
        (Rule("q", "equals", "0"), "yes_no", {"question": "q", "equals": False}),
        (Rule("q", "equals", "OK"), "consent", {"question": "q", "equals": True}),
        (Rule("q", "equals", "5"), "number", {"question": "q", "equals": 5}),
        (Rule("q", "equals", 5), "single_choice", {"question": "q", "equals": "5"}),
        (Rule("q", "any_of", ("a", "b")), "ward", {"question": "q", "any_of": ["a", "b"]}),
        (Rule("q", "equals", "maybe"), "yes_no", {"question": "q", "equals": "maybe"}),
        (Rule("q", "equals", "a"), None, {"question": "q", "equals": "a"}),
    ],
)
def test_a_compared_value_becomes_what_the_question_gives(
    rule: Rule, target: str | None, found: dict[str, Any]
) -> None:
    # A value the question can never give ("maybe") is kept, for the loader to name.
    assert show_if(rule, "q", target) == found


@pytest.mark.parametrize(
    ("text", "kind", "settings", "unread"),
    [
        (". >= 0 and . <= 100", "number", {"min": 0, "max": 100}, []),
        ("(. >= 0.5) AND (.<=9.5)", "number", {"min": 0.5, "max": 9.5}, []),
        (". >= 0 and . != 5", "number", {"min": 0}, [". != 5"]),
        (". >= 0 and . >= 1", "number", {"min": 0}, [". >= 1"]),
        (". > 0", "number", {}, [". > 0"]),
        ("string-length(.) <= 200", "free_text", {"max_length": 200}, []),
        ("regex(., '^[0-9]+$')", "free_text", {}, ["regex(., '^[0-9]+$')"]),
        ("count-selected(.) <= 3", "multiple_choice", {"max_selections": 3}, []),
        (". <= today()", "date", {"not_future": True}, []),
        (". >= 0", "date", {}, [". >= 0"]),
        (". >= 0", "free_text", {}, [". >= 0"]),
    ],
)
def test_constraints_engage_checks(text: str, kind: str, settings: dict, unread: list) -> None:
    assert read_constraint(text, kind) == (settings, unread)


@given(text=st.text())
def test_any_text_compared_is_written_as_a_literal_that_reads_back(text: str) -> None:
    rule = read_relevant(relevant_text({"question": "q", "equals": text}, "free_text"))
    expected = Rule("q", "answered", False) if text == "" else Rule("q", "equals", text)
    assert rule == expected
    assert quoted(text).startswith(("'", '"', "concat("))
