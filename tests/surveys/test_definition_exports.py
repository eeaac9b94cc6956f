"""Exporting a definition as YAML and as XLSForm, and reading each back to the same form."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

import surveys
from surveys import (
    DEFINITIONS_DIR,
    Flow,
    FormDefinition,
    definition_from_dict,
    definition_xlsform,
    definition_yaml,
    load_definition,
    load_definition_bytes,
    load_xlsform,
)
from surveys.model import Condition

README = (Path(surveys.__file__).parent / "README.md").read_text()
README_EXAMPLE = re.search(r"```yaml\n(.*?)```", README, re.DOTALL)[1]
SHIPPED = sorted(path.stem for path in DEFINITIONS_DIR.glob("*.yaml"))


def shipped(name: str) -> FormDefinition:
    return load_definition(DEFINITIONS_DIR / f"{name}.yaml")


@pytest.fixture(scope="module")
def readme_example() -> FormDefinition:
    """The README's example, which has a question of every type, and its include."""
    return load_definition_bytes(README_EXAMPLE.encode(), "pact-feedback.yaml")


def sheet_rows(content: bytes, sheet: str) -> list[dict[str, Any]]:
    """A sheet of an exported workbook as a list of {heading: value} rows."""
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True))
    headings = rows[0]
    return [{h: v for h, v in zip(headings, row, strict=True) if v is not None} for row in rows[1:]]


def survey_row(content: bytes, name: str) -> dict[str, Any]:
    return next(row for row in sheet_rows(content, "survey") if row.get("name") == name)


def same_flow(one: FormDefinition, other: FormDefinition) -> None:
    """Two definitions ask the same questions, with the same options, rules and texts."""
    assert other == one
    assert other.languages == one.languages
    for language in one.languages:
        assert [q.label.get(language) for q in other.questions] == [
            q.label.get(language) for q in one.questions
        ]
    assert Flow(other).steps({}) == Flow(one).steps({})


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_definition_comes_back_the_same_from_yaml(name: str) -> None:
    definition = shipped(name)
    text = definition_yaml(definition)

    again = load_definition_bytes(text.encode(), f"{name}.yaml")

    same_flow(definition, again)
    assert again.source == definition.source
    assert "include:" not in text  # included sections are written out


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_definition_comes_back_the_same_from_xlsform(name: str) -> None:
    definition = shipped(name)

    again, left_out = load_xlsform(definition_xlsform(definition), f"{name}.xlsx")

    same_flow(definition, again)
    assert left_out == []


def test_the_readme_example_comes_back_the_same_from_both(readme_example: FormDefinition) -> None:
    from_yaml = load_definition_bytes(definition_yaml(readme_example).encode(), "pact.yaml")
    from_xlsform, left_out = load_xlsform(definition_xlsform(readme_example), "pact.xlsx")

    same_flow(readme_example, from_yaml)
    same_flow(readme_example, from_xlsform)
    assert left_out == []


def test_a_ward_question_is_written_without_the_options_its_list_gives_it() -> None:
    definition = shipped("hate-incident-report")
    assert len(definition.question("ward").options) == 22

    data = yaml.safe_load(definition_yaml(definition))

    ward = next(q for s in data["sections"] for q in s["questions"] if q["id"] == "ward")
    assert ward == {
        "id": "ward",
        "type": "ward",
        "label": "Which ward did it happen in?",
        "hint": "If you are not sure, choose 'Don't know'.",
        "show_if": {"question": "location_online", "equals": False},
    }


def test_yaml_quotes_text_that_it_would_read_as_something_else(form) -> None:
    options = [{"value": v, "label": v} for v in ("yes", "no", "on", "off", "12", "1e3", "null")]
    definition = definition_from_dict(
        form({"id": "pick", "type": "single_choice", "label": "Pick", "options": options})
    )
    text = definition_yaml(definition)

    assert "{value: 'yes', label: 'yes'}" in text
    assert "{value: '12', label: '12'}" in text
    again = load_definition_bytes(text.encode(), "swp.yaml")
    assert [o.value for o in again.question("pick").options] == [o["value"] for o in options]


def test_yaml_keeps_text_in_every_language_and_odd_characters(form) -> None:
    label = {"en": "Say: 'what' # not a comment\n- not a list", "pa": "ਕੀ? ਹਾਂ"}
    definition = definition_from_dict(form({"id": "say", "type": "free_text", "label": label}))

    again = load_definition_bytes(definition_yaml(definition).encode(), "swp.yaml")

    assert again.question("say").label.translations == label


def test_xlsform_uses_xlsforms_own_types_and_columns() -> None:
    content = definition_xlsform(shipped("hate-incident-report"))

    assert survey_row(content, "in_danger")["type"] == "select_one yes_no"
    assert survey_row(content, "in_danger")["engage::type"] == "yes_no"
    assert survey_row(content, "in_danger")["label::Punjabi (pa)"].startswith("ਕੀ")
    assert (
        survey_row(content, "incident_types")["type"] == "select_multiple incident_types or_other"
    )
    assert survey_row(content, "incident_date")["constraint"] == ". <= today()"
    assert survey_row(content, "ward")["type"] == "select_one wards"
    assert survey_row(content, "postcode")["engage::type"] == "postcode"
    assert survey_row(content, "description")["appearance"] == "multiline"
    assert survey_row(content, "description")["constraint"] == "string-length(.) <= 5000"
    assert survey_row(content, "online_platform")["relevant"] == "${location_online} = 'yes'"
    assert survey_row(content, "police_reference")["relevant"] == (
        "${police_aware} = 'yes-reported' or ${police_aware} = 'yes-they-know'"
    )
    settings = sheet_rows(content, "settings")
    assert settings == [
        {
            "form_id": "hate-incident-report",
            "form_title": "Report a hate incident",
            "version": 1,
            "default_language": "English (en)",
        }
    ]


