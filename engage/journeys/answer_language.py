"""Which language a resident answers a form in on the web, among those its definition is
written in: the one they chose earlier in this visit, else their browser's first choice."""

from collections.abc import Sequence

from flask import request, session

CHOSEN = "answer-language"  # the session's key


def offered_language(languages: Sequence[str]) -> str:
    """The language to offer first: chosen earlier in the visit, else the browser's best match,
    else English."""
    kept = session.get(CHOSEN)
    if kept in languages:
        return str(kept)
    return _browser_choice(languages)


def _browser_choice(languages: Sequence[str]) -> str:
    """The first of the browser's languages, by its order of preference, that the form has;
    a regional one (pa-IN) counts as its language (pa)."""
    for accepted, _ in request.accept_languages:  # best first
        language = accepted.split("-")[0].lower()
        if language in languages:
            return language
    return "en"


def chosen_language(languages: Sequence[str]) -> str:
    """The language pressed on the start page, kept for the rest of the visit; the one offered
    when none was (or one the form does not have)."""
    pressed = request.form.get("language", "")
    if pressed in languages:
        session[CHOSEN] = pressed
        return pressed
    return offered_language(languages)
