"""Building community capacity told in residents' own words: how the area feels, how it looks,
how services keep in touch, and what brings people together."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    "text",
    [
        # Perception of the area and pride in it.
        "It's quiet round here, no real problems.",
        "Our street has always been friendly.",
        "Lived here all my life and it's never been this bad.",
        "Proud to live in this city.",
        "Everyone mucks in when something needs doing.",
        "Nothing will change, it never does.",
        # Fly-tipping, litter and lighting without the words.
        "Mattresses and old sofas left in the entry behind our houses.",
        "Black bags dumped down the lane again.",
        "Kids leaving cans everywhere on the rec.",
        "Please light the footpath to the station.",
        # Information and access.
        "Not everyone has a smartphone, please keep paper forms.",
        "The survey was impossible to fill in on my phone.",
        "We need more info about what the police are doing.",
        "The council have moved everything online and my dad can't cope.",
        # What services do and say.
        "The housing officer closed my complaint without even calling me.",
        "I reported it three times and the police never even rang me back.",
        "They told me to keep a noise diary and that was it.",
        "Keep up the good work.",
        # Groups, events and graffiti nobody removes.
        "The parents and toddlers group is the only place I talk to anyone.",
        "Activities for older people in the evenings would be lovely.",
        "The fun run in the park was a lovely thing for the community.",
        "The school put on a Diwali evening for all the families.",
        "There's racist graffiti on the bridge and nobody has cleaned it off.",
    ],
)
def test_community_capacity_in_everyday_words(text: str) -> None:
    assert "building_community_capacity" in tag(text).priorities


@pytest.mark.parametrize(
    "text",
    [
        "No comment.",
        "I'm proud to be gay.",
        "He said I'd be pretty if I wasn't so dark.",
        "Mixed race family, no problems to report.",
        "He keeps posting abuse on my wall.",
        "Lighting a fire in the garden is allowed.",
    ],
)
def test_not_community_capacity(text: str) -> None:
    assert "building_community_capacity" not in tag(text).priorities


@pytest.mark.parametrize(
    "text",
    [
        "People have stopped ringing the police because nobody turns up.",
        "The street party got the whole road together for once.",
        "Someone keeps dumping building waste by the garages.",
        "The streetlights by the school have been out since Easter.",
        "It took six weeks to get a reply to my email.",
        "I'm scared to let my kids play out.",
    ],
)
def test_more_community_capacity_in_everyday_words(text: str) -> None:
    assert "building_community_capacity" in tag(text).priorities
