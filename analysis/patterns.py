"""Lexicon phrases compiled into sequences of token tests.

Phrase syntax (see README.md): words match their word forms; "=word" matches that exact word;
"(a|b)" is one of several words; a trailing "?" makes a word or group optional; "..." allows
up to three words in between; "<age>" is a number in the age ranges; "<number>" is any number;
"<quote>" is the first word of a quotation ("told me 'go home'").
"""

import re
from dataclasses import dataclass
from itertools import product

from analysis.stemming import stem
from analysis.text import APOSTROPHES

GAP_WORDS = 3
MAX_VARIANTS = 256
# A part of a phrase: a bracketed choice (which may contain spaces) or a run of other characters.
_PARTS = re.compile(r"\([^()]*\)\??|[^\s()]+")
_PIECES = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_PLACEHOLDERS = ("<age>", "<number>", "<quote>")


class PhraseError(ValueError):
    """A lexicon phrase that cannot be compiled; the message says why."""


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a phrase: the tokens it accepts."""

    kind: str  # "word", "gap", "age", "number" or "quote"
    words: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()


GAP = Element("gap")
Pattern = tuple[Element, ...]


def compile_phrase(phrase: str) -> list[Pattern]:
    """Compile one phrase into the patterns it stands for (one per choice of optional parts)."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise PhraseError("a phrase must be a non-empty string")
    parts = _PARTS.findall(phrase)
    if re.sub(r"\s", "", "".join(parts)) != re.sub(r"\s", "", phrase):
        raise PhraseError(f"{phrase!r}: unbalanced brackets; write a choice as (a|b)")
    slots = [_parse_part(part) for part in parts]
    variants = list(product(*slots))
    if len(variants) > MAX_VARIANTS:
        raise PhraseError(f"too many choices in {phrase!r}; split it into several phrases")
    patterns = [tuple(el for chosen in variant for el in chosen) for variant in variants]
    for pattern in patterns:
        _check(pattern, phrase)
    return [pattern for pattern in patterns if pattern]


def joined_form(pattern: Pattern) -> Pattern | None:
    """The phrase written as one word ("fly tipping" -> "flytipping"), for short literal phrases."""
    if not 2 <= len(pattern) <= 3:
        return None
    if any(el.kind != "word" or len(el.words) != 1 for el in pattern):
        return None
    key = "".join(next(iter(el.words)) for el in pattern)
    return (Element("word", frozenset({key}), frozenset({stem(key)})),)


def _parse_part(part: str) -> list[list[Element]]:
    """The ways one part of a phrase (a word, a choice in brackets, ...) can be matched."""
    optional = part.endswith("?") and len(part) > 1
    body = part[:-1] if optional else part
    if body == "...":
        if optional:
            raise PhraseError("'...' cannot be optional")
        return [[GAP]]
    if body in _PLACEHOLDERS:
        choices = [[Element(body[1:-1])]]
    elif body.startswith("(") and body.endswith(")"):
        choices = _group(body[1:-1], part)
    elif "(" in body or ")" in body or "|" in body:
        raise PhraseError(f"'{part}': write a choice as (a|b)")
    else:
        choices = _word_choices(body)
    return choices + [[]] if optional else choices


def _group(inside: str, part: str) -> list[list[Element]]:
    """A choice "(a|b c|d)": single words merge into one test, phrases stay separate."""
    single_words: list[Element] = []
    choices: list[list[Element]] = []
    for alternative in inside.split("|"):
        words = alternative.split()
        if not words or "..." in words or any(w in _PLACEHOLDERS for w in words):
            raise PhraseError(f"'{part}': each choice must be one or more words")
        for sequence in product(*[_word_choices(word) for word in words]):
            elements = [el for chosen in sequence for el in chosen]
            if len(elements) == 1:
                single_words.append(elements[0])
            else:
                choices.append(elements)
    if single_words:
        merged = Element(
            "word",
            frozenset().union(*(el.words for el in single_words)),
            frozenset().union(*(el.stems for el in single_words)),
        )
        choices.insert(0, [merged])
    return choices


def _word_choices(text: str) -> list[list[Element]]:
    """A word; a hyphenated word ("anti-social") is also written "anti social" and "antisocial"."""
    elements = _word(text)
    if len(elements) == 1:
        return [elements]
    marker = "=" if text.startswith("=") else ""
    return [elements, _word(marker + "".join(next(iter(el.words)) for el in elements))]


def _word(text: str) -> list[Element]:
    """A word, or several when the text tokeniser would split it ("a&e", "anti-social")."""
    exact = text.startswith("=")
    body = "".join(APOSTROPHES.get(char, char) for char in text.lstrip("=").lower())
    pieces = _PIECES.findall(body)
    if not pieces:
        raise PhraseError(f"'{text}' is not a word")
    elements = []
    for piece in pieces:
        key = piece.replace("'", "")
        stems = frozenset() if exact else frozenset({stem(key)})
        elements.append(Element("word", frozenset({key}), stems))
    return elements


def _check(pattern: Pattern, phrase: str) -> None:
    if pattern and (pattern[0].kind == "gap" or pattern[-1].kind == "gap"):
        raise PhraseError(f"{phrase!r}: '...' must be between words")
    if pattern and all(el.kind == "gap" for el in pattern):
        raise PhraseError(f"{phrase!r} has no words")
    # A phrase is looked up by a word (or a number) before any gap; a quotation mark alone
    # cannot wake it up.
    fixed = next((k for k, el in enumerate(pattern) if el.kind == "gap"), len(pattern))
    if pattern and all(el.kind == "quote" for el in pattern[:fixed]):
        raise PhraseError(f"{phrase!r}: '<quote>' needs a word before it or before any '...'")
