"""Repairing how people disguise or mistype words, before the lexicons are matched.

Handles text-speak and dialect spellings ("nuthin"), starred-out words ("p*ki"), letters
spaced out ("M u s l i m"), words run together ("Muslimsdisgust") and misspellings one
letter away from a lexicon word ("rasist"). A repaired token keeps the span of what the
person wrote.
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from analysis.stemming import stem
from analysis.text import Token, make_token
from analysis.typos import deletion_index, deletions, one_edit_words, slip_rank, with_word_forms

WILDCARDS = "*#"
MIN_SPLIT_LENGTH = 5
SPACED_SEPARATORS = " -."
# "w:word" (that exact word) or "s:stem" (any form of it) -> the labels a one-word term gives.
WordLabels = dict[str, frozenset[str]]


class Speller:
    """Knows the lexicon's words and ordinary English, and repairs tokens towards them."""

    def __init__(
        self,
        lexicon_words: set[str],
        single_words: WordLabels,
        hostile_words: WordLabels,
        english: frozenset[str],
        spellings: dict[str, tuple[str, ...]] | None = None,
        swear_words: frozenset[str] = frozenset(),
        spelling_after: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.english = english
        self.spellings = spellings or {}
        # A spelling that is also an ordinary word stands for its meaning only after these.
        self.spelling_after = spelling_after or {}
        self.lexicon_words = lexicon_words
        self.lexicon_stems = {stem(word) for word in lexicon_words}
        self.single_words = single_words
        # Misspellings are repaired towards these: lexicon words of 4+ letters and their forms.
        self.targets = with_word_forms(
            {w for w in lexicon_words if len(w) >= 4 and w.isalpha()}, english
        )
        self.hostile = {w for w in self.targets if _labels(w, hostile_words)}
        self.hostile_words = hostile_words
        # The words people star out: slurs, and swear words that give no label.
        self.starrable = self.hostile | swear_words
        self.near = deletion_index(self.targets)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self.targets | swear_words | {w for w in lexicon_words if len(w) == 3}):
            self.by_length[len(word)].append(word)
        # Words needing no repair; checked first because nearly every token is one.
        self.known = english | lexicon_words

    def knows(self, word: str) -> bool:
        """An English word or a lexicon word (in any of its forms)."""
        return word in self.known or stem(word) in self.lexicon_stems

    def is_lexicon_word(self, word: str) -> bool:
        return word in self.lexicon_words or stem(word) in self.lexicon_stems

    def repair(self, tokens: list[Token], normalised: str) -> list[Token]:
        """Return the tokens with disguised, joined, spaced-out and misspelt words repaired."""
        if sum(len(token.key) == 1 for token in tokens) >= 3:
            tokens = _join_spaced_letters(tokens, normalised, self)
        known, spellings = self.known, self.spellings
        keys = {token.key for token in tokens}
        if keys <= known and spellings.keys().isdisjoint(keys):
            return tokens  # nothing to repair, as in most texts: checked in one go
        repaired: list[Token] = []
        previous: Token | None = None
        for token in tokens:
            key = token.key
            if key in known and not (key in spellings and self._spelt(token, previous)):
                repaired.append(token)
            else:
                repaired.extend(self._repair_one(token, previous))
            previous = token
        return repaired

    def _spelt(self, token: Token, previous: Token | None) -> bool:
        """Whether a token in spellings.yaml stands for its meaning here: always, or only
        after one of the words listed for it ("i bin" is "i been"; "the bin" is a bin)."""
        after = self.spelling_after.get(token.key)
        if after is None:
            return True
        if previous is None or previous.sentence != token.sentence:
            return False
        return previous.key in after

    def _repair_one(self, token: Token, previous: Token | None = None) -> list[Token]:
        key = token.key
        if key in self.spellings and self._spelt(token, previous):
            return [_renamed(token, word) for word in self.spellings[key]]
        if "*" in key or "#" in key:
            word = self._unstar(key)
            return [_renamed(token, word)] if word else [token]
        if not key.isalpha() or len(key) < 4 or self.knows(key):
            return [token]
        if key.endswith("in") and key + "g" in self.english:
            return [_renamed(token, key + "g")]  # "shoutin", "doin"
        word = self._correct(key)
        return [_renamed(token, word)] if word else self._split(token)

    def _unstar(self, key: str) -> str | None:
        """The one lexicon word a starred-out token can be ("p*ki"), preferring slurs."""
        letters = sum(char.isalpha() for char in key)
        if not letters:
            return None
        exact = _star_pattern(key, "[a-z]")
        found = [w for w in self.by_length.get(len(key), []) if exact.fullmatch(w)]
        if letters == 1:
            return self._starred_slur(found)
        if not found:
            # People rarely count the letters they hide: let a run of stars stand for any number.
            loose = _star_pattern(re.sub(r"[*#]+", "*", key), "[a-z]+")
            found = [w for w in self.targets if loose.fullmatch(w)]
        return _only(found, self.hostile) or self._choose(found)

    def _starred_slur(self, found: list[str]) -> str | None:
        """A word starred all but its first letter ("n*****"): people hide slurs and swear
        words that way, so it is a slur when every such word it can be is a slur of the
        same group ("f***" can be a swear word, so it is none)."""
        starrable = [w for w in found if w in self.starrable]
        labels = {_labels(w, self.hostile_words) for w in starrable}
        if len(labels) == 1 and frozenset() not in labels:
            return min(starrable, key=lambda w: (len(w), w))
        return None

    def _choose(self, candidates: Iterable[str]) -> str | None:
        """One candidate: the only word form, or any of those giving the same labels alone."""
        words = sorted(candidates, key=lambda w: (len(w), w))
        if words and len({stem(w) for w in words}) == 1:
            return words[0]
        labelled = [(w, _labels(w, self.single_words)) for w in words]
        labelled = [(w, labels) for w, labels in labelled if labels]
        if labelled and all(labels == labelled[0][1] for _, labels in labelled):
            return labelled[0][0]
        return None

    def _correct(self, key: str) -> str | None:
        """The lexicon word one typing slip from an unknown word, unless an ordinary English
        word is as close ("trahs" is "trash", not "trans")."""
        candidates = set(self.near.get(key, ()))
        for deleted in deletions(key):
            candidates |= self.near.get(deleted, set())
        ranked = [(rank, w) for w in candidates if (rank := slip_rank(key, w)) is not None]
        if not ranked:
            return None
        best = min(rank for rank, _ in ranked)
        if self._english_slip_rank(key) < best:
            return None
        return self._choose(w for rank, w in ranked if rank == best)

    def _english_slip_rank(self, key: str) -> int:
        """How close the nearest ordinary English word (not a lexicon word) is, or 9 if none."""
        ranks = [
            rank
            for word in one_edit_words(key)
            if word in self.english
            and not self.is_lexicon_word(word)
            and (rank := slip_rank(key, word)) is not None
        ]
        return min(ranks, default=9)

    def _split(self, token: Token) -> list[Token]:
        """Split words run together ("muslimsdisgust") when one part is a lexicon word."""
        key, best = token.key, None
        if len(key) < MIN_SPLIT_LENGTH:
            return [token]
        for cut in range(1, len(key)):
            left, right = key[:cut], key[cut:]
            if not (self._part_ok(left, first=True) and self._part_ok(right, first=False)):
                continue
            lexical = max((len(p) for p in (left, right) if self.is_lexicon_word(p)), default=0)
            if lexical >= 4 and (best is None or lexical > best[0]):
                best = (lexical, cut)
        if best is None:
            return [token]
        middle = token.start + best[1]
        return [
            make_token(key[: best[1]], token.start, middle, token.sentence),
            make_token(key[best[1] :], middle, token.end, token.sentence),
        ]

    def _part_ok(self, part: str, first: bool) -> bool:
        # "ihate": the only one-letter word people run into the next is "I".
        return (first and part == "i") or (len(part) >= 2 and self.knows(part))


