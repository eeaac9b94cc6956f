"""Urgency on texts that use danger words without danger now, and on texts of real danger.

`data/urgency.jsonl`: 42 past, resolved or general texts that say now, tonight, outside,
knife, beat, help or please in non-urgent ways, and 21 of someone in danger now.
"""

import json
from pathlib import Path

import pytest

from analysis import tag

DATA = Path(__file__).parent / "data" / "urgency.jsonl"
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def test_the_set_has_both_kinds() -> None:
    assert sum(not record["urgent"] for record in RECORDS) >= 40
    assert sum(record["urgent"] for record in RECORDS) >= 20


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_urgent_flag(record: dict) -> None:
    tags = tag(record["text"])
    assert tags.urgent is record["urgent"]
    if record["urgent"]:
        assert tags.evidence["urgent"]
