"""Someone in immediate danger now: the product shows 999 signposting at once."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    "text",
    [
        "He is outside with a knife.",
        "I'm scared he will kill me tonight.",
        "They're banging on my door right now and shouting they'll stab me.",
        "Please help, my ex is trying to break in.",
    ],
)
def test_danger_now_is_urgent(text: str) -> None:
    tags = tag(text)
    assert tags.urgent
    assert tags.evidence["urgent"]


@pytest.mark.parametrize(
    "text",
    [
        "Last year a man threatened me with a knife.",
        "Knife crime is the biggest problem in the city.",
        "More police on the streets please.",
    ],
)
def test_past_or_general_danger_is_not_urgent(text: str) -> None:
    assert not tag(text).urgent
