"""UK postcodes: checking one and writing it the standard way, like "WV1 1RP"."""

from __future__ import annotations

import re

# The UK government's postcode pattern, applied to the postcode in capitals without spaces.
POSTCODE = re.compile(
    r"GIR0AA"
    r"|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?)"
    r"[0-9][A-Z]{2}"
)


def normalise_postcode(text: str) -> str | None:
    """The postcode in capitals with one space before the last three characters, or None."""
    compact = "".join(text.split()).upper()
    if not POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
