"""The population of an area by each equalities-monitoring group: the baseline responses are
compared with.

Engage ships a baseline per area as a CSV file in `engage/data/baselines/` (the format is in
the README there). Officers replace it by uploading a CSV in the same format; the upload is
kept in the instance folder, as `baselines/<area>.csv`, and is used instead of the shipped file.
"""

import csv
import io
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import surveys
from engage.errors import BaselineInvalid
from engage.models import User
from engage.services import DatabaseSession, audit
from engage.services.exports import inert_csv
from engage.services.forms import flow_for, latest_form

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "data" / "baselines"
MONITORING_FORM = "equalities-monitoring"
PREFER_NOT_TO_SAY = "prefer-not-to-say"
WHOLE_AREA = "all"
COLUMNS = ("question", "value", "label", "population_percent", "population_count", "source")
REQUIRED_COLUMNS = ("question", "value", "population_percent", "source")
GROUP_JOIN = "+"
ALL_BUT = "not:"
MOST_BYTES = 200_000
MOST_LINES = 2_000


@dataclass(frozen=True)
class MonitoringQuestion:
    """An equalities-monitoring question and its options, as a baseline may name them."""

    id: str
    label: str
    options: dict[str, str]  # value -> label, in the form's order

    def stated(self) -> list[str]:
        """The options that name a group: all but 'Prefer not to say'."""
        return [value for value in self.options if value != PREFER_NOT_TO_SAY]


Monitoring = Mapping[str, MonitoringQuestion]


@dataclass(frozen=True)
class Figure:
    """One line of a baseline: the share of the area's people in a group, and its source."""

    question: str
    values: tuple[str, ...]  # the options that make up the group
    label: str
    percent: float | None
    count: int | None
    source: str
    line: int

    @property
    def share(self) -> float | None:
        return None if self.percent is None else self.percent / 100


@dataclass(frozen=True)
class Baseline:
    """An area's figures, and whether officers uploaded them or they are the shipped ones."""

    area: str
    figures: list[Figure]
    uploaded: bool
    note: str = ""  # why an upload is not in use, when it is not

    @property
    def whole_area(self) -> Figure | None:
        return next((f for f in self.figures if f.question == WHOLE_AREA), None)

    def for_question(self, question_id: str) -> list[Figure]:
        return [f for f in self.figures if f.question == question_id]

    @property
    def description(self) -> str:
        kind = "uploaded by officers" if self.uploaded else "shipped with Engage"
        return f"{self.area.title()} ({kind})"


def monitoring_questions(session: DatabaseSession) -> dict[str, MonitoringQuestion]:
    """The monitoring questions of the newest stored equalities-monitoring form."""
    flow = flow_for(latest_form(session, MONITORING_FORM))
    return {
        q.id: MonitoringQuestion(
            q.id,
            flow.text(q.label) or q.id,
            {o.value: flow.text(o.label) or o.value for o in q.options},
        )
        for q in flow.definition.questions
        if q.type is surveys.QuestionType.SINGLE_CHOICE
    }


def load_baseline(area: str, uploads: Path, monitoring: Monitoring) -> Baseline:
    """The area's uploaded baseline if it still fits the questions, else the shipped one."""
    uploaded = uploads / f"{area}.csv"
    note = ""
    if uploaded.exists():
        try:
            return Baseline(area, parse_baseline(uploaded.read_text("utf-8"), monitoring), True)
        except BaselineInvalid:
            # The monitoring questions changed since the upload: say so, use the shipped one.
            note = "The uploaded baseline no longer fits the monitoring questions: upload it again"
    return Baseline(area, parse_baseline(shipped_text(area), monitoring), False, note)


def shipped_text(area: str) -> str:
    """The text of the baseline shipped for an area; empty when none ships."""
    shipped = SHIPPED_DIR / f"{area}.csv"
    return shipped.read_text("utf-8") if shipped.exists() else ",".join(COLUMNS) + "\n"


def baseline_text(area: str, uploads: Path) -> str:
    """The baseline in use for an area, as the CSV an officer can download, edit and upload.

    A label or source an officer uploaded is made inert, like every export's cells: the next
    officer to open the file in a spreadsheet must not run it as a formula.
    """
    uploaded = uploads / f"{area}.csv"
    return inert_csv(uploaded.read_text("utf-8") if uploaded.exists() else shipped_text(area))


def replace_baseline(
    session: DatabaseSession,
    actor: User,
    area: str,
    uploads: Path,
    data: bytes,
    monitoring: Monitoring,
) -> Baseline:
    """Check an uploaded CSV and, only if all of it is right, make it the area's baseline."""
    text = decode(data)
    figures = parse_baseline(text, monitoring)
    uploads.mkdir(parents=True, exist_ok=True)
    # Written beside and then renamed over the old file, so no reader sees half a file.
    handle, temporary = tempfile.mkstemp(dir=uploads, suffix=".csv.part")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    os.replace(temporary, uploads / f"{area}.csv")
    audit.record(
        session, actor, audit.BASELINE_REPLACED, "baseline", None, f"{area}: {len(figures)} rows"
    )
    return Baseline(area, figures, True)


