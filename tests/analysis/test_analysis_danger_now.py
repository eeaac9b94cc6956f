"""Danger now needs present-tense danger: past events, and feelings about them, are not urgent.

`data/danger_now.jsonl`: 42 descriptions of what happened before (some saying "now" about
how people feel since, or where the offender is now) and 41 of danger as it happens, in
many wordings: short and long, text-speak, dialect, a past event with danger now.
"""

import json
from pathlib import Path

import pytest

from analysis import tag

DATA = Path(__file__).parent / "data" / "danger_now.jsonl"
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def test_the_set_has_both_kinds() -> None:
    assert sum(not record["urgent"] for record in RECORDS) >= 40
    assert sum(record["urgent"] for record in RECORDS) >= 40


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_danger_now_and_only_now(record: dict) -> None:
    assert tag(record["text"]).urgent is record["urgent"]
