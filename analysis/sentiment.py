"""Sentiment on TextBlob's scale: polarity in [-1, 1], subjectivity in [0, 1]."""

from dataclasses import dataclass

# TextBlob's PatternAnalyzer is a thin wrapper round this function that builds a new named
# tuple class on every call; calling the function itself gives the same numbers, twice as fast.
from textblob.en import sentiment as _pattern_sentiment


@dataclass(frozen=True, slots=True)
class Sentiment:
    """How positive or negative (polarity) and how opinionated (subjectivity) a text is."""

    polarity: float
    subjectivity: float


NOT_MEASURED = Sentiment(0.0, 0.0)


def measure(text: str) -> Sentiment:
    """Measure the sentiment of an English text with TextBlob's pattern lexicon."""
    polarity, subjectivity = _pattern_sentiment(text)
    return Sentiment(float(polarity), float(subjectivity))