def test_xlsform_writes_a_scale_consent_and_limits(readme_example: FormDefinition) -> None:
    content = definition_xlsform(readme_example)

    assert survey_row(content, "useful")["type"] == "select_one agreement"
    assert survey_row(content, "useful")["appearance"] == "likert"
    assert survey_row(content, "agree")["type"] == "acknowledge"
    assert survey_row(content, "meetings")["constraint"] == ". >= 0 and . <= 100"
    assert (
        survey_row(content, "topics")["constraint"]
        == "count-selected(.) >= 1 and count-selected(.) <= 3"
    )
    assert survey_row(content, "topics")["relevant"] == "${attended} = 'yes'"
    agreement = [
        row["name"] for row in sheet_rows(content, "choices") if row["list_name"] == "agreement"
    ]
    assert agreement == [
        "strongly-agree",
        "agree",
        "neither",
        "disagree",
        "strongly-disagree",
        "dont-know",
    ]


def test_xlsform_text_that_looks_like_a_formula_stays_text(form) -> None:
    label = '=HYPERLINK("http://example.invalid", "Click")'
    definition = definition_from_dict(form({"id": "say", "type": "free_text", "label": label}))
    content = definition_xlsform(definition)

    cell = load_workbook(io.BytesIO(content))["survey"]["C3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (label, "s", True)
    again, _ = load_xlsform(content, "swp.xlsx")
    assert again.question("say").label.get() == label


def test_xlsform_lists_never_share_a_name_by_accident(form) -> None:
    options = [{"value": "a", "label": "A"}]
    questions = [
        {"id": "wards", "type": "single_choice", "label": "Own list", "options": options},
        {"id": "agreement", "type": "scale", "label": "Own scale", "options": options},
        {"id": "yes_no", "type": "single_choice", "label": "Own yes", "options": options},
        {
            "id": "home",
            "type": "ward",
            "label": "Ward",
            "options": [{"value": "park", "label": "Park"}],
        },
        {"id": "agree", "type": "scale", "scale": "agreement", "label": "Agree?"},
        {"id": "sure", "type": "yes_no", "label": "Sure?"},
    ]
    definition = definition_from_dict(form(*questions))

    content = definition_xlsform(definition)

    types = [
        row["type"] for row in sheet_rows(content, "survey") if row["type"].startswith("select")
    ]
    assert types == [
        "select_one wards_list",
        "select_one agreement_list",
        "select_one yes_no_list",
        "select_one wards",
        "select_one agreement",
        "select_one yes_no",
    ]


@pytest.mark.parametrize(
    ("rule", "relevant"),
    [
        ({"question": "topics", "equals": "asb"}, "selected(${topics}, 'asb')"),
        ({"question": "topics", "not_equals": "asb"}, "not(selected(${topics}, 'asb'))"),
        (
            {"question": "topics", "any_of": ["asb", "drugs"]},
            "selected(${topics}, 'asb') or selected(${topics}, 'drugs')",
        ),
        ({"question": "count", "equals": 2.5}, "${count} = 2.5"),
        ({"question": "agree", "equals": False}, "${agree} = 'no'"),
        ({"question": "agree", "equals": True}, "${agree} = 'OK'"),
        ({"question": "why", "equals": 'it\'s "odd"'}, "${why} = concat('it', \"'\", 's \"odd\"')"),
        ({"question": "why", "answered": False}, "${why} = ''"),
    ],
)
def test_each_kind_of_rule_is_written_as_xlsform_and_read_back(form, rule, relevant) -> None:
    options = [{"value": "asb", "label": "ASB"}, {"value": "drugs", "label": "Drugs"}]
    questions = [
        {"id": "topics", "type": "multiple_choice", "label": "Topics", "options": options},
        {"id": "count", "type": "number", "label": "How many?", "integer": False},
        {"id": "agree", "type": "consent", "label": "I agree"},
        {"id": "why", "type": "free_text", "label": "Why?"},
        {"id": "then", "type": "free_text", "label": "Then?", "show_if": rule},
    ]
    definition = definition_from_dict(form(*questions))

    content = definition_xlsform(definition)

    assert survey_row(content, "then")["relevant"] == relevant
    again, _ = load_xlsform(content, "swp.xlsx")
    assert again.question("then").show_if == definition.question("then").show_if
    assert isinstance(again.question("then").show_if, Condition)


def test_a_ward_list_changed_since_a_form_was_stored_is_named(form) -> None:
    ward = {
        "id": "home",
        "type": "ward",
        "label": "Ward?",
        "options": [{"value": "x", "label": "X"}],
    }
    current = load_definition_bytes(
        yaml.safe_dump(form({k: v for k, v in ward.items() if k != "options"})).encode(), "a.yaml"
    )

    assert [surveys.changed_ward_lists(shipped(name)) for name in SHIPPED] == [[]] * len(SHIPPED)
    assert surveys.changed_ward_lists(current) == []
    assert surveys.changed_ward_lists(definition_from_dict(form(ward))) == [
        "question 'home': lists/wards.yaml has changed since this version was stored, so the "
        "file offers the wards as they are now"
    ]
