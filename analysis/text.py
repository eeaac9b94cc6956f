"""Normalising and tokenising text while keeping every position in the original text."""

import re
from typing import NamedTuple

from analysis.stemming import stem

# Leetspeak and symbol substitutions seen in abuse ("sh1t", "r3tard", "f@g", "a$$").
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s", "!": "i"}
_LEET_CHARACTERS = frozenset(LEET)
APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"}
_APOSTROPHE_TABLE = str.maketrans(APOSTROPHES)
# A digit or symbol right after a letter ("sh1t"), or starting a word of letters ("4ssholes").
_DISGUISED = re.compile(r"(?<=[^\W\d_])[01345@$!]|(?<![\w@$!])[01345@$](?=[^\W\d_]{3})")
# Letters of any script, digits, and the * and # people use to star out a slur ("p*ki").
_WORD = re.compile(r"(?:[^\W_]|[*#])+(?:'(?:[^\W_]|[*#])+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
_NUMBER_THEN_WORD = re.compile(r"(\d+)([^\W\d_]+)")
# A quotation mark that opens a quotation: after a space or bracket, before a word.
_QUOTE_OPENS = re.compile(r"(?<![^\s(\[{:;,/-])['\"\u201c\u00ab](?=[\w*#])")
# A single quotation mark that closes one: after a word or punctuation, not before a letter.
_QUOTE_CLOSES = re.compile(r"(?<=\S)'(?!\w)")


class Token(NamedTuple):
    """One word of a text: its matching key and stem, and where it is in the original."""

    key: str
    stem: str
    start: int
    end: int
    sentence: int


def normalise(text: str) -> str:
    """Lowercase and undo leetspeak, character for character, so offsets do not move."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lowercase into two ("İ"); keep those so that lengths stay equal.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # Most texts are plain ASCII with no backtick: nothing to translate.
    if "`" in lowered or not lowered.isascii():
        lowered = lowered.translate(_APOSTROPHE_TABLE)
    # Most texts have none of the characters leetspeak uses: no need to search them.
    if _LEET_CHARACTERS.isdisjoint(lowered) or not _DISGUISED.search(lowered):
        return lowered
    return _undo_leet(lowered)


def _undo_leet(lowered: str) -> str:
    # Repeat, because each letter restored can reveal the next ("a$$" -> "as$" -> "ass").
    for _ in range(3):
        chars = list(lowered)
        for match in _DISGUISED.finditer(lowered):
            i = match.start()
            # "!" ends many words ("help!"); only count it between letters.
            if chars[i] != "!" or (i + 1 < len(chars) and chars[i + 1].isalpha()):
                chars[i] = LEET[chars[i]]
        changed = "".join(chars)
        if changed == lowered:
            break
        lowered = changed
    return lowered


def tokenise(normalised: str) -> list[Token]:
    """Split normalised text into tokens, numbering sentences as they go."""
    # A token's sentence is the number of sentence breaks before it; the breaks are passed
    # in order, as the words are, rather than searched for each word (this runs per word).
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(normalised)]
    passed, total = 0, len(breaks)
    tokens: list[Token] = []
    for match in _WORD.finditer(normalised):
        start, end = match.span()
        while passed < total and breaks[passed] < start:
            passed += 1
        word = match.group()
        if word.isalpha():  # the common case, kept short
            tokens.append(Token(word, stem(word), start, end, passed))
        elif word[0].isdigit() and not word.isdigit():
            tokens.extend(_split_number(start, word, passed))
        elif word.strip("*#"):
            tokens.append(make_token(word, start, end, passed))
    return tokens


def quotation_starts(normalised: str) -> frozenset[int]:
    """The offsets of the first characters of quoted words ("said 'go home'"). A single
    quotation mark counts only when a closing one follows, so that "'em" is no quotation."""
    if "'" not in normalised and '"' not in normalised and "\u201c" not in normalised:
        return frozenset()
    starts = set()
    for match in _QUOTE_OPENS.finditer(normalised):
        mark = match.group()
        if mark != "'" or _QUOTE_CLOSES.search(normalised, match.end()):
            starts.add(match.end())
    return frozenset(starts)


def make_token(word: str, start: int, end: int, sentence: int) -> Token:
    """Build a token; apostrophes are dropped from the key so "im" matches "i'm"."""
    key = word.replace("'", "") if "'" in word else word
    return Token(key, stem(key), start, end, sentence)


def _split_number(start: int, word: str, sentence: int) -> list[Token]:
    """Separate a number from the word stuck to it: "14yo" -> "14", "yo"."""
    glued = _NUMBER_THEN_WORD.fullmatch(word)
    if glued is None:
        return [make_token(word, start, start + len(word), sentence)] if _has_alnum(word) else []
    number, rest = glued.groups()
    middle = start + len(number)
    return [
        make_token(number, start, middle, sentence),
        make_token(rest, middle, start + len(word), sentence),
    ]


def _has_alnum(word: str) -> bool:
    return any(char.isalnum() for char in word)
