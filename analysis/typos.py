"""One-slip typing mistakes: which words a mistyped word could be, and how likely each is."""

from collections import defaultdict

from analysis.stemming import stem

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Letters people swap because they sound alike ("rasist"): such a change is a likely slip.
SOUND_ALIKE = {frozenset("cs"), frozenset("ck"), frozenset("sz"), frozenset("iy")}
# Endings tried when listing the forms of a word ("harass" -> "harassment", "harassed").
SUFFIXES = "s es ed d ing er ers ment ments ism ist ists ity ities ies ied ly ness al ation ations"


def with_word_forms(words: set[str], english: frozenset[str]) -> set[str]:
    """Add the inflected forms of each word that exist in English and share its stem."""
    forms = set(words)
    for word in words:
        root = stem(word)
        bases = {word, word[:-1]} if word[-1] in "ey" else {word}
        for base in bases:
            for suffix in SUFFIXES.split():
                form = base + suffix
                if form in english and stem(form) == root:
                    forms.add(form)
    return forms


def deletions(word: str) -> set[str]:
    """The word with each one of its letters left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def deletion_index(words: set[str]) -> dict[str, set[str]]:
    """Map each word and each one-letter deletion of it to the word (symmetric delete), so
    that the words one slip from a typed word are found by a few look-ups."""
    index: dict[str, set[str]] = defaultdict(set)
    for word in words:
        index[word].add(word)
        for deleted in deletions(word):
            index[deleted].add(word)
    return dict(index)


def slip_rank(typed: str, word: str) -> int | None:
    """How likely typed is a slip for word: 0 for a missing, swapped or sound-alike letter,
    1 for an extra or changed one, None if it is not one slip away. Short words allow only
    likely slips."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return None
    if len(typed) < len(word):
        missing = typed in deletions(word)
        return 0 if missing and len(word) >= 4 else None
    if len(typed) > len(word):
        extra = word in deletions(typed)
        return 1 if extra and len(word) >= 6 else None
    diffs = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    if len(diffs) == 1:
        sound_alike = frozenset((typed[diffs[0]], word[diffs[0]])) in SOUND_ALIKE
        return (0 if sound_alike else 1) if len(word) >= 6 else None
    i = diffs[0]
    swapped = (
        len(diffs) == 2
        and diffs[1] == i + 1
        and (typed[i], typed[i + 1])
        == (
            word[i + 1],
            word[i],
        )
    )
    return 0 if swapped and len(word) >= 5 else None


def one_edit_words(typed: str) -> set[str]:
    """Every string one deletion, swap, change or insertion of a letter away from typed."""
    splits = [(typed[:i], typed[i:]) for i in range(len(typed) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    edits |= {a + c + b for a, b in splits for c in LETTERS}
    return edits
