"""XLSForm's expressions for skip logic (`relevant`) and checks (`constraint`), both ways.

Only the expressions that say what an Engage rule says are read: `${q} = 'v'`, `${q} != 'v'`,
`selected(${q}, 'v')`, `not(selected(${q}, 'v'))`, an `or` of equalities on one question, and
`${q} != ''` or `${q} = ''`; and, as constraints, lowest and highest values, the most characters,
the fewest and most choices, and no date in the future.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.model import QuestionType
from surveys.reading import is_number
from surveys.schema import BOOLEAN_TYPES
from surveys.xlsform_format import ACKNOWLEDGED

NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
TOKEN = re.compile(
    rf"""\s*(?:
    (?P<ref>\$\{{[^}}]*\}})
    |(?P<string>'[^']*'|"[^"]*")
    |(?P<number>{NUMBER})
    |(?P<op>!=|=)
    |(?P<punct>[(),])
    |(?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)
TRUE_WORDS = {"yes", "true", "1", ACKNOWLEDGED.lower(), "y"}
FALSE_WORDS = {"no", "false", "0", "n"}
CHOICE_WORD = {True: "'yes'", False: "'no'"}
CONSENT_WORD = {True: f"'{ACKNOWLEDGED}'", False: "'no'"}

# The constraints that say what an Engage setting says, by question type: (pattern, key).
COUNT = r"count-selected\(\s*\.\s*\)"
CONSTRAINTS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    QuestionType.NUMBER: [
        (re.compile(rf"\.\s*>=\s*({NUMBER})"), "min"),
        (re.compile(rf"\.\s*<=\s*({NUMBER})"), "max"),
    ],
    QuestionType.FREE_TEXT: [(re.compile(r"string-length\(\s*\.\s*\)\s*<=\s*(\d+)"), "max_length")],
    QuestionType.MULTIPLE_CHOICE: [
        (re.compile(rf"{COUNT}\s*>=\s*(\d+)"), "min_selections"),
        (re.compile(rf"{COUNT}\s*<=\s*(\d+)"), "max_selections"),
    ],
    QuestionType.DATE: [(re.compile(r"\.\s*<=\s*today\(\s*\)"), "not_future")],
}
CONSTRAINT_WRITING = {
    "min": ". >= {}",
    "max": ". <= {}",
    "max_length": "string-length(.) <= {}",
    "min_selections": "count-selected(.) >= {}",
    "max_selections": "count-selected(.) <= {}",
}

Atom = tuple[str, str, Any]  # (question name, "=" "!=" "selected" or "not selected", value)


@dataclass(frozen=True)
class Rule:
    """A `relevant` as XLSForm says it, before it is matched with the question it names."""

    question: str
    operator: str  # "equals", "not_equals", "any_of" or "answered"
    operand: Any
    selected: bool = False  # written with selected(), as a select_multiple needs


def read_relevant(text: str) -> Rule | None:
    """The rule a `relevant` expression says, or None when Engage has no rule like it."""
    tokens = _tokens(text)
    atoms: list[Atom] = []
    while tokens:
        atom = _atom(tokens)
        if atom is None:
            return None
        atoms.append(atom)
        if not tokens:
            return _rule(atoms)
        if tokens.pop(0) != ("word", "or"):
            return None
    return None


def _tokens(text: str) -> list[tuple[str, str]] | None:
    """The expression's tokens as (kind, text), or None if it has any other kind."""
    tokens: list[tuple[str, str]] = []
    position, text = 0, text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append((kind, value.lower() if kind == "word" else value))
        position = match.end()
    return tokens


def _atom(tokens: list[tuple[str, str]]) -> Atom | None:
    """One comparison taken from the front of the tokens."""
    if tokens[:1] == [("word", "not")]:
        inner = _atom(tokens) if _expect(tokens, ("word", "not"), ("punct", "(")) else None
        if inner is None or inner[1] != "selected" or not _expect(tokens, ("punct", ")")):
            return None
        return (inner[0], "not selected", inner[2])
    if tokens[:1] == [("word", "selected")]:
        if not _expect(tokens, ("word", "selected"), ("punct", "(")) or not tokens:
            return None
        name = _reference(tokens.pop(0))
        if name is None or not _expect(tokens, ("punct", ",")):
            return None
        value = _literal(tokens)
        if value is None or not _expect(tokens, ("punct", ")")):
            return None
        return (name, "selected", value)
    name = _reference(tokens.pop(0)) if tokens else None
    if name is None or not tokens or tokens[0][0] != "op":
        return None
    operator = tokens.pop(0)[1]
    value = _literal(tokens)
    return None if value is None else (name, operator, value)


def _expect(tokens: list[tuple[str, str]], *expected: tuple[str, str]) -> bool:
    """Take the expected tokens from the front, saying whether they were there."""
    return all(tokens and tokens.pop(0) == token for token in expected)


def _reference(token: tuple[str, str]) -> str | None:
    """The question a `${name}` token names."""
    return token[1][2:-1].strip() if token[0] == "ref" else None


def _literal(tokens: list[tuple[str, str]]) -> Any:
    """A text or a number taken from the front of the tokens, or None."""
    if not tokens:
        return None
    kind, text = tokens.pop(0)
    if kind == "string":
        return text[1:-1]
    if kind == "number":
        return read_number(text)
    if (kind, text) != ("word", "concat") or not _expect(tokens, ("punct", "(")):
        return None
    parts = []
    while tokens and tokens[0][0] == "string":
        parts.append(tokens.pop(0)[1][1:-1])
        if tokens[:1] == [("punct", ",")]:
            tokens.pop(0)
    return "".join(parts) if parts and _expect(tokens, ("punct", ")")) else None


