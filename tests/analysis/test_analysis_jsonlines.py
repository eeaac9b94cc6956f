"""Reading JSON Lines: bad lines are reported with their number and skipped."""

import io
import json

from analysis import read_jsonlines, tag_records
from analysis.evaluation import gold_problem
from analysis.jsonlines import write_jsonlines


def test_malformed_lines_are_reported_and_skipped() -> None:
    lines = [
        '{"id": 1, "text": "Burglary on our road"}\n',
        "\n",
        "{not json\n",
        '["a list"]\n',
        '{"id": 4, "body": "no text field"}\n',
        '{"id": 5, "text": "Knife crime"}\n',
    ]
    records, errors = read_jsonlines(lines)
    assert [r["id"] for r in records] == [1, 5]
    assert [e.line for e in errors] == [3, 4, 5]
    assert "not valid JSON" in errors[0].message
    assert str(errors[2]).startswith("line 5: ")


def test_a_check_rejects_records_it_cannot_use() -> None:
    lines = ['{"text": "a", "priorities": ["harm_reduction"]}', '{"text": "b"}']
    records, errors = read_jsonlines(lines, check=gold_problem)
    assert len(records) == 1
    assert errors[0].line == 2 and "priorities" in errors[0].message


def test_tagged_records_keep_their_fields_and_add_the_tags() -> None:
    out = io.StringIO()
    text = "Café owner called a p*ki"
    write_jsonlines(tag_records([{"id": 7, "text": text}]), out)
    record = json.loads(out.getvalue())
    assert record["id"] == 7
    assert record["characteristics"] == ["race"]
    assert set(record) >= {"priorities", "themes", "sentiment", "urgent", "evidence"}
    assert set(record["sentiment"]) == {"polarity", "subjectivity"}
    start = text.index("p*ki")
    assert record["evidence"]["race"] == [[start, start + 4]]
    assert "Café" in out.getvalue()


def test_a_broken_line_is_described_by_what_is_wrong_with_it():
    records, errors = read_jsonlines(['{"text": "unfinished\n', '{"text": "fine"}\n'])

    assert [r["text"] for r in records] == ["fine"]
    [error] = errors
    assert error.line == 1
    assert "Unterminated string" in error.message and " at at " not in error.message
