"""Finding every lexicon phrase in a list of tokens, with one dictionary look-up per token."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.patterns import GAP_WORDS, Element, Pattern, compile_phrase, joined_form
from analysis.stemming import stem
from analysis.text import Token

# Who a phrase belongs to and in what role: ("race", "term"), ("cue:hostility", "term"),
# ("race", "exclude"), ("*", "exclude") for exclusions that apply to every label, ...
Source = tuple[str, str]
Candidate = tuple[Pattern, Source, int, bool]
OLDEST = 110


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in the text: whose it is and where (characters of the original text)."""

    source: Source
    start: int
    end: int
    sentence: int


class PhraseIndex:
    """All phrases of all lexicons, each indexed by its rarest word.

    Indexing "go back to your country" under "country" rather than "go" means that a text
    full of common words wakes up few phrases; `frequencies` (word counts of ordinary
    English) says which word is rarest.
    """

    def __init__(self, age_range: tuple[int, int], frequencies: Mapping[str, int]) -> None:
        self.young_below, self.older_from = age_range
        self.frequencies = frequencies
        # word, stem or number -> (pattern, source, anchor position, whether words only)
        self._by_word: dict[str, list[Candidate]] = defaultdict(list)
        self._by_stem: dict[str, list[Candidate]] = defaultdict(list)
        self._by_number: list[Candidate] = []
        self.words: set[str] = set()

    def add(self, phrase: str, source: Source) -> None:
        """Add a phrase (already checked by the lexicon loader) for the given source."""
        for pattern in compile_phrase(phrase):
            self._add_pattern(pattern, source)
            joined = joined_form(pattern)
            if joined:
                self._add_pattern(joined, source)

    def _add_pattern(self, pattern: Pattern, source: Source) -> None:
        for element in pattern:
            self.words |= element.words
        plain = all(element.kind == "word" for element in pattern)
        anchor = self._anchor(pattern)
        candidate = (pattern, source, anchor, plain)
        element = pattern[anchor]
        if element.kind != "word":
            self._by_number.append(candidate)
            return
        for word in element.words:
            # A stem covers every form of a word; exact words need their own entry.
            if stem(word) not in element.stems:
                self._by_word[word].append(candidate)
        for word_stem in element.stems:
            self._by_stem[word_stem].append(candidate)

    def _anchor(self, pattern: Pattern) -> int:
        """The position of the rarest word before any gap, so the phrase start is known."""
        fixed = next((k for k, el in enumerate(pattern) if el.kind == "gap"), len(pattern))
        return min(range(fixed), key=lambda k: self._commonness(pattern[k]))

    def _commonness(self, element: Element) -> int:
        if element.kind != "word":
            return 10**9  # any number at all
        return max(self.frequencies.get(word, 0) for word in element.words)

    def find(self, tokens: list[Token]) -> list[Hit]:
        """Every occurrence of every phrase, within one sentence."""
        hits: set[Hit] = set()
        for i, token in enumerate(tokens):
            for pattern, source, anchor, plain in self._candidates(token):
                start = i - anchor
                if start < 0 or tokens[start].sentence != token.sentence:
                    continue
                if plain:
                    end = _plain_match_end(pattern, tokens, start, token.sentence)
                else:
                    end = self._match_end(pattern, 0, tokens, start, token.sentence)
                if end is not None:
                    hit = Hit(source, tokens[start].start, tokens[end - 1].end, token.sentence)
                    hits.add(hit)
        return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.source))

    def _candidates(self, token: Token) -> list[Candidate]:
        by_word = self._by_word.get(token.key)
        by_stem = self._by_stem.get(token.stem)
        found = by_word + by_stem if by_word and by_stem else by_word or by_stem or []
        if token.key.isdigit():
            found = found + self._by_number
        return found

    def _match_end(
        self, pattern: Pattern, k: int, tokens: list[Token], i: int, sentence: int
    ) -> int | None:
        """Index after the last token matched when pattern[k:] matches from token i, or None."""
        while k < len(pattern):
            element = pattern[k]
            if element.kind == "gap":
                for skip in range(GAP_WORDS + 1):
                    end = self._match_end(pattern, k + 1, tokens, i + skip, sentence)
                    if end is not None:
                        return end
                return None
            if i >= len(tokens) or tokens[i].sentence != sentence:
                return None
            if not self._accepts(element, tokens[i]):
                return None
            k, i = k + 1, i + 1
        return i

    def _accepts(self, element: Element, token: Token) -> bool:
        if element.kind == "word":
            return token.key in element.words or token.stem in element.stems
        if not token.key.isdigit():
            return False
        if element.kind == "number":
            return True
        years = int(token.key)
        return 0 < years < self.young_below or self.older_from <= years <= OLDEST


def _plain_match_end(
    pattern: Pattern, tokens: list[Token], start: int, sentence: int
) -> int | None:
    """_match_end for patterns of words only, the common case, without recursion."""
    end = start + len(pattern)
    if end > len(tokens):
        return None
    j = start
    for element in pattern:
        token = tokens[j]
        if token.sentence != sentence or (
            token.key not in element.words and token.stem not in element.stems
        ):
            return None
        j += 1
    return end