def _rule(atoms: list[Atom]) -> Rule | None:
    """The rule that a list of comparisons joined by `or` says, if Engage has one."""
    (name, operator, value), *others = atoms
    selected = operator in {"selected", "not selected"}
    if not others:
        if value == "" and operator in {"=", "!="}:
            return Rule(name, "answered", operator == "!=")
        positive = operator in {"=", "selected"}
        return Rule(name, "equals" if positive else "not_equals", value, selected)
    same = all(other[0] == name and other[1] == operator for other in others)
    if not same or operator not in {"=", "selected"} or "" in [atom[2] for atom in atoms]:
        return None
    return Rule(name, "any_of", tuple(atom[2] for atom in atoms), selected)


def read_number(text: str) -> int | float:
    """A number as written: a whole number when it has no point or exponent."""
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def show_if(rule: Rule, question_id: str, target_type: str | None) -> dict[str, Any] | str:
    """The `show_if` for a rule on a question of `target_type`, or why there is none."""
    if rule.operator == "answered":
        return {"question": question_id, "answered": rule.operand}
    if target_type == QuestionType.MULTIPLE_CHOICE and not rule.selected:
        return (
            "on a select_multiple, '=' and '!=' compare the whole answer, which Engage cannot do: "
            f"write selected(${{{rule.question}}}, 'value') instead"
        )
    if rule.operator == "any_of":
        operand: Any = [_operand(value, target_type) for value in rule.operand]
    else:
        operand = _operand(rule.operand, target_type)
    return {"question": question_id, rule.operator: operand}


def _operand(value: Any, target_type: str | None) -> Any:
    """A compared value as the question named would give it: true, a number or text."""
    if target_type in BOOLEAN_TYPES:
        word = str(value).lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
    if target_type == QuestionType.NUMBER:
        return value if is_number(value) or not _is_number_text(value) else read_number(value)
    if target_type is not None and is_number(value):
        return number_text(value)
    return value


def _is_number_text(value: Any) -> bool:
    """Whether a value is text that spells a number."""
    return isinstance(value, str) and re.fullmatch(NUMBER, value.strip()) is not None


def relevant_text(condition: Mapping[str, Any], target_type: str) -> str:
    """A `show_if` as an XLSForm `relevant` expression."""
    reference = "${" + str(condition["question"]) + "}"
    if "answered" in condition:
        return f"{reference} != ''" if condition["answered"] else f"{reference} = ''"
    multiple = target_type == QuestionType.MULTIPLE_CHOICE
    if "any_of" in condition:
        values = [_written(value, target_type) for value in condition["any_of"]]
        if multiple:
            return " or ".join(f"selected({reference}, {value})" for value in values)
        return " or ".join(f"{reference} = {value}" for value in values)
    operator = "equals" if "equals" in condition else "not_equals"
    value = _written(condition[operator], target_type)
    if multiple:
        test = f"selected({reference}, {value})"
        return test if operator == "equals" else f"not({test})"
    return f"{reference} {'=' if operator == 'equals' else '!='} {value}"


def _written(value: Any, target_type: str) -> str:
    """A compared value as an XLSForm literal."""
    if isinstance(value, bool):
        return (CONSENT_WORD if target_type == QuestionType.CONSENT else CHOICE_WORD)[value]
    if is_number(value):
        return number_text(value)
    return quoted(str(value))


def quoted(text: str) -> str:
    """Text as an XPath string literal, which has no escapes: concat() joins the quotes in."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    pieces = []
    for index, part in enumerate(text.split("'")):
        pieces += (['"\'"'] if index else []) + ([f"'{part}'"] if part else [])
    return f"concat({', '.join(pieces)})"


def number_text(value: int | float) -> str:
    """A number as XLSForm writes it."""
    return str(value) if isinstance(value, int) else repr(value)


def read_constraint(text: str, question_type: str) -> tuple[dict[str, Any], list[str]]:
    """The settings a `constraint` says for a question of this type, and the parts it cannot."""
    settings: dict[str, Any] = {}
    unread: list[str] = []
    for part in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        bare = part.strip()
        while bare.startswith("(") and bare.endswith(")"):
            bare = bare[1:-1].strip()
        key, value = _constraint_part(bare, question_type)
        if key is None or key in settings:
            unread.append(part.strip())
        else:
            settings[key] = value
    return settings, unread


def _constraint_part(text: str, question_type: str) -> tuple[str | None, Any]:
    """The setting one part of a constraint says, as (key, value), or (None, None)."""
    for pattern, key in CONSTRAINTS.get(question_type, []):
        match = pattern.fullmatch(text)
        if match and key == "not_future":
            return key, True
        if match:
            return key, read_number(match.group(1))
    return None, None


def constraint_text(question: Mapping[str, Any]) -> str | None:
    """The `constraint` that says a question's limits, or None when it has none."""
    parts = [
        template.format(number_text(question[key]))
        for key, template in CONSTRAINT_WRITING.items()
        if key in question and is_number(question[key])
    ]
    if question.get("not_future") is True:
        parts.append(". <= today()")
    return " and ".join(parts) or None
