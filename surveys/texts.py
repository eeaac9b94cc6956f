"""Text in several languages: reading it from a definition, and listing its languages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from surveys.form_errors import ProblemLog
from surveys.model import Section, Text
from surveys.reading import describe, quoting_hint
from surveys.schema import LANGUAGE_CODE


def read_text(
    data: Mapping[Any, Any], key: str, log: ProblemLog, required: bool = True
) -> Text | None:
    """The text under `key`: plain English, or a mapping of language codes with `en`."""
    if key not in data:
        if required:
            log.add(f"missing '{key}'")
        return None
    value = data[key]
    if isinstance(value, str):
        return _plain(value, key, log)
    if isinstance(value, Mapping):
        return _translated(value, key, log)
    if value is None or isinstance(value, list):
        log.add(f"'{key}' must be text, or a mapping of language codes to text like {{en: …}}")
    else:
        log.add(f"'{key}' must be text, not {describe(value)}: {quoting_hint(value)}")
    return None


def _plain(value: str, key: str, log: ProblemLog) -> Text | None:
    """English-only text, which must not be blank."""
    if not value.strip():
        log.add(f"'{key}' is empty: write the text")
        return None
    return Text({"en": value})


def _translated(value: Mapping[Any, Any], key: str, log: ProblemLog) -> Text | None:
    """Text in several languages, which must include English."""
    translations: dict[str, str] = {}
    for language, text in value.items():
        if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language):
            log.add(f"'{key}' has a bad language code {describe(language)}: use one like 'pa'")
        elif not isinstance(text, str) or not text.strip():
            log.add(f"'{key}' in '{language}' must be some text, not {describe(text)}")
        else:
            translations[language] = text
    if "en" not in value:
        log.add(f"'{key}' has no English: add 'en' with the English text")
        return None
    return Text(translations) if "en" in translations else None


def text_languages(texts: Iterable[Text | None]) -> tuple[str, ...]:
    """Every language the texts are in: English first, then the others in order."""
    others = {language for text in texts if text for language in text.translations}
    return ("en", *sorted(others - {"en"}))


def section_texts(sections: Iterable[Section]) -> Iterable[Text | None]:
    """Every text in some sections: titles, descriptions, labels, hints and option labels."""
    for section in sections:
        yield section.title
        yield section.description
        for question in section.questions:
            yield question.label
            yield question.hint
            yield from (option.label for option in question.options)
