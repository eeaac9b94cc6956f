"""Reading XLSForm workbooks as KoBoToolbox and ODK users write them, and what is left out."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from surveys import DefinitionError, FormDefinition, LeftOut, load_xlsform, read_xlsform
from surveys.loader import list_options
from tests.surveys.xlsforms.build import WORKBOOKS, Rows, build

FOLDER = Path(__file__).parent / "xlsforms"


def xlsx(sheets: dict[str, Rows]) -> bytes:
    """A workbook's bytes, built from its sheets' rows."""
    buffer = io.BytesIO()
    build(sheets).save(buffer)
    return buffer.getvalue()


def load(name: str) -> tuple[FormDefinition, list[str]]:
    """A committed workbook, checked, and what was left out of it, line by line."""
    definition, left_out = load_xlsform((FOLDER / name).read_bytes(), name)
    return definition, [str(note) for note in left_out]


def survey(*rows: list[Any], choices: Rows | None = None, **settings: Any) -> dict[str, Rows]:
    """Sheets with a survey of type, name, label (and more) columns, and a settings row."""
    sheets: dict[str, Rows] = {"survey": [*rows]}
    if choices is not None:
        sheets["choices"] = [["list_name", "name", "label"], *choices]
    settings = {"form_id": "test", "form_title": "Test", "version": 1, **settings}
    sheets["settings"] = [list(settings), list(settings.values())]
    return sheets


def notes(content: bytes) -> list[str]:
    return [str(note) for note in read_xlsform(content, "form.xlsx").left_out]


def problems(content: bytes) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_xlsform(content, "form.xlsx")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_the_committed_workbooks_are_the_ones_build_py_makes(name: str) -> None:
    book = load_workbook(FOLDER / name)
    for title, rows in WORKBOOKS[name].items():
        written = [list(row) for row in book[title].iter_rows(values_only=True)]
        width = max(len(row) for row in rows)
        assert written == [row + [None] * (width - len(row)) for row in rows], title


def test_a_kobo_community_survey_with_groups_and_translations() -> None:
    definition, left_out = load("community-survey.xlsx")

    assert (definition.id, definition.version) == ("community-safety-2024", 3)
    assert definition.title.get() == "Community safety survey 2024"
    assert definition.languages == ("en", "pa")
    assert definition.description.translations == {
        "en": "Thank you for taking part. It takes about 5 minutes.",
        "pa": "ਹਿੱਸਾ ਲੈਣ ਲਈ ਤੁਹਾਡਾ ਧੰਨਵਾਦ।",
    }
    assert [(s.id, s.title.get("pa")) for s in definition.sections] == [
        ("your_area", "ਤੁਹਾਡਾ ਇਲਾਕਾ"),
        ("more", "ਸਾਨੂੰ ਹੋਰ ਦੱਸੋ"),
    ]
    feel_safe = definition.question("feel_safe")
    assert (feel_safe.type, feel_safe.required) == ("single_choice", True)
    assert feel_safe.options[0].label.translations == {"en": "Very safe", "pa": "ਬਹੁਤ ਸੁਰੱਖਿਅਤ"}
    assert definition.question("problems").hint.get() == "Choose all that apply."
    years = definition.question("years_lived")
    assert (years.type, years.required, years.minimum, years.maximum) == ("number", True, 0, 100)
    help_text = definition.question("what_would_help")
    assert (help_text.long, help_text.max_length) == (True, 2000)
    assert definition.question("last_incident").not_future
    assert left_out == [
        "survey row 2 (start 'start'): Engage records nothing about people's devices, accounts "
        "or times beyond what they answer; it was left out. Nothing needs doing.",
        "survey row 13 (end 'end'): Engage records nothing about people's devices, accounts or "
        "times beyond what they answer; it was left out. Nothing needs doing.",
        "settings row 2: form_id 'community_safety_2024' became 'community-safety-2024': "
        "Engage's form ids are lower-case letters, digits and hyphens",
    ]


def test_skip_logic_of_every_kind_engage_follows() -> None:
    definition, left_out = load("skip-logic.xlsx")

    rules = {q.id: q.show_if for q in definition.questions if q.show_if}
    shown = {key: (rule.question, rule.operator, rule.operand) for key, rule in rules.items()}
    assert shown == {
        "crime": ("victim", "equals", True),
        "crime_details": ("crime", "not_equals", "other"),
        "places": ("victim", "equals", True),
        "bus_route": ("places", "equals", "bus"),
        "not_home": ("places", "not_equals", "home"),
        "times": ("crime", "any_of", ("theft", "assault")),
        "reported_to": ("times", "answered", True),
        "why_not_say": ("times", "answered", False),
        "tenth_time": ("times", "equals", 10),
        "want_support": ("victim", "equals", True),  # from its group
        "support_kind": ("want_support", "equals", True),
    }
    assert definition.question("victim").type == "yes_no"
    assert left_out == [
        "survey row 14 (text 'support_kind'): the relevant of group 'support' (row 12) was not "
        "applied to it: an Engage question has one rule, and it has its own or an inner group's",
        "survey row 16 (text 'both'): its relevant '${victim} = 'yes' and ${crime} = 'theft'' "
        "was left out, so the question is always asked: Engage follows only ${q} = 'v', "
        "${q} != 'v', selected(${q}, 'v'), an 'or' of those on one question, and ${q} != ''",
    ]


def test_choices_with_other_a_likert_scale_and_an_acknowledge() -> None:
    definition, left_out = load("other-choices.xlsx")

    issues = definition.question("issues")
    assert [o.value for o in issues.options] == [
        "burglary",
        "knife_crime",
        "hate_crime",
        "fly_tipping",
        "other",
    ]
    assert (issues.min_selections, issues.max_selections, issues.required) == (1, 3, True)
    assert definition.question("issues_other").show_if.operand == "other"
    assert [o.value for o in definition.question("contact").options] == ["email", "phone", "other"]
    assert definition.question("police_trust").type == "scale"
    assert definition.question("heard_of_pact").type == "single_choice"
    rating = definition.question("rating")
    assert (rating.integer, rating.minimum, rating.maximum) == (False, 0, 10)
    agree = definition.question("agree")
    assert (agree.type, agree.required) == ("consent", True)
    assert left_out == [
        "settings row 2: there is no version, a whole number from 1 to 1,000,000, so Engage "
        "gave it version 1: write a version like 2, and raise it each time you change the form"
    ]


def test_what_engage_has_no_place_for_is_left_out_row_by_row() -> None:
    definition, left_out = load("unsupported.xlsx")

    assert [q.id for q in definition.questions] == [
        "q1_name",
        "people",
        "adults_note",
        "greeting",
        "why",
    ]
    assert all(q.show_if is None for q in definition.questions)
    assert definition.question("greeting").hint is None
    assert left_out == [
        "survey row 2 (today 'today'): Engage records nothing about people's devices, accounts "
        "or times beyond what they answer; it was left out. Nothing needs doing.",
        "survey row 3 (text 'Q1_Name'): its name became 'q1_name': Engage's question ids are "
        "lower-case letters, digits and underscores, starting with a letter",
        "survey row 3 (text 'Q1_Name'): the constraint 'regex(., '^[A-Za-z ]+$')' was left "
        "out: Engage checks only a free_text question's length, like 'string-length(.) <= 500'",
        "survey row 4 (geopoint 'location'): Engage has no map question; it was left out. Ask "
        "for a place in a free-text question or a ward question instead.",
        "survey row 5 (integer 'people'): the column 'default' ('1'): Engage has no default "
        "answers; it was left out. People choose every answer themselves.",
        "survey row 6 (calculate 'adults'): Engage has no calculations; it was left out, and so "
        "is any rule that uses it.",
        "survey row 7 (text 'adults_note'): its relevant '${adults} > 0' was left out, so the "
        "question is always asked: it depends on 'adults', which Engage does not ask",
        "survey row 8 (begin repeat 'person'): Engage has no repeating questions; the repeat "
        "and every row in it were left out. Ask the questions once, or ask how many in an "
        "integer question.",
        "survey row 9 (text 'person_name'): it is inside the repeat 'person', so it was left "
        "out with it.",
        "survey row 10 (integer 'person_age'): it is inside the repeat 'person', so it was left "
        "out with it.",
        "survey row 12 (image 'photo'): Engage takes no files, photos or recordings; it was "
        "left out. Ask people to describe it in a free-text question instead.",
        "survey row 13 (column 'hint'): the cell holds a formula ('=\"Hello \" & \"there\"'), "
        "which Engage does not run; it was left out. Type in the text or value instead",
        "survey row 14 (text 'why'): its relevant 'string-length(${Q1_Name}) > 3' was left "
        "out, so the question is always asked: Engage follows only ${q} = 'v', ${q} != 'v', "
        "selected(${q}, 'v'), an 'or' of those on one question, and ${q} != ''",
        "survey row 15 (time 'when'): Engage asks for dates without times; it was left out. Use "
        "a date question, and a single choice for the time of day.",
        "settings row 2: instance_name 'concat('r-', ${today})': Engage names each response "
        "itself; it was left out.",
        "settings row 2: the version '2024031501' is not a whole number from 1 to 1,000,000, so "
        "Engage gave it version 1: write a version like 2, and raise it each time you change "
        "the form",
        "external_choices: this sheet was left out: Engage reads only the survey, choices and "
        "settings sheets",
    ]


def test_every_note_is_one_line_naming_its_sheet() -> None:
    for name in WORKBOOKS:
        for note in read_xlsform((FOLDER / name).read_bytes(), name).left_out:
            assert isinstance(note, LeftOut)
            assert "\n" not in str(note)
            assert note.sheet in {"survey", "choices", "settings", "external_choices"}


def test_a_formula_for_a_label_is_left_out_and_the_loader_then_refuses() -> None:
    content = xlsx(survey(["type", "name", "label"], ["text", "greeting", "=A1"]))

    assert notes(content) == [
        "survey row 2 (column 'label'): the cell holds a formula ('=A1'), which Engage does not "
        "run; it was left out. Type in the text or value instead"
    ]
    assert problems(content) == ["form.xlsx: question 'greeting': missing 'label'"]


def test_a_plain_label_is_in_the_default_language() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "label::English (en)"],
            ["text", "safe", "ਕੀ ਤੁਸੀਂ ਸੁਰੱਖਿਅਤ ਹੋ?", "Do you feel safe?"],
            form_id="langs",
            default_language="Punjabi (pa)",
        )
    )
    definition, left_out = load_xlsform(content, "form.xlsx")

    assert definition.question("safe").label.translations == {
        "en": "Do you feel safe?",
        "pa": "ਕੀ ਤੁਸੀਂ ਸੁਰੱਖਿਅਤ ਹੋ?",
    }
    assert left_out == []


def test_languages_named_without_a_code_are_found_or_left_out() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label::English", "label::Urdu", "label::Klingon"],
            ["text", "safe", "Safe?", "محفوظ؟", "Qapla'?"],
        )
    )

    definition, _ = load_xlsform(content, "form.xlsx")

    assert definition.languages == ("en", "ur")
    assert notes(content) == [
        "survey row 1 (column 'label::Klingon'): it was left out: give the language code too, "
        "like 'label::Klingon (xx)'"
    ]


def test_xlsform_aliases_and_renamed_names_are_followed() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "relevant"],
            ["begin_group", "Main", "Main questions"],
            ["select one yn", "Q1", "Safe?"],
            ["int", "Q2", "How often?", "${Q1} = 'no'"],
            ["string", "Q3", "Why?", "${Q2} = 3"],
            ["end_group"],
            choices=[["yn", "yes", "Yes"], ["yn", "no", "No"]],
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert [(q.id, q.type) for q in definition.questions] == [
        ("q1", "single_choice"),
        ("q2", "number"),
        ("q3", "free_text"),
    ]
    assert definition.sections[0].id == "main"
    assert definition.question("q2").show_if.question == "q1"
    assert definition.question("q3").show_if.operand == 3


def test_equals_on_a_select_multiple_is_left_out_with_what_to_write() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "relevant"],
            ["select_multiple topics", "topics", "Topics"],
            ["text", "more", "More?", "${topics} = 'asb'"],
            choices=[["topics", "asb", "ASB"]],
        )
    )

    assert notes(content) == [
        "survey row 3 (text 'more'): its relevant '${topics} = 'asb'' was left out, so the "
        "question is always asked: on a select_multiple, '=' and '!=' compare the whole "
        "answer, which Engage cannot do: write selected(${topics}, 'value') instead"
    ]


def test_groups_within_groups_and_groups_not_ended() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label"],
            ["begin group", "outer", "Outer"],
            ["text", "one", "One"],
            ["begin group", "inner", "Inner"],
            ["text", "two", "Two"],
            ["end group"],
            ["begin group", "open", "Open"],
            ["text", "three", "Three"],
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert [[q.id for q in s.questions] for s in definition.sections] == [["one", "two", "three"]]
    assert notes(content) == [
        "survey row 4 (begin group 'inner'): Engage has no groups within groups: its questions "
        "were kept in the section 'outer', and its label was left out",
        "survey row 7 (begin group 'open'): Engage has no groups within groups: its questions "
        "were kept in the section 'outer', and its label was left out",
        "survey: the group 'outer' has no end: add an end group row",
    ]


def test_questions_outside_groups_get_sections_of_their_own() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label"],
            ["note", "hello", "Hello."],
            ["text", "one", "One"],
            ["begin group", "questions", "A group called questions"],
            ["text", "two", "Two"],
            ["note", "later", "A note after a question."],
            ["end group"],
            ["text", "three", "Three"],
            form_title="Sections",
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert definition.description.get() == "Hello."
    assert [(s.id, s.title.get()) for s in definition.sections] == [
        ("questions_", "Sections"),
        ("questions", "A group called questions"),
        ("questions_2", "Sections"),
    ]
    assert definition.sections[1].description.get() == "A note after a question."
    assert notes(content) == [
        "survey row 6 (note 'later'): Engage shows text only above a section's questions: the "
        "note was moved to the description of its section"
    ]


def test_required_written_as_a_formula_makes_the_question_optional() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "required"],
            ["integer", "age", "Age", "yes"],
            ["text", "why", "Why?", "${age} > 17"],
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert [q.required for q in definition.questions] == [True, False]
    assert notes(content) == [
        "survey row 3 (text 'why'): required '${age} > 17' is a formula, which Engage cannot "
        "follow; the question was made optional. Write yes, or leave it empty"
    ]


def test_a_select_without_its_list_is_left_out() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label"],
            ["select_one missing", "pick", "Pick"],
            ["select_one", "bare", "Bare"],
            ["text", "ok", "OK"],
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert [q.id for q in definition.questions] == ["ok"]
    assert notes(content) == [
        "survey row 2 (select_one missing 'pick'): its choice list 'missing' is not in the "
        "choices sheet, so it was left out: add the list to the choices sheet",
        "survey row 3 (select_one 'bare'): it names no choice list, so it was left out: write "
        "it like 'select_one fruits'",
    ]


def test_a_ward_question_offers_engages_list_whatever_the_workbook_says() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "engage::type"],
            ["select_one wards", "ward", "Ward?", "ward"],
            ["select_one wards", "other_ward", "Another ward?", "ward"],
            choices=[["wards", "the-moon", "The Moon"]],
        )
    )
    definition, left_out = load_xlsform(content, "form.xlsx")

    wards = [option["value"] for option in list_options("wards")]
    assert [o.value for o in definition.question("ward").options] == wards
    assert [str(note) for note in left_out] == [
        "choices (list 'wards'): these choices were left out for the ward question 'ward': it "
        "offers Engage's list lists/wards.yaml. To offer other answers, leave its engage::type "
        "empty",
        "choices (list 'wards'): these choices were left out for the ward question "
        "'other_ward': it offers Engage's list lists/wards.yaml. To offer other answers, leave "
        "its engage::type empty",
    ]


def test_engage_type_that_does_not_fit_is_left_out() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "engage::type"],
            ["integer", "count", "How many?", "postcode"],
            ["text", "where", "Postcode?", "postcode"],
        )
    )
    definition, _ = load_xlsform(content, "form.xlsx")

    assert [q.type for q in definition.questions] == ["number", "postcode"]
    assert notes(content) == [
        "survey row 2 (integer 'count'): engage::type 'postcode' does not go with the type "
        "'integer'; it was left out. Use one of: number"
    ]


def test_choice_columns_and_appearances_engage_has_no_place_for() -> None:
    content = xlsx(
        {
            "survey": [
                ["type", "name", "label", "appearance", "choice_filter"],
                ["select_one area", "area", "Area", "minimal"],
                ["select_one street", "street", "Street", None, "area=${area}"],
            ],
            "choices": [
                ["list_name", "name", "label", "area"],
                ["area", "north", "North"],
                ["street", "high", "High Street", "north"],
                ["street", "low", "Low Street", "north"],
            ],
        }
    )

    assert notes(content) == [
        "survey row 2 (select_one area 'area'): the appearance 'minimal' was left out: Engage "
        "shows each type of question one way, on the web and in Telegram",
        "survey row 3 (select_one street 'street'): the column 'choice_filter' ('area=${area}'): "
        "Engage has no filtered choices; it was left out, and every choice in the list is "
        "offered.",
        "choices (column 'area'): filled in on rows 3 to 4: Engage's choices have only a "
        "list_name, a name and a label; it was left out (a column like this is often for a "
        "choice_filter, which Engage does not have)",
        "settings: no form_id: Engage used 'form', from the file's name",
        "settings: no form_title: Engage used the form's id, 'form'",
        "settings: there is no version, a whole number from 1 to 1,000,000, so Engage gave it "
        "version 1: write a version like 2, and raise it each time you change the form",
    ]


def test_a_rule_on_a_later_question_is_refused_by_the_loader() -> None:
    content = xlsx(
        survey(
            ["type", "name", "label", "relevant"],
            ["text", "first", "First", "${second} != ''"],
            ["text", "second", "Second"],
        )
    )

    assert problems(content) == [
        "form.xlsx: question 'first': show_if refers to 'second', which comes after it: name "
        "an earlier question"
    ]


@pytest.mark.parametrize(
    ("sheets", "problem"),
    [
        (
            {"questions": [["type", "name", "label"]]},
            "form.xlsx: has no sheet called 'survey': an XLSForm has survey, choices and "
            "settings sheets",
        ),
        (
            {"survey": [["kind", "name", "label"], ["text", "a", "A"]]},
            "form.xlsx: the survey sheet has no 'type' column: its first row must hold the "
            "column headings, like type, name and label",
        ),
    ],
)
def test_a_workbook_that_is_not_an_xlsform_is_refused(
    sheets: dict[str, Rows], problem: str
) -> None:
    assert problems(xlsx(sheets)) == [problem]
