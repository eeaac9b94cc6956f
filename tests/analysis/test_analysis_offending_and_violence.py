"""What wrongly gave reducing offending or preventing violence, and what they missed, in
residents' everyday words."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    "text",
    [
        "My dad says he feels like a prisoner in his own home since the stroke.",
        "The council sent enforcement letters about the bins instead of explaining the rules.",
        "My son gets excluded for things the other kids get away with.",
        "At work they call me an 'eastern european thief' and hide my tools.",
        "The security guard said 'your people steal' and told me to leave.",
        "The driver wouldn't take my wheelchair, he said it would scratch his car.",
        "Anti-Muslim stickers on the bus stop, we take them down and they keep coming back.",
        "The same two families causing bother on our estate for years.",
        "People who are homeless need somewhere to live, not to be fined.",
    ],
)
def test_not_reducing_offending(text: str) -> None:
    assert "reducing_offending" not in tag(text).priorities, tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fly-tippers round here never get fined.",
        "Seize the scrambler bikes and crush them.",
        "Lock up the lot of them dealing by the shops.",
        "Two men said they were from the council and went off with her purse.",
        "There's a flat on our landing dealing 24/7.",
    ],
)
def test_reducing_offending_in_residents_words(text: str) -> None:
    assert "reducing_offending" in tag(text).priorities, tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "The lads on bikes come flying at you on the pavement.",
        "Teenagers with big dogs hanging round the shop.",
        "I avoid the subway because of the men drinking down there.",
        "He messages me every day and makes new accounts when I block him.",
        "Men lean out of vans shouting at my daughter on her way to school.",
        "Perpetrator programmes for men who abuse their partners.",
    ],
)
def test_preventing_violence_in_residents_words(text: str) -> None:
    assert "preventing_violence" in tag(text).priorities, tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "We're in our 80s and the burglary knocked us for six.",
        "The security man follows me round every time I go in the shop.",
        "Leave the rough sleepers alone, they're not hurting anyone.",
        "Homeless people need housing and support, not moving on.",
    ],
)
def test_not_preventing_violence(text: str) -> None:
    assert "preventing_violence" not in tag(text).priorities, tag(text)


def test_children_in_a_trap_house_are_exploited_not_offenders() -> None:
    tags = tag("Our 15 year old was groomed and ended up in a trap house in Telford.")
    assert "harm_reduction" in tags.priorities
    assert "reducing_offending" not in tags.priorities
