"""Reading one XLSForm survey row into an Engage question, noting whatever does not fit."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from surveys.imported import LeftOut
from surveys.model import QuestionType
from surveys.reading import describe
from surveys.scales import SCALES
from surveys.schema import DEFAULT_LIST, OTHER_SUFFIX
from surveys.xlsform_expressions import Rule, read_constraint, read_relevant, show_if
from surveys.xlsform_format import (
    APPEARANCE,
    CONSTRAINT,
    ENGAGE_TYPE,
    HINT,
    LABEL,
    LIKERT,
    MULTILINE,
    NAME,
    RELEVANT,
    REQUIRED,
    TYPE,
    XlsType,
)
from surveys.xlsform_left_out import column_message
from surveys.xlsform_sheets import FormRow

Options = list[dict[str, Any]]
REFERENCE = re.compile(r"\$\{([^}]*)\}")
QUESTION_COLUMNS = {
    TYPE,
    NAME,
    LABEL,
    HINT,
    REQUIRED,
    RELEVANT,
    CONSTRAINT,
    APPEARANCE,
    ENGAGE_TYPE,
}
# The Engage type each XLSForm type gives, and the Engage types `engage::type` may make it.
BASE_TYPES = {
    "select_one": QuestionType.SINGLE_CHOICE,
    "select_multiple": QuestionType.MULTIPLE_CHOICE,
    "text": QuestionType.FREE_TEXT,
    "integer": QuestionType.NUMBER,
    "decimal": QuestionType.NUMBER,
    "date": QuestionType.DATE,
    "acknowledge": QuestionType.CONSENT,
}
ENGAGE_TYPES = {
    "select_one": {
        QuestionType.SINGLE_CHOICE,
        QuestionType.SCALE,
        QuestionType.YES_NO,
        QuestionType.WARD,
    },
    "text": {QuestionType.FREE_TEXT, QuestionType.POSTCODE},
}
TRUE_CELLS = {"yes", "true", "true()", "1", "y"}
FALSE_CELLS = {"no", "false", "false()", "0", "n"}
YES_NO_OPTIONS = [("yes", {"en": "Yes"}), ("no", {"en": "No"})]
# The appearances a type of question takes the meaning of; any other is noted as left out.
APPEARANCES = {QuestionType.FREE_TEXT: {MULTILINE}, QuestionType.SCALE: {LIKERT}}


@dataclass
class Known:
    """The questions read so far: Engage's id for each XLSForm name, and each id's type."""

    ids: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)  # names of rows left out, or not questions

    def add(self, name: str, question: dict[str, Any]) -> None:
        """Remember a question read, and the "Please specify" question `other` adds."""
        self.ids[name] = question["id"]
        self.types[question["id"]] = question["type"]
        if question.get("other") is True:
            self.ids[name + OTHER_SUFFIX] = question["id"] + OTHER_SUFFIX
            self.types[question["id"] + OTHER_SUFFIX] = QuestionType.FREE_TEXT


@dataclass(frozen=True)
class GroupRule:
    """The `relevant` of a group around a question, which its questions take on."""

    group: str
    row: int
    text: str


def engage_id(name: str) -> str:
    """An XLSForm name as an Engage question id: lower case, with underscores for the rest."""
    text = re.sub(r"[^a-z0-9_]", "_", name.strip().lower())
    return text if re.match(r"[a-z]", text) else f"q_{text}"


def read_question(
    row: FormRow, xls: XlsType, choices: dict[str, Options], known: Known, groups: list[GroupRule]
) -> tuple[dict[str, Any] | None, list[LeftOut]]:
    """The question a survey row asks, or None when it was left out; and the notes on it."""
    name = row.value(NAME) or ""
    subject = f"{row.value(TYPE)} {describe(name)}" if name else str(row.value(TYPE))
    notes = _Notes(row, subject)
    kind = _engage_type(row, xls, notes)
    if not name or kind is None or not _has_list(xls, kind, choices, notes):
        if not name:
            notes.add("it has no name, so it was left out: give it a name in the name column")
        known.left_out.add(name)
        return None, notes.notes
    question: dict[str, Any] = {"id": _question_id(name, notes), "type": str(kind)}
    for key, base in (("label", LABEL), ("hint", HINT)):
        if row.text(base) is not None:
            question[key] = row.text(base)
    if _required(row, notes):
        question["required"] = True
    rule = _show_if(row, known, groups, notes)
    if rule is not None:
        question["show_if"] = rule
    question.update(_READERS.get(kind, _no_settings)(row, xls, choices, notes))
    question.update(_constraint(row, kind, notes))
    _note_appearance(row, kind, notes)
    _note_other_columns(row, notes)
    known.add(name, question)
    return question, notes.notes


@dataclass
class _Notes:
    """The notes on one row."""

    row: FormRow
    subject: str
    notes: list[LeftOut] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.notes.append(self.row.left_out(self.subject, message))


def _engage_type(row: FormRow, xls: XlsType, notes: _Notes) -> str | None:
    """The Engage type: from `engage::type` where it fits the XLSForm type, else the usual one."""
    base = BASE_TYPES.get(xls.kind)
    if base is None:
        return None
    written = (row.value(ENGAGE_TYPE) or "").strip().lower()
    allowed = ENGAGE_TYPES.get(xls.kind, {base})
    if written and written in allowed:
        return QuestionType(written)
    if written:
        usual = ", ".join(sorted(allowed))
        notes.add(
            f"engage::type {describe(written)} does not go with the type '{xls.kind}'; it was "
            f"left out. Use one of: {usual}"
        )
    if base is QuestionType.SINGLE_CHOICE and LIKERT in _appearances(row):
        return QuestionType.SCALE
    return base


def _has_list(xls: XlsType, kind: str, choices: dict[str, Options], notes: _Notes) -> bool:
    """Whether a select names a choice list that is there (a ward list is Engage's own)."""
    if not xls.kind.startswith("select"):
        return True
    if xls.list_name is None:
        notes.add("it names no choice list, so it was left out: write it like 'select_one fruits'")
        return False
    if xls.list_name in choices or kind == QuestionType.WARD:
        return True
    notes.add(
        f"its choice list '{xls.list_name}' is not in the choices sheet, so it was left out: "
        "add the list to the choices sheet"
    )
    return False


def _question_id(name: str, notes: _Notes) -> str:
    """The Engage id for a name, noting when it had to change."""
    question_id = engage_id(name)
    if question_id != name:
        notes.add(
            f"its name became '{question_id}': Engage's question ids are lower-case letters, "
            "digits and underscores, starting with a letter"
        )
    return question_id


def _required(row: FormRow, notes: _Notes) -> bool:
    """Whether the question must be answered; a formula in `required` makes it optional."""
    written = (row.value(REQUIRED) or "").strip()
    if written.lower() in TRUE_CELLS | FALSE_CELLS | {""}:
        return written.lower() in TRUE_CELLS
    notes.add(
        f"required {describe(written)} is a formula, which Engage cannot follow; the question "
        "was made optional. Write yes, or leave it empty"
    )
    return False


def _show_if(
    row: FormRow, known: Known, groups: list[GroupRule], notes: _Notes
) -> dict[str, Any] | None:
    """The question's own `relevant`, or else its group's, as a `show_if`."""
    own = row.value(RELEVANT)
    applied = None if own or not groups else groups[-1]
    for group in groups:
        if group is not applied:
            notes.add(
                f"the relevant of group '{group.group}' (row {group.row}) was not applied to it: "
                "an Engage question has one rule, and it has its own or an inner group's"
            )
    text = own or (applied.text if applied else None)
    if not text:
        return None
    rule = read_relevant(text)
    missing = [name for name in REFERENCE.findall(text) if name.strip() in known.left_out]
    if missing:
        notes.add(
            f"its relevant {describe(text)} was left out, so the question is always asked: it "
            f"depends on '{missing[0].strip()}', which Engage does not ask"
        )
        return None
    if rule is None:
        notes.add(
            f"its relevant {describe(text)} was left out, so the question is always asked: "
            "Engage follows only ${q} = 'v', ${q} != 'v', selected(${q}, 'v'), "
            "an 'or' of those on one question, and ${q} != ''"
        )
        return None
    return _rule_show_if(rule, text, known, notes)


def _rule_show_if(rule: Rule, text: str, known: Known, notes: _Notes) -> dict[str, Any] | None:
    """The `show_if` for a rule read, or None (noted) when it cannot be one."""
    question_id = known.ids.get(rule.question, engage_id(rule.question))
    found = show_if(rule, question_id, known.types.get(question_id))
    if isinstance(found, str):
        notes.add(
            f"its relevant {describe(text)} was left out, so the question is always asked: {found}"
        )
        return None
    return found


def _appearances(row: FormRow) -> list[str]:
    """The words in the `appearance` column."""
    return (row.value(APPEARANCE) or "").split()


def _choices(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """A single or multiple choice's options, and `other` for or_other."""
    options = copy.deepcopy(choices[str(xls.list_name)])
    return {"options": options, "other": True} if xls.or_other else {"options": options}


def _scale(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """A scale's preset when its list is one, word for word; else its options."""
    _note_or_other(xls, notes)
    options = choices[str(xls.list_name)]
    preset = SCALES.get(str(xls.list_name))
    if preset is not None and option_pairs(options) == [
        (o.value, o.label.translations) for o in preset
    ]:
        return {"scale": xls.list_name}
    return {"options": copy.deepcopy(options)}


def _yes_no(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """Nothing: a yes/no question offers Engage's own Yes and No."""
    _note_or_other(xls, notes)
    if option_pairs(choices[str(xls.list_name)]) != YES_NO_OPTIONS:
        notes.add(
            f"the choices of '{xls.list_name}' were left out: a yes_no question offers Engage's "
            "own Yes and No. To offer others, leave engage::type empty"
        )
    return {}


def _ward(row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes) -> dict[str, Any]:
    """The shared list a ward question takes its options from: the one its choice list names."""
    _note_or_other(xls, notes)
    return {} if xls.list_name == DEFAULT_LIST else {"list": xls.list_name}


def _free_text(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """Whether the text is long: the `multiline` appearance."""
    return {"long": True} if MULTILINE in _appearances(row) else {}


def _number(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """Whether decimals are allowed: a `decimal` question."""
    return {"integer": False} if xls.kind == "decimal" else {}


def _no_settings(
    row: FormRow, xls: XlsType, choices: dict[str, Options], notes: _Notes
) -> dict[str, Any]:
    """Nothing: the type has no settings of its own."""
    return {}


def _note_or_other(xls: XlsType, notes: _Notes) -> None:
    """Note an `or_other` on a select Engage gives no "Other" to."""
    if xls.or_other:
        notes.add("or_other was left out: only a single or multiple choice can have 'Other'")


def option_pairs(options: Options) -> list[tuple[Any, Any]]:
    """Options as (value, translations) pairs, to compare lists."""
    pairs = []
    for option in options:
        label = option.get("label")
        pairs.append((option.get("value"), {"en": label} if isinstance(label, str) else label))
    return pairs


def _constraint(row: FormRow, kind: str, notes: _Notes) -> dict[str, Any]:
    """The settings the `constraint` says, noting the parts Engage cannot check."""
    written = row.value(CONSTRAINT)
    if not written:
        return {}
    settings, unread = read_constraint(written, kind)
    for part in unread:
        notes.add(
            f"the constraint {describe(part)} was left out: Engage checks only a {kind} "
            f"question's {_LIMITS.get(kind, 'own rules')}"
        )
    return settings


_LIMITS: dict[str, str] = {
    QuestionType.NUMBER: "lowest and highest values, like '. >= 0 and . <= 100'",
    QuestionType.FREE_TEXT: "length, like 'string-length(.) <= 500'",
    QuestionType.MULTIPLE_CHOICE: "number of choices, like 'count-selected(.) <= 3'",
    QuestionType.DATE: "date not being in the future, '. <= today()'",
}


def _note_appearance(row: FormRow, kind: str, notes: _Notes) -> None:
    """Note each appearance the question's type takes no meaning from."""
    for word in _appearances(row):
        if word not in APPEARANCES.get(QuestionType(kind), set()):
            notes.add(
                f"the appearance '{word}' was left out: Engage shows each type of question "
                "one way, on the web and in Telegram"
            )


def _note_other_columns(row: FormRow, notes: _Notes) -> None:
    """Note each filled-in column that Engage has no place for."""
    for heading, text in row.unknown(QUESTION_COLUMNS):
        notes.add(f"the column '{heading}' ({describe(text)}): {column_message(heading)}")


Reader = Callable[[FormRow, XlsType, dict[str, Options], _Notes], dict[str, Any]]
_READERS: dict[str, Reader] = {
    QuestionType.SINGLE_CHOICE: _choices,
    QuestionType.MULTIPLE_CHOICE: _choices,
    QuestionType.SCALE: _scale,
    QuestionType.YES_NO: _yes_no,
    QuestionType.WARD: _ward,
    QuestionType.FREE_TEXT: _free_text,
    QuestionType.NUMBER: _number,
}
