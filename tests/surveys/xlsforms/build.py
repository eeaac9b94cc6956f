"""Builds the XLSForm test workbooks in this folder, shaped as KoBoToolbox and ODK users write them.

Run it after changing a workbook here: `.venv/bin/python tests/surveys/xlsforms/build.py`.
Each workbook is written out below as its sheets' rows, a heading row first, so a test can be
read beside the form it imports. A cell starting with "=" is written as a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

FOLDER = Path(__file__).parent
Rows = list[list[Any]]

# A KoBoToolbox community survey: groups, English and Punjabi, notes, KoBo's $kuid column.
COMMUNITY_SURVEY: dict[str, Rows] = {
    "survey": [
        [
            "type",
            "name",
            "label::English (en)",
            "label::Punjabi (pa)",
            "hint::English (en)",
            "required",
            "constraint",
            "appearance",
            "$kuid",
        ],
        ["start", "start", None, None, None, None, None, None, "a1"],
        [
            "note",
            "welcome",
            "Thank you for taking part. It takes about 5 minutes.",
            "ਹਿੱਸਾ ਲੈਣ ਲਈ ਤੁਹਾਡਾ ਧੰਨਵਾਦ।",
            None,
            None,
            None,
            None,
            "a2",
        ],
        [
            "begin group",
            "your_area",
            "Your area",
            "ਤੁਹਾਡਾ ਇਲਾਕਾ",
            None,
            None,
            None,
            "field-list",
            "a3",
        ],
        [
            "select_one safety",
            "feel_safe",
            "How safe do you feel in your area after dark?",
            "ਹਨੇਰੇ ਤੋਂ ਬਾਅਦ ਤੁਸੀਂ ਆਪਣੇ ਇਲਾਕੇ ਵਿੱਚ ਕਿੰਨਾ ਸੁਰੱਖਿਅਤ ਮਹਿਸੂਸ ਕਰਦੇ ਹੋ?",
            None,
            "yes",
            None,
            None,
            "a4",
        ],
        [
            "select_multiple problems",
            "problems",
            "Which of these are a problem where you live?",
            "ਤੁਹਾਡੇ ਇਲਾਕੇ ਵਿੱਚ ਇਹਨਾਂ ਵਿੱਚੋਂ ਕਿਹੜੀਆਂ ਸਮੱਸਿਆਵਾਂ ਹਨ?",
            "Choose all that apply.",
            None,
            None,
            None,
            "a5",
        ],
        [
            "integer",
            "years_lived",
            "How many years have you lived in Wolverhampton?",
            "ਤੁਸੀਂ ਕਿੰਨੇ ਸਾਲਾਂ ਤੋਂ ਵੁਲਵਰਹੈਂਪਟਨ ਵਿੱਚ ਰਹਿ ਰਹੇ ਹੋ?",
            None,
            "TRUE",
            ". >= 0 and . <= 100",
            None,
            "a6",
        ],
        ["end group", None, None, None, None, None, None, None, "a7"],
        ["begin group", "more", "Tell us more", "ਸਾਨੂੰ ਹੋਰ ਦੱਸੋ", None, None, None, None, "a8"],
        [
            "text",
            "what_would_help",
            "What would make your area safer?",
            "ਤੁਹਾਡੇ ਇਲਾਕੇ ਨੂੰ ਕੀ ਸੁਰੱਖਿਅਤ ਬਣਾਏਗਾ?",
            "In your own words.",
            None,
            "string-length(.) <= 2000",
            "multiline",
            "a9",
        ],
        [
            "date",
            "last_incident",
            "When did you last see a problem?",
            None,
            None,
            None,
            ". <= today()",
            None,
            "a10",
        ],
        ["end group", None, None, None, None, None, None, None, "a11"],
        ["end", "end", None, None, None, None, None, None, "a12"],
    ],
    "choices": [
        ["list_name", "name", "label::English (en)", "label::Punjabi (pa)", "$kuid"],
        ["safety", "very_safe", "Very safe", "ਬਹੁਤ ਸੁਰੱਖਿਅਤ", "c1"],
        ["safety", "fairly_safe", "Fairly safe", "ਕਾਫ਼ੀ ਸੁਰੱਖਿਅਤ", "c2"],
        ["safety", "fairly_unsafe", "Fairly unsafe", "ਕਾਫ਼ੀ ਅਸੁਰੱਖਿਅਤ", "c3"],
        ["safety", "very_unsafe", "Very unsafe", "ਬਹੁਤ ਅਸੁਰੱਖਿਅਤ", "c4"],
        ["problems", "asb", "Anti-social behaviour", "ਸਮਾਜ ਵਿਰੋਧੀ ਵਿਵਹਾਰ", "c5"],
        ["problems", "drugs", "Drug dealing", "ਨਸ਼ਿਆਂ ਦਾ ਧੰਦਾ", "c6"],
        ["problems", "speeding", "Speeding", "ਤੇਜ਼ ਰਫ਼ਤਾਰ", "c7"],
    ],
    "settings": [
        ["form_title", "form_id", "version", "default_language"],
        ["Community safety survey 2024", "community_safety_2024", 3, "English (en)"],
    ],
}

# Skip logic of every kind Engage follows, and one it does not.
SKIP_LOGIC: dict[str, Rows] = {
    "survey": [
        ["type", "name", "label", "relevant", "engage::type"],
        [
            "select_one yes_no",
            "victim",
            "Has a crime happened to you in the last year?",
            None,
            "yes_no",
        ],
        ["select_one crime", "crime", "What happened?", "${victim} = 'yes'", None],
        ["text", "crime_details", "Tell us what happened", "${crime} != 'other'", None],
        ["select_multiple places", "places", "Where did it happen?", "${victim} = 'yes'", None],
        ["text", "bus_route", "Which bus route?", "selected(${places}, 'bus')", None],
        ["text", "not_home", "Why not at home?", "not(selected(${places}, 'home'))", None],
        ["integer", "times", "How many times?", "${crime} = 'theft' or ${crime} = 'assault'", None],
        ["text", "reported_to", "Who did you report it to?", "${times} != ''", None],
        ["text", "why_not_say", "Why did you not say how many times?", "${times} = ''", None],
        ["text", "tenth_time", "What happened the tenth time?", "${times} = 10", None],
        ["begin group", "support", "Support", "${victim} = 'yes'", None],
        ["select_one yes_no", "want_support", "Would you like support?", None, "yes_no"],
        ["text", "support_kind", "What support?", "${want_support} = 'yes'", None],
        ["end group", None, None, None, None],
        ["text", "both", "Tell us more", "${victim} = 'yes' and ${crime} = 'theft'", None],
    ],
    "choices": [
        ["list_name", "name", "label"],
        ["yes_no", "yes", "Yes"],
        ["yes_no", "no", "No"],
        ["crime", "theft", "Theft"],
        ["crime", "assault", "Assault"],
        ["crime", "other", "Something else"],
        ["places", "home", "At home"],
        ["places", "bus", "On a bus"],
        ["places", "street", "In the street"],
    ],
    "settings": [["form_id", "form_title", "version"], ["skip-logic", "Skip logic", 1]],
}

# Choices with "Other", a likert scale, an acknowledge, and a plain yes/no single choice.
OTHER_CHOICES: dict[str, Rows] = {
    "survey": [
        ["type", "name", "label", "hint", "required", "constraint", "appearance"],
        [
            "select_multiple issues or_other",
            "issues",
            "Which issues matter most to you?",
            "Choose up to 3.",
            "yes",
            "count-selected(.) >= 1 and count-selected(.) <= 3",
            None,
        ],
        [
            "select_one contact or_other",
            "contact",
            "How should we contact you?",
            None,
            None,
            None,
            None,
        ],
        [
            "select_one agree5",
            "police_trust",
            "I trust the police in my area.",
            None,
            None,
            None,
            "likert",
        ],
        [
            "select_one yn",
            "heard_of_pact",
            "Have you heard of PACT meetings?",
            None,
            None,
            None,
            None,
        ],
        [
            "decimal",
            "rating",
            "Give your area a mark out of 10",
            None,
            None,
            ". >= 0 and . <= 10",
            None,
        ],
        [
            "acknowledge",
            "agree",
            "I agree to the partnership keeping my answers for 2 years.",
            None,
            "yes",
            None,
            None,
        ],
    ],
    "choices": [
        ["list_name", "name", "label"],
        ["issues", "burglary", "Burglary"],
        ["issues", "knife_crime", "Knife crime"],
        ["issues", "hate_crime", "Hate crime"],
        ["issues", "fly_tipping", "Fly-tipping"],
        ["contact", "email", "Email"],
        ["contact", "phone", "Phone"],
        ["agree5", "strongly_agree", "Strongly agree"],
        ["agree5", "agree", "Agree"],
        ["agree5", "neutral", "Neither agree nor disagree"],
        ["agree5", "disagree", "Disagree"],
        ["agree5", "strongly_disagree", "Strongly disagree"],
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
    ],
    "settings": [["form_id", "form_title"], ["other-choices", "Choices with other"]],
}

# What Engage has no place for: each is left out and listed, row by row.
UNSUPPORTED: dict[str, Rows] = {
    "survey": [
        ["type", "name", "label", "hint", "relevant", "constraint", "calculation", "default"],
        ["today", "today", None, None, None, None, None, None],
        [
            "text",
            "Q1_Name",
            "What is your street called?",
            None,
            None,
            "regex(., '^[A-Za-z ]+$')",
            None,
            None,
        ],
        ["geopoint", "location", "Where did it happen?", None, None, None, None, None],
        ["integer", "people", "How many people live in your home?", None, None, None, None, "1"],
        ["calculate", "adults", None, None, None, None, "${people} - 1", None],
        [
            "text",
            "adults_note",
            "Tell us about the adults",
            None,
            "${adults} > 0",
            None,
            None,
            None,
        ],
        ["begin repeat", "person", "Each person", None, None, None, None, None],
        ["text", "person_name", "Their first name", None, None, None, None, None],
        ["integer", "person_age", "Their age", None, None, None, None, None],
        ["end repeat", None, None, None, None, None, None, None],
        ["image", "photo", "Take a photo", None, None, None, None, None],
        [
            "text",
            "greeting",
            "How would you like us to greet you?",
            '="Hello " & "there"',
            None,
            None,
            None,
            None,
        ],
        ["text", "why", "Why?", None, "string-length(${Q1_Name}) > 3", None, None, None],
        ["time", "when", "What time was it?", None, None, None, None, None],
    ],
    "choices": [["list_name", "name", "label"]],
    "settings": [
        ["form_id", "form_title", "version", "instance_name"],
        ["unsupported", "Unsupported features", "2024031501", "concat('r-', ${today})"],
    ],
    "external_choices": [["list_name", "name", "label"], ["streets", "high_st", "High Street"]],
}

WORKBOOKS = {
    "community-survey.xlsx": COMMUNITY_SURVEY,
    "skip-logic.xlsx": SKIP_LOGIC,
    "other-choices.xlsx": OTHER_CHOICES,
    "unsupported.xlsx": UNSUPPORTED,
}


def build(sheets: dict[str, Rows]) -> Workbook:
    """A workbook holding the sheets' rows."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return book


def main() -> None:
    """Write every workbook into this folder."""
    for name, sheets in WORKBOOKS.items():
        build(sheets).save(FOLDER / name)
        print(f"wrote {FOLDER / name}")


if __name__ == "__main__":
    main()
