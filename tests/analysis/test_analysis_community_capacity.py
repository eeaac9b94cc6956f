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


@pytest.mark.parametrize(
    "text",
    [
        # Police numbers and presence.
        "Fights every weekend and never a copper in sight.",
        "Spend the money on more police instead of new signs.",
        "The police are doing their best with what they've got.",
        "Thank you to the Bilston neighbourhood team.",
        "We want officers actually walking about the estate.",
        # Communication and plain language.
        "The letter was full of jargon, write it in plain English.",
        "Nobody knows where the meetings are, advertise them.",
        "Tell people what's happening after the raid.",
        # Working with communities and faith groups.
        "Talk to the gurdwaras and mosques more, they know what's going on.",
        "Ask the people who actually live here.",
        "The council should work with the Polish community on this.",
        # Services that pass people on, do not come, or are cut.
        "My complaints have fallen on deaf ears.",
        "We get passed between the council and housing and nothing happens.",
        "The police need to actually turn up when they say they will.",
        "They closed the library and the children's centre.",
        # Getting along, and how the area feels.
        "Lived here twenty years and never had any bother.",
        "People round here are easy going, everyone rubs along.",
        "We should celebrate how mixed we are.",
        "It doesn't feel like our area any more.",
        # Feeling safe, either way.
        "I feel fine walking round in the evening.",
        "I don't like walking home at night now.",
        "I've stopped getting the bus since the fights started.",
        "I won't use the subway after 7.",
    ],
)
def test_community_capacity_kinds_residents_raise(text: str) -> None:
    assert "building_community_capacity" in tag(text).priorities, tag(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fix the potholes.",
        "Gay people are great.",
        "Mostly people are kind but my son gets called names at school because he's Black.",
        "Too many foreigners hanging round the town centre drinking all day.",
        "FGM is not talked about in our community.",
        "My mum won't go to the shops on her own since she was pushed over.",
        "Nobody took it seriously until he was beaten up.",
        "The council should run awareness sessions on forced marriage in schools.",
    ],
)
def test_not_community_capacity_either(text: str) -> None:
    assert "building_community_capacity" not in tag(text).priorities, tag(text)


def test_taken_seriously_by_a_named_service() -> None:
    assert (
        "building_community_capacity"
        in tag("Hate crime isn't taken seriously by the police.").priorities
    )


@pytest.mark.parametrize(
    "text",
    [
        "The bin men haven't been for three weeks.",
        "Missed bin collections again on our road.",
        "The bins are always full by the bus stop.",
    ],
)
def test_bins_are_the_look_of_the_area(text: str) -> None:
    assert "building_community_capacity" in tag(text).priorities, tag(text)
