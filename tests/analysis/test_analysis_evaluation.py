"""The evaluation's arithmetic, checked on a tiny set computed by hand."""

import json

import pytest

from analysis import evaluate, render_report, report_to_dict

GOLD = [
    {"id": "a", "text": "one", "priorities": ["harm_reduction"], "characteristics": ["race"]},
    {"id": "b", "text": "two", "priorities": ["harm_reduction", "reducing_offending"]},
    {"id": "c", "text": "three", "characteristics": ["age", "sex"], "ignore": ["sex"]},
    {"id": "d", "text": "four", "priorities": [], "characteristics": []},
]
PREDICTED = {
    "one": {"priorities": ["harm_reduction"], "characteristics": ["race", "age"]},
    "two": {"priorities": ["reducing_offending"], "characteristics": ["race"]},
    "three": {"priorities": ["harm_reduction"], "characteristics": ["sex"]},
    "four": {"priorities": ["preventing_violence"], "characteristics": []},
}


@pytest.fixture
def report():
    return evaluate(GOLD, predict=PREDICTED.__getitem__)


def score(report, family: str, label: str):
    return next(s for s in report.labels if s.family == family and s.label == label)


def test_counts_per_label(report) -> None:
    # harm_reduction: expected on a, b; predicted on a (c does not score priorities).
    hr = score(report, "priorities", "harm_reduction")
    assert (hr.true_positives, hr.false_positives, hr.false_negatives) == (1, 0, 1)
    assert (hr.precision, hr.recall, hr.support) == (1.0, 0.5, 2)
    assert hr.f1 == pytest.approx(2 / 3)
    # preventing_violence: predicted on d only, never expected.
    pv = score(report, "priorities", "preventing_violence")
    assert (pv.true_positives, pv.false_positives, pv.false_negatives) == (0, 1, 0)
    # age: predicted on a (false positive), expected on c and missed; sex ignored on c.
    age = score(report, "characteristics", "age")
    assert (age.true_positives, age.false_positives, age.false_negatives) == (0, 1, 1)
    assert not [s for s in report.labels if s.label == "sex"]


def test_only_families_present_on_a_line_are_scored(report) -> None:
    assert report.families["priorities"].records == 3
    assert report.families["characteristics"].records == 3
    race = score(report, "characteristics", "race")  # "two" has no characteristics to score
    assert (race.true_positives, race.false_positives) == (1, 0)


def test_micro_and_macro_f1(report) -> None:
    priorities = report.families["priorities"]
    # tp 2 (a: HR, b: RO), fp 1 (d: PV), fn 1 (b: HR)
    assert priorities.micro_precision == pytest.approx(2 / 3)
    assert priorities.micro_recall == pytest.approx(2 / 3)
    assert priorities.micro_f1 == pytest.approx(2 / 3)
    # labels in the gold data: HR 2/3, RO 1.0; counting PV (predicted only): also 0.
    assert priorities.macro_f1 == pytest.approx((2 / 3 + 1) / 2)
    assert priorities.macro_f1_all == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_mistakes_show_what_was_expected_and_got(report) -> None:
    # Each record has one wrong label; ties keep the file's order.
    assert [(m.id, m.errors) for m in report.mistakes] == [("a", 1), ("b", 1), ("c", 1), ("d", 1)]
    b = report.mistakes[1]
    assert b.expected == {"priorities": ["harm_reduction", "reducing_offending"]}
    assert b.got == {"priorities": ["reducing_offending"]}
    assert report.mistakes[2].expected == {"characteristics": ["age"]}  # "sex" ignored


def test_worst_mistakes_come_first() -> None:
    gold = [
        {"id": "one wrong", "text": "x", "priorities": ["harm_reduction"]},
        {"id": "three wrong", "text": "y", "priorities": ["harm_reduction"]},
    ]
    predicted = {
        "x": {"priorities": []},
        "y": {"priorities": ["reducing_offending", "preventing_violence"]},
    }
    report = evaluate(gold, predict=predicted.__getitem__, worst=1)
    assert [(m.id, m.errors) for m in report.mistakes] == [("three wrong", 3)]


def test_renderings(report) -> None:
    text = render_report(report)
    assert "priorities (3 records)" in text
    assert "harm_reduction" in text and "Worst mistakes" in text
    data = report_to_dict(report)
    assert json.loads(json.dumps(data)) == data
    assert data["families"]["priorities"]["micro_f1"] == pytest.approx(2 / 3)


def test_a_perfect_tagger_scores_one() -> None:
    gold = [{"text": "x", "priorities": ["harm_reduction"], "characteristics": ["age"]}]
    report = evaluate(gold, predict=lambda text: gold[0])
    assert report.families["priorities"].micro_f1 == 1.0
    assert report.mistakes == []


def test_an_unscorable_record_is_refused() -> None:
    with pytest.raises(ValueError, match="record 1"):
        evaluate([{"text": "no labels"}], predict=PREDICTED.__getitem__)
    with pytest.raises(ValueError, match="must be a list"):
        evaluate([{"text": "x", "priorities": "harm_reduction"}], predict=PREDICTED.__getitem__)


def test_the_real_tagger_is_the_default() -> None:
    report = evaluate([{"text": "Burglary", "priorities": ["reducing_offending"]}])
    assert report.families["priorities"].micro_f1 == 1.0