def decode(data: bytes) -> str:
    """The text of an uploaded file, or every reason it cannot be read as a CSV."""
    if not data.strip():
        raise BaselineInvalid(["The file is empty. Choose the CSV file with the baseline in it"])
    if len(data) > MOST_BYTES:
        raise BaselineInvalid([f"The file must be smaller than {MOST_BYTES // 1000} KB"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BaselineInvalid(
            ["The file must be a CSV saved as UTF-8. In Excel, choose 'CSV UTF-8' when you save"]
        ) from None


def parse_baseline(text: str, monitoring: Monitoring) -> list[Figure]:
    """Every figure of a baseline CSV, or every problem with it, by line."""
    rows = _rows(text)
    if len(rows) > MOST_LINES:
        raise BaselineInvalid([f"The file must have fewer than {MOST_LINES:,} lines"])
    columns, problems = _columns(rows[0] if rows else [])
    if problems:
        raise BaselineInvalid(problems)
    figures: list[Figure] = []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
        figure = _figure(cells, line, monitoring, problems)
        if figure is None:
            continue
        key = (figure.question, tuple(sorted(figure.values)))
        if key in seen:
            problems.append(f"Line {line}: the same group is on line {seen[key]}. Keep only one")
        seen.setdefault(key, line)
        figures.append(figure)
    problems.extend(_totals_over_100(figures))
    if problems:
        raise BaselineInvalid(problems)
    return figures


def _rows(text: str) -> list[list[str]]:
    """The rows of a CSV, or the line at which it cannot be read as one."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        line = reader.line_num
        if "field larger than field limit" in str(error):
            limit = csv.field_size_limit()
            raise BaselineInvalid(
                [f"Line {line} has a cell longer than {limit:,} characters. Check it is a baseline"]
            ) from None
        raise BaselineInvalid(
            [f'Line {line} has a quote (") that is not closed. Check the cells on that line']
        ) from None


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each column is, from the header line, or what is wrong with the header."""
    names = [cell.strip().lower() for cell in header]
    problems = [
        f"Line 1: there is no '{name}' column. The first line must name the columns: "
        + ",".join(COLUMNS)
        for name in REQUIRED_COLUMNS
        if name not in names
    ]
    problems += [
        f"Line 1: '{name}' is not a column Engage knows. Use only: {', '.join(COLUMNS)}"
        for name in names
        if name and name not in COLUMNS
    ]
    return {name: names.index(name) for name in COLUMNS if name in names}, problems


def _figure(
    cells: dict[str, str], line: int, monitoring: Monitoring, problems: list[str]
) -> Figure | None:
    """One line's figure, adding what is wrong with it to `problems`."""
    before = len(problems)
    question = cells.get("question", "")
    values = _values(question, cells.get("value", ""), line, monitoring, problems)
    percent = _percent(cells.get("population_percent", ""), line, problems)
    count = _count(cells.get("population_count", ""), line, problems)
    source = cells.get("source", "")
    if (percent is not None or count is not None) and not source:
        problems.append(f"Line {line}: give the source of the figure: who published it, and when")
    if values is None or len(problems) > before:
        return None
    label = cells.get("label", "") or _group_label(question, values, monitoring)
    return Figure(question, values, label, percent, count, source, line)


def _values(
    question: str, value: str, line: int, monitoring: Monitoring, problems: list[str]
) -> tuple[str, ...] | None:
    """The options a line's group is made of; None (and a problem) when they are not right."""
    if question == WHOLE_AREA:
        if value:
            problems.append(f"Line {line}: leave the value blank on the '{WHOLE_AREA}' line")
        return ()
    found = monitoring.get(question)
    if found is None:
        problems.append(f"Line {line}: {_unknown(question, [WHOLE_AREA, *monitoring], 'question')}")
        return None
    excluded = value.startswith(ALL_BUT)
    named = [v.strip() for v in value.removeprefix(ALL_BUT).split(GROUP_JOIN) if v.strip()]
    if not named:
        problems.append(f"Line {line}: enter the value of one of the {question} options")
        return None
    wrong = [v for v in named if v not in found.stated()]
    for v in wrong:
        problems.append(f"Line {line}: {_unknown(v, found.stated(), f'value of {question}')}")
    if wrong:
        return None
    if excluded:
        return tuple(v for v in found.stated() if v not in named)
    return tuple(dict.fromkeys(named))


def _unknown(typed: str, known: list[str], what: str) -> str:
    close = get_close_matches(typed, known, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    if not typed:
        return f"enter the {what}: one of {', '.join(known)}"
    return f"'{typed}' is not a {what} Engage knows.{hint} Use one of: {', '.join(known)}"


def _percent(typed: str, line: int, problems: list[str]) -> float | None:
    if not typed:
        return None
    try:
        percent = float(typed.removesuffix("%").strip())
    except ValueError:
        percent = -1.0
    if not 0 <= percent <= 100:
        problems.append(
            f"Line {line}: population_percent '{typed}' must be a percentage from 0 to 100, "
            "like 20.5, or blank when there is no figure"
        )
        return None
    return percent


def _count(typed: str, line: int, problems: list[str]) -> int | None:
    if not typed:
        return None
    plain = typed.replace(",", "")
    if not plain.isdigit():
        problems.append(
            f"Line {line}: population_count '{typed}' must be a whole number of people, "
            "like 262000, or blank"
        )
        return None
    return int(plain)


def _group_label(question: str, values: tuple[str, ...], monitoring: Monitoring) -> str:
    if not values:
        return "Everyone in the area"
    options = monitoring[question].options
    return " or ".join(options[v] for v in values)


def _totals_over_100(figures: list[Figure]) -> list[str]:
    """A question's single groups cannot hold more than all of the area's people."""
    totals: dict[str, tuple[float, int]] = {}
    for figure in figures:
        if len(figure.values) == 1 and figure.percent is not None:
            total, _ = totals.get(figure.question, (0.0, 0))
            totals[figure.question] = (total + figure.percent, figure.line)
    return [
        f"Line {line}: the population_percent of the {question} groups add up to {total:g}%. "
        "They must add up to 100 or less"
        for question, (total, line) in totals.items()
        if total > 100.5
    ]
