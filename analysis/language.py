"""Is a text probably English? If not, the tagger tags nothing and asks for a translation.

No model and no download: a text in another script is not English; a text in Latin script
is English when enough of its words are ordinary English words (including dialect and
text-speak listed in languages.yaml). The language named is a best guess for the officer.
"""

import unicodedata
from collections.abc import Mapping

from analysis.text import Token

ENGLISH = "en"
UNDETERMINED = "und"
MIN_WORDS = 3
MIN_ENGLISH_SHARE = 0.5
# TextBlob's word lists, made from English text, hold foreign words quoted in it ("nous",
# "dans", "il"). A word that another language uses often counts as English only where
# English uses it this often too ("a", "me", "my"), or languages.yaml lists it as English.
COMMON_IN_ENGLISH = 500
# Scripts that point to one language (or to the language most used locally for it).
SCRIPTS = {
    "GURMUKHI": "pa",
    "GUJARATI": "gu",
    "BENGALI": "bn",
    "DEVANAGARI": "hi",
    "TAMIL": "ta",
    "ARABIC": "ar",
    "CYRILLIC": "ru",
    "GREEK": "el",
    "HEBREW": "he",
    "THAI": "th",
    "HANGUL": "ko",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "ETHIOPIC": "ti",
}
URDU_LETTERS = set("ٹڈڑںےۓھ")


class LanguageGuesser:
    """Guesses whether a text is English from its script and its words."""

    def __init__(
        self,
        english_words: frozenset[str],
        vocabulary: frozenset[str],
        others: dict[str, frozenset[str]],
        frequencies: Mapping[str, int],
    ) -> None:
        """`english_words` always count as English (languages.yaml's list, and the lexicons'
        own words: "muslims", "gurdwara", "pcso"); `vocabulary` (TextBlob's word lists) counts
        but for the words other languages use often and English seldom."""
        foreign = frozenset().union(*others.values())
        seldom_in_english = {w for w in foreign if frequencies.get(w, 0) < COMMON_IN_ENGLISH}
        self.english = english_words | (vocabulary - seldom_in_english)
        self.others = others

    def guess(self, text: str, tokens: list[Token]) -> str:
        """Return "en", another language code, or "und" when it is not English but unclear."""
        script = "LATIN" if text.isascii() else _main_script(text)
        if script not in ("LATIN", None):
            return _script_language(script, text)
        # Single letters are often a word spelt out ("M u s l i m"); they say nothing here.
        words = [t.key for t in tokens if t.key.isalpha() and (len(t.key) > 1 or t.key in "ai")]
        if len(words) < MIN_WORDS:
            return ENGLISH  # too short to tell; such texts rarely carry a label anyway
        english = sum(map(self.english.__contains__, words))  # counted in C: runs per text
        if english / len(words) >= MIN_ENGLISH_SHARE:
            return ENGLISH
        return self._best_other(words)

    def _best_other(self, words: list[str]) -> str:
        foreign = [word for word in words if word not in self.english]
        scores = {code: sum(w in common for w in foreign) for code, common in self.others.items()}
        best = max(scores, key=lambda code: scores[code], default=None)
        return best if best and scores[best] > 0 else UNDETERMINED


def _main_script(text: str) -> str | None:
    """The script of most of the letters (first word of the Unicode name), if any letters."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else None


def _script_language(script: str, text: str) -> str:
    if script == "ARABIC" and URDU_LETTERS & set(text):
        return "ur"
    return SCRIPTS.get(script, UNDETERMINED)
