"""Sentiment on TextBlob's scale: polarity in [-1, 1], subjectivity in [0, 1].

The numbers are TextBlob's own: its English lexicon, its tokeniser and its scoring. Two things
cost time without changing a number, and are done differently here. TextBlob's PatternAnalyzer
builds a new named tuple class on every call, so its scoring function is called directly. And
its lexicon is a "lazy" dictionary that checks whether it has been loaded on every look-up, a
few times for each word; this copy of it is loaded once, at import, and looks words up as a
plain dictionary.
"""

from dataclasses import dataclass

from textblob import en


@dataclass(frozen=True, slots=True)
class Sentiment:
    """How positive or negative (polarity) and how opinionated (subjectivity) a text is."""

    polarity: float
    subjectivity: float


NOT_MEASURED = Sentiment(0.0, 0.0)


class _LoadedLexicon(en.Sentiment):  # type: ignore[misc]
    """TextBlob's English sentiment scorer, its lexicon loaded: plain dictionary look-ups."""

    __contains__ = dict.__contains__
    __getitem__ = dict.__getitem__
    __iter__ = dict.__iter__
    __len__ = dict.__len__
    get = dict.get
    items = dict.items
    keys = dict.keys
    values = dict.values
    setdefault = dict.setdefault


def _loaded_lexicon() -> _LoadedLexicon:
    """A copy of `textblob.en.sentiment`, made with the same settings, loaded now."""
    shipped = en.sentiment
    lexicon = _LoadedLexicon(
        path=shipped.path,
        synset=shipped._synset,
        negations=shipped.negations,
        modifiers=shipped.modifiers,
        modifier=shipped.modifier,
        tokenizer=shipped.tokenizer,
        language="en",
    )
    lexicon.load()
    return lexicon


_score = _loaded_lexicon()


def measure(text: str) -> Sentiment:
    """Measure the sentiment of an English text with TextBlob's pattern lexicon."""
    polarity, subjectivity = _score(text)
    return Sentiment(float(polarity), float(subjectivity))
