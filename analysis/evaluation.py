"""Scoring the tagger against labelled texts: precision, recall and F1 per label and family."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FAMILIES = ("priorities", "characteristics")
WORST = 15


@dataclass(frozen=True)
class LabelScore:
    """Counts and scores of one label over the records that score its family."""

    label: str
    family: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.support)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass(frozen=True)
class FamilyScore:
    """Micro scores pool every label's counts; macro F1 averages the labels' F1.

    `macro_f1` averages the labels that occur in the gold labels (a label a file never uses
    cannot be scored fairly: HateCheck labels no ages); `macro_f1_all` also counts labels
    that were only predicted, each with F1 0, as scikit-learn does. Micro scores count every
    false positive either way.
    """

    family: str
    records: int
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    macro_f1_all: float


@dataclass(frozen=True)
class Mistake:
    """A record the tagger got wrong: what a person said and what the tagger said."""

    id: str | None
    text: str
    expected: dict[str, list[str]]
    got: dict[str, list[str]]
    errors: int


@dataclass(frozen=True)
class Report:
    """The outcome of an evaluation."""

    records: int
    labels: list[LabelScore]
    families: dict[str, FamilyScore]
    mistakes: list[Mistake]


def gold_problem(record: Mapping[str, Any]) -> str | None:
    """Why a record cannot be scored, or None; usable as a check when reading JSON Lines."""
    if not isinstance(record.get("text"), str):
        return 'needs a "text" field holding a string'
    families = [family for family in FAMILIES if family in record]
    if not families:
        return 'needs "priorities" and/or "characteristics" (lists of labels)'
    for key in (*families, "ignore"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return f'"{key}" must be a list of labels'
    return None


def evaluate(
    gold_records: Iterable[Mapping[str, Any]],
    predict: Callable[[str], Any] | None = None,
    worst: int = WORST,
) -> Report:
    """Compare predictions with gold labels; only the families a record has are scored.

    A record's optional "ignore" lists labels not scored on that record. `predict` takes a
    text and returns Tags or a mapping with "priorities" and "characteristics"; by default
    it is the shipped tagger.
    """
    if predict is None:
        from analysis.tagger import tag

        predict = tag
    counts: dict[tuple[str, str], list[int]] = {}
    records: dict[str, int] = dict.fromkeys(FAMILIES, 0)
    mistakes: list[Mistake] = []
    total = 0
    for number, record in enumerate(gold_records, start=1):
        problem = gold_problem(record)
        if problem:
            raise ValueError(f"record {number}: {problem}")
        total += 1
        mistake = _score_record(record, predict(record["text"]), counts, records)
        if mistake.errors:
            mistakes.append(mistake)
    labels = [_label_score(key, value) for key, value in sorted(counts.items())]
    families = {
        family: _family_score(family, records[family], [s for s in labels if s.family == family])
        for family in FAMILIES
        if records[family]
    }
    mistakes.sort(key=lambda mistake: -mistake.errors)
    return Report(total, labels, families, mistakes[:worst])


def _score_record(
    record: Mapping[str, Any],
    prediction: Any,
    counts: dict[tuple[str, str], list[int]],
    records: dict[str, int],
) -> Mistake:
    ignored = set(record.get("ignore", []))
    expected: dict[str, list[str]] = {}
    got: dict[str, list[str]] = {}
    errors = 0
    for family in FAMILIES:
        if family not in record:
            continue
        records[family] += 1
        gold = set(record[family]) - ignored
        predicted = set(_predicted(prediction, family)) - ignored
        for label in gold | predicted:
            tally = counts.setdefault((family, label), [0, 0, 0])
            tally[0 if label in gold & predicted else 1 if label in predicted else 2] += 1
        errors += len(gold ^ predicted)
        expected[family], got[family] = sorted(gold), sorted(predicted)
    return Mistake(record.get("id"), record["text"], expected, got, errors)


def _predicted(prediction: Any, family: str) -> list[str]:
    if isinstance(prediction, Mapping):
        return list(prediction.get(family, []))
    return list(getattr(prediction, family))


def _label_score(key: tuple[str, str], tally: list[int]) -> LabelScore:
    family, label = key
    return LabelScore(label, family, tally[0], tally[1], tally[2])


def _family_score(family: str, records: int, labels: list[LabelScore]) -> FamilyScore:
    tp = sum(score.true_positives for score in labels)
    precision = _ratio(tp, tp + sum(score.false_positives for score in labels))
    recall = _ratio(tp, tp + sum(score.false_negatives for score in labels))
    gold = [score for score in labels if score.support]
    return FamilyScore(
        family, records, precision, recall, _f1(precision, recall), _mean_f1(gold), _mean_f1(labels)
    )


def _mean_f1(labels: list[LabelScore]) -> float:
    return sum(score.f1 for score in labels) / len(labels) if labels else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "records": report.records,
        "families": {
            family: {
                "records": score.records,
                "micro_precision": score.micro_precision,
                "micro_recall": score.micro_recall,
                "micro_f1": score.micro_f1,
                "macro_f1": score.macro_f1,
                "macro_f1_all": score.macro_f1_all,
            }
            for family, score in report.families.items()
        },
        "labels": [
            {
                "family": score.family,
                "label": score.label,
                "precision": score.precision,
                "recall": score.recall,
                "f1": score.f1,
                "support": score.support,
                "true_positives": score.true_positives,
                "false_positives": score.false_positives,
                "false_negatives": score.false_negatives,
            }
            for score in report.labels
        ],
        "mistakes": [
            {"id": m.id, "text": m.text, "expected": m.expected, "got": m.got, "errors": m.errors}
            for m in report.mistakes
        ],
    }


def render_report(report: Report) -> str:
    """The report as a plain-text table a person can read."""
    lines = [f"Evaluated {report.records} records."]
    for family, score in report.families.items():
        lines += [
            "",
            f"{family} ({score.records} records): micro precision {score.micro_precision:.3f}, "
            f"recall {score.micro_recall:.3f}, F1 {score.micro_f1:.3f}",
            f"  macro F1 {score.macro_f1:.3f} over labels in the gold data, "
            f"{score.macro_f1_all:.3f} counting labels only predicted",
            f"  {'label':<30} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}",
        ]
        for label in (s for s in report.labels if s.family == family):
            lines.append(
                f"  {label.label:<30} {label.precision:>9.3f} {label.recall:>7.3f} "
                f"{label.f1:>6.3f} {label.support:>8}"
            )
    if report.mistakes:
        lines += ["", "Worst mistakes:"]
        for mistake in report.mistakes:
            lines += _render_mistake(mistake)
    return "\n".join(lines)


def _render_mistake(mistake: Mistake) -> list[str]:
    name = f"[{mistake.id}] " if mistake.id else ""
    lines = [f"- {name}{mistake.text}"]
    for family in mistake.expected:
        lines.append(
            f"    {family}: expected {', '.join(mistake.expected[family]) or '-'}; "
            f"got {', '.join(mistake.got[family]) or '-'}"
        )
    return lines
