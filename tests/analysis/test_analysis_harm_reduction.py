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


@pytest.mark.parametrize(
    "text",
    [
        # Forced marriage told without the words.
        "My friend was taken to Pakistan at 16 and married to her cousin.",
        "They've arranged for her to marry a man twice her age and taken her passport.",
        "Girls go 'on holiday' in the summer and come back married.",
        # Victims not kept informed.
        "Nobody told me he'd been released until I saw him in Asda.",
        "We were never told whether he'd been charged.",
        # Confidence to report.
        "My neighbours reported the abuse once and said they won't bother again.",
        # Hidden harm, doorstep crime and reaching services.
        "Midwives should ask all new mums about what happens at home.",
        "A distraction burglary on my nan's road, she's too scared to answer the door now.",
        "Deaf people can't ring 101, there needs to be a text service.",
        "The lads at the car wash look exhausted and I don't think they're being paid.",
        "Her dad wants to send her daughters abroad to be cut.",
        "Prevent training for the staff at our temple would help.",
        # Targeted for who they are.
        "He was beaten up outside the club for being gay.",
    ],
)
def test_more_harm_reduction_in_everyday_words(text: str) -> None:
    assert "harm_reduction" in tag(text).priorities, tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "My cousin got married in Pakistan last summer, lovely wedding.",
        "I won't bother filling in your surveys again.",
        "My daughter got cut on broken glass in the park.",
        "Nobody tells you what happens after you report something.",
    ],
)
def test_not_harm_reduction(text: str) -> None:
    assert "harm_reduction" not in tag(text).priorities, tag(text)
