"""The preset option lists a `scale` question can name instead of giving `options`."""

from __future__ import annotations

from surveys.model import Option, Text


def _options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    """Options from (value, English label) pairs."""
    return tuple(Option(value, Text({"en": label})) for value, label in pairs)


SCALES: dict[str, tuple[Option, ...]] = {
    "agreement": _options(
        ("strongly-agree", "Strongly agree"),
        ("agree", "Agree"),
        ("neither", "Neither agree nor disagree"),
        ("disagree", "Disagree"),
        ("strongly-disagree", "Strongly disagree"),
        ("dont-know", "Don't know"),
    ),
}
