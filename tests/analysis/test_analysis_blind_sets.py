"""Floors on three more labelled sets, each written by someone who had read only the guide and
the strategy, never the tagger, its lexicons or the dev set.

- `blind_4.jsonl` (240 texts) scored priorities micro-F1 0.81 and characteristics 0.93 when it
  was written; the lexicons were then widened from its mistakes and reach about 0.95 and 0.97.
- `blind_5.jsonl` (260) scored 0.80 and 0.93 after that (an honest estimate then); a second
  round widened the lexicons from its mistakes, to about 0.94 and 0.98.
- `blind_6.jsonl` (300) has never been tuned on: 0.81 and 0.93 before both rounds, 0.85 and
  0.94 after them (every characteristic at 0.85 or more). It is the estimate of accuracy on
  new text; keep it untuned, or write another set before tuning on it.

The floors sit a little under the figures, to catch a regression, not to set a target.
"""

import json
from pathlib import Path

import pytest

from analysis import evaluate

DATA = Path(__file__).parent / "data"
# set: (priorities micro-F1, characteristics micro-F1, every characteristic's F1)
FLOORS = {
    "blind_4.jsonl": (0.92, 0.95, 0.88),
    "blind_5.jsonl": (0.91, 0.96, 0.88),
    "blind_6.jsonl": (0.82, 0.92, 0.82),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_tagger_stays_above_its_floors(name: str) -> None:
    records = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    priorities, characteristics, each = FLOORS[name]

    report = evaluate(records)

    assert report.families["priorities"].micro_f1 >= priorities
    assert report.families["characteristics"].micro_f1 >= characteristics
    weakest = min(
        (label.f1, label.label)
        for label in report.labels
        if label.family == "characteristics" and label.support
    )
    assert weakest[0] >= each, weakest
