"""Victims, vulnerable people and hidden harm told without the usual words."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    "text",
    [
        "Her brothers said she had dishonoured the family by leaving him.",
        "There's no crisis support at night, people end up in A&E.",
        "Kids whose dad is in prison need someone to talk to.",
        "A lot of gay men don't feel safe going to the police.",
        "Teachers should be trained to spot the signs.",
        "Lonely men with learning disabilities get befriended by people after their money.",
        "Care leavers get picked up by the dealers as soon as they have a flat.",
    ],
)
def test_harm_reduction_in_everyday_words(text: str) -> None:
    assert "harm_reduction" in tag(text).priorities


def test_exploited_into_dealing_is_not_offending() -> None:
    tags = tag("Care leavers get picked up by the dealers as soon as they have a flat.")
    assert "reducing_offending" not in tags.priorities
