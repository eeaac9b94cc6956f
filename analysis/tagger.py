"""The tagger: text in, labels with their evidence, sentiment and flags out."""

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from analysis.language import ENGLISH, LanguageGuesser
from analysis.lexicon import Lexicons, load_lexicons
from analysis.matcher import PhraseIndex
from analysis.rules import Located, Resolver, combination_source
from analysis.sentiment import NOT_MEASURED, Sentiment, measure
from analysis.spelling import Speller, WordLabels, dropped_g_spellings
from analysis.stemming import stem
from analysis.text import normalise, quotation_starts, tokenise
from analysis.vocabulary import english_vocabulary, word_frequencies

Span = tuple[int, int]
BATCH_GC_THRESHOLD = 100_000


@dataclass(frozen=True, slots=True)
class Tags:
    """What the analysis says about one text. Evidence spans index the original text."""

    priorities: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    sentiment: Sentiment = NOT_MEASURED
    urgent: bool = False
    language: str = ENGLISH
    needs_translation: bool = False
    evidence: dict[str, list[Span]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The tags as plain JSON-ready data."""
        return {
            "priorities": list(self.priorities),
            "themes": list(self.themes),
            "characteristics": list(self.characteristics),
            "sentiment": {
                "polarity": self.sentiment.polarity,
                "subjectivity": self.sentiment.subjectivity,
            },
            "urgent": self.urgent,
            "language": self.language,
            "needs_translation": self.needs_translation,
            "evidence": {
                label: [[s, e] for s, e in spans] for label, spans in self.evidence.items()
            },
        }


class Tagger:
    """Lexicons compiled once, then used for any number of texts."""

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        self.lexicons = lexicons if lexicons is not None else load_lexicons()
        self.index = _build_index(self.lexicons)
        self.resolver = Resolver(self.lexicons)
        vocabulary = english_vocabulary()
        self.speller = Speller(
            lexicon_words=self.index.words,
            single_words=_single_words(self.lexicons, ("terms", "hostile")),
            hostile_words=_single_words(self.lexicons, ("hostile",)),
            english=vocabulary | self.lexicons.english_words,
            spellings={
                **dropped_g_spellings(vocabulary, word_frequencies()),
                **self.lexicons.spellings,
            },
            swear_words=self.lexicons.swear_words,
            spelling_after=self.lexicons.spelling_after,
        )
        self.languages = LanguageGuesser(
            self.lexicons.english_words | frozenset(self.index.words),
            vocabulary,
            self.lexicons.other_languages,
            word_frequencies(),
        )

    def tag(self, text: str) -> Tags:
        """Tag one text."""
        normalised = normalise(text)
        tokens = tokenise(normalised)
        language = self.languages.guess(text, tokens)
        if language != ENGLISH:
            return Tags(language=language, needs_translation=True)
        tokens = self.speller.repair(tokens, normalised)
        found = self.resolver.resolve(self.index.find(tokens, quotation_starts(normalised)))
        taxonomy = self.lexicons.taxonomy
        return Tags(
            priorities=[label for label in taxonomy.priorities if label in found],
            themes=[label for label in taxonomy.themes if label in found],
            characteristics=[label for label in taxonomy.characteristics if label in found],
            sentiment=measure(text),
            urgent="urgent" in found,
            evidence={label: _merged(located) for label, located in found.items()},
        )

    def tag_many(self, texts: Iterable[str]) -> list[Tags]:
        """Tag a batch of texts with the same compiled lexicons."""
        # Tagging allocates many short-lived objects but no reference cycles, so frequent
        # cyclic garbage collection only costs time (about a fifth of it). Collect less often
        # during the batch rather than never, in case the caller's iterable makes cycles.
        thresholds = gc.get_threshold()
        gc.set_threshold(BATCH_GC_THRESHOLD, *thresholds[1:])
        try:
            return [self.tag(text) for text in texts]
        finally:
            gc.set_threshold(*thresholds)


@cache
def default_tagger() -> Tagger:
    """The tagger for the lexicons shipped with the package, compiled on first use."""
    return Tagger()


def tag(text: str) -> Tags:
    """Tag one text with the shipped lexicons."""
    return default_tagger().tag(text)


def tag_many(texts: Iterable[str]) -> list[Tags]:
    """Tag many texts with the shipped lexicons, compiling them only once."""
    return default_tagger().tag_many(texts)


def tag_records(
    records: Iterable[Mapping[str, Any]], tagger: Tagger | None = None
) -> list[dict[str, Any]]:
    """Each record (with a "text") and its tags, as JSON-ready data: the record's own fields,
    then priorities, themes, characteristics, sentiment, urgent, language and evidence."""
    records = list(records)
    tagged = (tagger or default_tagger()).tag_many(record["text"] for record in records)
    return [{**record, **tags.to_dict()} for record, tags in zip(records, tagged, strict=True)]


def _build_index(lexicons: Lexicons) -> PhraseIndex:
    index = PhraseIndex(lexicons.age_range, word_frequencies())
    for phrase in lexicons.exclusions:
        index.add(phrase, ("*", "exclude"))
    for name, cue in lexicons.cues.items():
        for role, phrases in (("term", cue.terms), ("exclude", cue.exclude)):
            for phrase in phrases:
                index.add(phrase, ("cue:" + name, role))
    for label, lexicon in lexicons.labels.items():
        for role, phrases in (
            ("term", lexicon.terms),
            ("hostile", lexicon.hostile),
            ("exclude", lexicon.exclude),
        ):
            for phrase in phrases:
                index.add(phrase, (label, role))
        for number, combination in enumerate(lexicon.combinations):
            for part, requirement in enumerate(combination.requires):
                if requirement.kind == "terms":
                    for phrase in requirement.values:
                        index.add(phrase, combination_source(label, number, part))
    return index


def _single_words(lexicons: Lexicons, kinds: tuple[str, ...]) -> WordLabels:
    """One-word terms and the labels they give, so a repaired word can be judged by them."""
    found: dict[str, set[str]] = {}
    for label, lexicon in lexicons.labels.items():
        for kind in kinds:
            for phrase in getattr(lexicon, kind):
                word = phrase.lstrip("=").lower()
                if word.isalpha():
                    key = "w:" + word if phrase.startswith("=") else "s:" + stem(word)
                    found.setdefault(key, set()).add(label)
    return {key: frozenset(labels) for key, labels in found.items()}


def _merged(located: list[Located]) -> list[Span]:
    """Sorted spans with overlaps merged, so an officer sees each word once."""
    spans: list[Span] = []
    for _, start, end in sorted(located, key=lambda loc: (loc[1], loc[2])):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans
