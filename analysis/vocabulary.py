"""Ordinary English words and how common they are, from the word lists TextBlob ships.

No download is needed: the files come with the textblob package. If they are missing the
tagger still works, with fewer repaired misspellings.
"""

from functools import cache
from pathlib import Path


@cache
def english_vocabulary() -> frozenset[str]:
    """Common lowercase English words (about 50,000)."""
    words: set[str] = set(word_frequencies())
    path = _textblob_file("en-lexicon.txt")
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                word = line.split(" ", 1)[0]
                # Capitalised entries are names; keep ordinary lowercase words only.
                if word.isalpha() and word.islower():
                    words.add(word)
    return frozenset(words)


@cache
def word_frequencies() -> dict[str, int]:
    """How often each common English word occurs, from TextBlob's spelling list."""
    frequencies: dict[str, int] = {}
    path = _textblob_file("en-spelling.txt")
    if path is None:
        return frequencies
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, count = line.strip().partition(" ")
            if word.isalpha() and count.isdigit():
                frequencies[word] = int(count)
    return frequencies


def _textblob_file(name: str) -> Path | None:
    import textblob.en

    path = Path(textblob.en.__file__).parent / name
    return path if path.exists() else None
