"""Finding every lexicon phrase in a list of tokens, with few dictionary look-ups per token."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from analysis.patterns import GAP_WORDS, Element, Pattern, compile_phrase, joined_form
from analysis.stemming import stem
from analysis.text import Token

# Who a phrase belongs to and in what role: ("race", "term"), ("cue:hostility", "term"),
# ("race", "exclude"), ("*", "exclude") for exclusions that apply to every label, ...
Source = tuple[str, str]
# A test of one word of a phrase: its position in the phrase and the words and stems it takes.
Check = tuple[int, frozenset[str], frozenset[str]]
# A phrase of several words and no gap: its source, the position of the word it is indexed
# by, its length and the tests of its words other than the two already looked up.
PlainCandidate = tuple[Source, int, int, tuple[Check, ...]]
# A phrase with a gap or a number: its pattern, source and the position it is indexed by.
GappedCandidate = tuple[Pattern, Source, int]
# Phrases keyed by the word or stem found a given distance from the indexing word.
ByNeighbour = dict[int, tuple[dict[str, list[PlainCandidate]], dict[str, list[PlainCandidate]]]]
# The sentence a phrase must stay in, and where the text's quotations start.
Where = tuple[int, frozenset[int]]
OLDEST = 110
HIT_ORDER = attrgetter("start", "end", "source")
MAX_CACHED_WORDS = 100_000


class Hit(NamedTuple):
    """A phrase found in the text: whose it is and where (characters of the original text)."""

    source: Source
    start: int
    end: int
    sentence: int


@dataclass
class Anchored:
    """The phrases indexed by one word or stem.

    A phrase of several words is filed again under its second rarest word and that word's
    distance from the first, so a token looks up each distance once instead of testing every
    phrase that shares its word ("police" starts hundreds of phrases).
    """

    single: list[Source] = field(default_factory=list)
    by_neighbour: ByNeighbour = field(default_factory=dict)
    gapped: list[GappedCandidate] = field(default_factory=list)
    # Phrases with a number or a quotation, tried only in texts that have one ("I'm 14"
    # is indexed by "I", which nearly every text has).
    numbered: list[GappedCandidate] = field(default_factory=list)
    quoting: list[GappedCandidate] = field(default_factory=list)

    def add_plain(self, source: Source, anchor: int, checks: list[Check]) -> None:
        if not checks:
            self.single.append(source)
            return
        (position, words, stems), rest = checks[0], tuple(checks[1:])
        by_word, by_stem = self.by_neighbour.setdefault(position - anchor, ({}, {}))
        candidate = (source, anchor, len(checks) + 1, rest)
        # A word's stem finds it already; exact words ("=kids") need their own entry.
        for word in words:
            if stem(word) not in stems:
                by_word.setdefault(word, []).append(candidate)
        for word_stem in stems:
            by_stem.setdefault(word_stem, []).append(candidate)

    def merged(self, other: "Anchored") -> "Anchored":
        """The phrases of both (those of a token's word and those of its stem)."""
        both = Anchored(
            self.single + other.single,
            {},
            self.gapped + other.gapped,
            self.numbered + other.numbered,
            self.quoting + other.quoting,
        )
        for table in (self.by_neighbour, other.by_neighbour):
            for distance, (by_word, by_stem) in table.items():
                into = both.by_neighbour.setdefault(distance, ({}, {}))
                for source, target in ((by_word, into[0]), (by_stem, into[1])):
                    for key, candidates in source.items():
                        target[key] = target.get(key, []) + candidates
        return both


NOTHING = Anchored()


class PhraseIndex:
    """All phrases of all lexicons, each indexed by its rarest word.

    Indexing "go back to your country" under "country" rather than "go" means that a text
    full of common words wakes up few phrases; `frequencies` (word counts of ordinary
    English) says which word is rarest.
    """

    def __init__(self, age_range: tuple[int, int], frequencies: Mapping[str, int]) -> None:
        self.young_below, self.older_from = age_range
        self.frequencies = frequencies
        self._by_word: dict[str, Anchored] = {}
        self._by_stem: dict[str, Anchored] = {}
        self._by_number: list[GappedCandidate] = []
        # A token's key decides its stem, so the phrases it wakes are worked out once a word.
        self._cache: dict[str, Anchored] = {}
        self.words: set[str] = set()

    def add(self, phrase: str, source: Source) -> None:
        """Add a phrase (already checked by the lexicon loader) for the given source."""
        self._cache.clear()
        for pattern in compile_phrase(phrase):
            self._add_pattern(pattern, source)
            joined = joined_form(pattern)
            if joined:
                self._add_pattern(joined, source)

    def _add_pattern(self, pattern: Pattern, source: Source) -> None:
        for element in pattern:
            self.words |= element.words
        anchor = self._anchor(pattern)
        element = pattern[anchor]
        if element.kind != "word":
            self._by_number.append((pattern, source, anchor))
            return
        plain = all(el.kind == "word" for el in pattern)
        # The rarest of the other words is tested first: the likeliest to be missing.
        others = sorted(
            (k for k in range(len(pattern)) if k != anchor),
            key=lambda k: self._commonness(pattern[k]),
        )
        checks = [(k, pattern[k].words, pattern[k].stems) for k in others]
        for anchored in self._tables(element):
            if plain:
                anchored.add_plain(source, anchor, checks)
            elif any(el.kind == "quote" for el in pattern):
                anchored.quoting.append((pattern, source, anchor))
            elif any(el.kind in ("age", "number") for el in pattern):
                anchored.numbered.append((pattern, source, anchor))
            else:
                anchored.gapped.append((pattern, source, anchor))

    def _tables(self, element: Element) -> list[Anchored]:
        """Where a phrase indexed by this element goes: under each of its stems, and under
        each exact word whose stem is not among them."""
        words = [word for word in element.words if stem(word) not in element.stems]
        return [self._by_word.setdefault(word, Anchored()) for word in words] + [
            self._by_stem.setdefault(word_stem, Anchored()) for word_stem in element.stems
        ]

    def _anchor(self, pattern: Pattern) -> int:
        """The position of the rarest word before any gap, so the phrase start is known."""
        fixed = next((k for k, el in enumerate(pattern) if el.kind == "gap"), len(pattern))
        return min(range(fixed), key=lambda k: self._commonness(pattern[k]))

    def _commonness(self, element: Element) -> int:
        if element.kind != "word":
            return 10**9  # any number at all
        return max(self.frequencies.get(word, 0) for word in element.words)

    def find(self, tokens: list[Token], quoted: frozenset[int] = frozenset()) -> list[Hit]:
        """Every occurrence of every phrase, within one sentence. `quoted` holds the start
        offsets of the words that open a quotation, for phrases with <quote>."""
        hits: set[Hit] = set()
        cache = self._cache
        numbers: bool | None = None  # whether the text has a number, once it matters
        for i, token in enumerate(tokens):
            anchored = cache.get(token.key) or self._anchored(token)
            if anchored is NOTHING:
                continue
            for source in anchored.single:
                hits.add(Hit(source, token.start, token.end, token.sentence))
            if anchored.by_neighbour:
                self._find_plain(anchored.by_neighbour, tokens, i, hits)
            if anchored.gapped:
                self._find_gapped(anchored.gapped, tokens, i, quoted, hits)
            if anchored.numbered:
                if numbers is None:
                    numbers = any(other.key.isdigit() for other in tokens)
                if numbers:
                    self._find_gapped(anchored.numbered, tokens, i, quoted, hits)
            if anchored.quoting and quoted:
                self._find_gapped(anchored.quoting, tokens, i, quoted, hits)
        return sorted(hits, key=HIT_ORDER)

    def _find_gapped(
        self,
        candidates: list[GappedCandidate],
        tokens: list[Token],
        i: int,
        quoted: frozenset[int],
        hits: set[Hit],
    ) -> None:
        """The phrases with a gap, a number or a quotation indexed by token i."""
        where = (tokens[i].sentence, quoted)
        for pattern, source, anchor in candidates:
            start = i - anchor
            if start < 0 or tokens[start].sentence != where[0]:
                continue
            end = self._match_end(pattern, 0, tokens, start, where)
            if end is not None:
                hits.add(Hit(source, tokens[start].start, tokens[end - 1].end, where[0]))

    @staticmethod
    def _find_plain(by_neighbour: ByNeighbour, tokens: list[Token], i: int, hits: set[Hit]) -> None:
        """The phrases of several words indexed by token i."""
        sentence, count = tokens[i].sentence, len(tokens)
        for distance, (by_word, by_stem) in by_neighbour.items():
            j = i + distance
            if not 0 <= j < count:
                continue
            neighbour = tokens[j]
            if neighbour.sentence != sentence:
                continue
            candidates = by_stem.get(neighbour.stem)
            if by_word:  # mostly empty: most words are found by their stem
                exact = by_word.get(neighbour.key)
                if exact:
                    candidates = exact + candidates if candidates else exact
            if candidates:
                _add_plain_hits(candidates, tokens, i, hits)

    def _anchored(self, token: Token) -> Anchored:
        """The phrases a token may be part of, remembered for its word."""
        found = NOTHING
        for table, name in ((self._by_word, token.key), (self._by_stem, token.stem)):
            if name in table:
                found = table[name] if found is NOTHING else found.merged(table[name])
        if token.key.isdigit() and self._by_number:
            found = found.merged(Anchored(numbered=self._by_number))
        if len(self._cache) < MAX_CACHED_WORDS:
            self._cache[token.key] = found
        return found

    def _match_end(
        self, pattern: Pattern, k: int, tokens: list[Token], i: int, where: Where
    ) -> int | None:
        """Index after the last token matched when pattern[k:] matches from token i, or None."""
        sentence, quoted = where
        while k < len(pattern):
            element = pattern[k]
            if element.kind == "gap":
                for skip in range(GAP_WORDS + 1):
                    end = self._match_end(pattern, k + 1, tokens, i + skip, where)
                    if end is not None:
                        return end
                return None
            if i >= len(tokens) or tokens[i].sentence != sentence:
                return None
            if not self._accepts(element, tokens[i], quoted):
                return None
            k, i = k + 1, i + 1
        return i

    def _accepts(self, element: Element, token: Token, quoted: frozenset[int]) -> bool:
        if element.kind == "word":
            return token.key in element.words or token.stem in element.stems
        if element.kind == "quote":
            return token.start in quoted
        if not token.key.isdigit():
            return False
        if element.kind == "number":
            return True
        years = int(token.key)
        return 0 < years < self.young_below or self.older_from <= years <= OLDEST


def _add_plain_hits(
    candidates: list[PlainCandidate], tokens: list[Token], i: int, hits: set[Hit]
) -> None:
    """Add the candidates indexed by token i whose other words are all there."""
    sentence, count = tokens[i].sentence, len(tokens)
    for source, anchor, length, rest in candidates:
        start = i - anchor
        end = start + length
        # Sentence numbers never decrease, so equal ends mean one sentence.
        if (
            start < 0
            or end > count
            or tokens[start].sentence != sentence
            or tokens[end - 1].sentence != sentence
        ):
            continue
        for position, words, stems in rest:
            other = tokens[start + position]
            if other.key not in words and other.stem not in stems:
                break
        else:
            hits.add(Hit(source, tokens[start].start, tokens[end - 1].end, sentence))
