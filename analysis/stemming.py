"""Word stems, so that a lexicon term matches its plurals and other word forms."""

from nltk.stem.snowball import SnowballStemmer

# Snowball works offline (no NLTK data) and is gentler than Porter on words like "general".
_STEMMER = SnowballStemmer("english")
# Stems of the words seen so far: a plain dict, because this is called for every word.
_STEMS: dict[str, str] = {}
MAX_CACHED = 200_000


def stem(word: str) -> str:
    """Return the stem of a lowercase word; numbers are their own stem."""
    found = _STEMS.get(word)
    if found is None:
        found = _STEMMER.stem(word) if word.isalpha() else word
        if len(_STEMS) < MAX_CACHED:
            _STEMS[word] = found
    return found
