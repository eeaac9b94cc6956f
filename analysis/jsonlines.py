"""Reading and writing JSON Lines, reporting bad lines by number instead of stopping."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

Record = dict[str, Any]


@dataclass(frozen=True)
class LineError:
    """A line that could not be used, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_jsonlines(
    lines: Iterable[str], check: Callable[[Record], str | None] | None = None
) -> tuple[list[Record], list[LineError]]:
    """Parse JSON objects with a "text" string, one per line; blank lines are skipped.

    `check` may return a problem with an otherwise valid record (for example, gold labels
    that are not lists); such lines are reported and skipped too.
    """
    records: list[Record] = []
    errors: list[LineError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        problem, record = _parse(line.rstrip("\r\n"))
        if problem is None and check is not None:
            problem = check(record)
        if problem is None:
            records.append(record)
        else:
            errors.append(LineError(number, problem))
    return records, errors


def write_jsonlines(records: Iterable[Record], stream: IO[str]) -> None:
    """Write one JSON object per line, keeping non-ASCII text readable."""
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def _parse(line: str) -> tuple[str | None, Record]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        # Some of json's messages end "at" already ("Invalid control character at").
        return f"not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno})", {}
    if not isinstance(record, dict):
        return 'must be a JSON object with a "text" field', {}
    if not isinstance(record.get("text"), str):
        return 'needs a "text" field holding a string', {}
    return None, record