def dropped_g_spellings(
    english: frozenset[str], frequencies: dict[str, int]
) -> dict[str, tuple[str, ...]]:
    """Words written with a dropped g ("sayin", "callin") that the English word list knows,
    so they would not be repaired as unknown words: each maps to its -ing form. Only words
    that never occur in running text on their own count ("thin" and "kin" are words)."""
    return {
        word: (word + "g",)
        for word in english
        if word.endswith("in")
        and len(word) >= 4
        and word + "g" in english
        and not frequencies.get(word)
        and frequencies.get(word + "g")
    }


def _labels(word: str, index: WordLabels) -> frozenset[str]:
    return index.get("w:" + word, frozenset()) | index.get("s:" + stem(word), frozenset())


def _star_pattern(key: str, hidden: str) -> re.Pattern[str]:
    return re.compile("".join(hidden if char in WILDCARDS else re.escape(char) for char in key))


def _renamed(token: Token, word: str) -> Token:
    return make_token(word, token.start, token.end, token.sentence)


def _only(found: Iterable[str], preferred: set[str]) -> str | None:
    """The single preferred candidate, counting word forms of one stem as one."""
    chosen = sorted(w for w in found if w in preferred)
    if chosen and len({stem(w) for w in chosen}) == 1:
        return min(chosen, key=len)
    return None


def _join_spaced_letters(tokens: list[Token], normalised: str, speller: Speller) -> list[Token]:
    """Join runs of single letters ("M u s l i m s") into the word they spell."""
    joined: list[Token] = []
    i = 0
    while i < len(tokens):
        run_end = _spaced_run_end(tokens, normalised, i)
        if run_end - i >= 3:
            joined.extend(_spell_run(tokens[i:run_end], speller))
            i = run_end
        else:
            joined.append(tokens[i])
            i += 1
    return joined


def _spaced_run_end(tokens: list[Token], normalised: str, i: int) -> int:
    """The end (exclusive) of the run of single letters, one separator apart, starting at i."""
    if not _is_letter(tokens[i]):
        return i
    j = i
    while j + 1 < len(tokens) and _is_letter(tokens[j + 1]):
        gap = normalised[tokens[j].end : tokens[j + 1].start]
        if len(gap) != 1 or gap not in SPACED_SEPARATORS:
            break
        j += 1
    return j + 1


def _is_letter(token: Token) -> bool:
    return len(token.key) == 1 and token.key.isalpha()


def _spell_run(run: list[Token], speller: Speller) -> list[Token]:
    word = "".join(token.key for token in run)
    first = run[0]
    # "nothing but a f a g g o t": the article is part of the run.
    if not speller.knows(word) and word[0] in "ai" and speller.knows(word[1:]):
        return [first, make_token(word[1:], run[1].start, run[-1].end, first.sentence)]
    return [make_token(word, first.start, run[-1].end, first.sentence)]
