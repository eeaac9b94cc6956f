"""What each language a form may be written in is called, for a person choosing their own."""

from collections.abc import Iterable

# Each language named in itself, then in English, for a resident looking for their own.
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "العربية (Arabic)",
    "bn": "বাংলা (Bengali)",
    "fa": "فارسی (Farsi)",
    "gu": "ગુજરાતી (Gujarati)",
    "hi": "हिन्दी (Hindi)",
    "ku": "Kurdî (Kurdish)",
    "pa": "ਪੰਜਾਬੀ (Punjabi)",
    "pl": "Polski (Polish)",
    "ro": "Română (Romanian)",
    "so": "Soomaali (Somali)",
    "ti": "ትግርኛ (Tigrinya)",
    "ur": "اردو (Urdu)",
}


# The languages above written right to left, so a page sets dir="rtl" around their text.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "ur"})


def text_direction(code: str) -> str:
    """The `dir` of text in a language: "rtl" or "ltr"."""
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def language_name(code: str) -> str:
    """A language's name, or its code when Engage has no name for it."""
    return LANGUAGE_NAMES.get(code, code)


def named_languages(codes: Iterable[str]) -> list[tuple[str, str]]:
    """Each language's code with its name, in order: the choices a language chooser offers."""
    return [(code, language_name(code)) for code in codes]
