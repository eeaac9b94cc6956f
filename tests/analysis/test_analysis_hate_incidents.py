"""Hate incidents told without the words "hate" or "racist": someone of a monitored strand and
something hostile said or done to them is a hate incident (harm reduction), by the guide."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    "text",
    [
        # Words quoted as said or written to the person.
        "A man at the bus station told my brother he was 'a waste of space'. He uses crutches.",
        "My neighbour keeps telling my wife that 'your lot' ruined this street. We're Nigerian.",
        "Someone painted 'Poles go home' on the side of our van.",
        # Slogans, hate material and hostile acts at a home or a place of worship.
        "'Jews out' was scratched into the lift at our block.",
        "Somebody hung a pig's head on the gate of the mosque.",
        "Someone keeps posting dog mess through the letterbox of the Somali family on our landing.",
        "A brick came through the window of the Sikh temple last night.",
        # Done on purpose, or laughed at.
        "Two men deliberately blocked my wife's wheelchair on the ramp.",
        "Lads laughed when my brother's wheelchair got stuck on the kerb.",
        "She keeps calling my trans son 'young lady' on purpose.",
        "The receptionist deadnamed me in front of the whole waiting room.",
        "Lads pushed my autistic son into the canal and then laughed.",
        # Refused, turned out or kept out.
        "The landlord refused to rent to us once he heard we were Roma.",
        "A taxi driver wouldn't pick us up because my son uses a wheelchair.",
        "The club said they don't serve Travellers.",
    ],
)
def test_hostility_towards_a_monitored_strand_is_a_hate_incident(text: str) -> None:
    tags = tag(text)
    assert "hate_crime" in tags.themes
    assert "harm_reduction" in tags.priorities


@pytest.mark.parametrize(
    "text",
    [
        # What a service said, quoted, is about the service.
        "The council said 'we will look into it' about the lights. My mum is disabled.",
        # Violence alone, with no sign of hostility to who they are, is not a hate incident.
        "My dad, who is registered blind, was knocked over by a lad who took his wallet.",
        # Information in other languages is not hate material.
        "Put the leaflets out in Polish and Romanian as well.",
        # Anyone may be quoted: words said to no one in particular are no hostility.
        "My Polish neighbour said 'this is the best street I've lived on'.",
        # A group out and about, not told to get out.
        "Muslims out in force at the litter pick on Sunday, great to see.",
        "The council deliberately ignores the Asian side of the estate.",
    ],
)
def test_no_hate_incident_without_hostility(text: str) -> None:
    assert "hate_crime" not in tag(text).themes


@pytest.mark.parametrize(
    "text",
    [
        "He said he'd slit my throat if he saw me at the mosque again.",
        "Someone wrote 'gays die' on the bus shelter.",
        "A man barged into me on the platform.",
        "The lads kept pushing him about in the lunch queue.",
        "He was kicking my wheels all the way down the ramp.",
        "My scooter was tipped over outside the shop.",
        "He walked into me on purpose and carried on.",
        "She kept tugging at my scarf.",
        "One comment said refugees should be shot.",
        "They said they know where I live.",
    ],
)
def test_violence_and_threats_however_small(text: str) -> None:
    assert "preventing_violence" in tag(text).priorities


@pytest.mark.parametrize(
    "text",
    [
        "There's music blasting from the house opposite until 4am most weekends.",
        "The flat upstairs are stomping and shouting every night.",
        "Lit rags were pushed through the letterbox.",
        "Men outside the cashpoint keep pestering people for money.",
    ],
)
def test_anti_social_behaviour_and_aggressive_begging(text: str) -> None:
    assert "preventing_violence" in tag(text).priorities


def test_spitting_on_the_floor_is_not_an_assault() -> None:
    assert "preventing_violence" not in tag("He spat on the pavement and walked off.").priorities


def test_an_insult_is_not_a_report_of_offending() -> None:
    text = "They called us thieves and told us to get off the field."
    assert "reducing_offending" not in tag(text).priorities


@pytest.mark.parametrize(
    "text",
    [
        "The neighbour keeps swearing at us over the fence.",
        "Next door are throwing rubbish into our garden again.",
    ],
)
def test_nuisance_neighbours_are_anti_social_behaviour(text: str) -> None:
    assert "anti_social_behaviour" in tag(text).themes


@pytest.mark.parametrize(
    "text",
    [
        # Hate symbols drawn, sprayed or chalked, and slogans on banners.
        "Somebody chalked a swastika outside the synagogue.",
        "'No gays here' sprayed across the front of the bar.",
        "There was a banner at the game about Muslims and nobody took it down.",
        # Shouting about a group; called a name in quotes; running off laughing.
        "A man on the tram was ranting about immigrants and kicked my Polish friend's bag.",
        "My Black colleague keeps getting called 'monkey' on the shop floor.",
        "Kids shout at my Sikh grandad and run off laughing.",
        # Religious dress or a cane taken or pulled off.
        "My sister wears a hijab and a lad at school yanked it off her.",
        "A man snatched my blind uncle's cane off him and threw it in the road.",
        # Picked on for speaking another language; disapproval of a same-sex couple.
        "We were sworn at on the bus after we were overheard speaking Romanian.",
        "The landlord said he doesn't approve of our kind of relationship. We're a gay couple.",
    ],
)
def test_more_hostility_told_without_the_word(text: str) -> None:
    tags = tag(text)
    assert "harm_reduction" in tags.priorities, tags


@pytest.mark.parametrize(
    "text",
    [
        "Someone left a noose hanging on the door of the mosque.",
        "He made a throat cutting gesture at my brother outside the gurdwara.",
        "A van swerved straight at her as she crossed. She wears a niqab.",
        "Lads lobbed eggs at us outside the club because we're gay.",
    ],
)
def test_threats_drawn_gestured_or_driven(text: str) -> None:
    assert "preventing_violence" in tag(text).priorities


def test_saying_things_about_a_group_is_not_always_hostility() -> None:
    text = "The site causes tension, people say things about them they'd never say about others."
    assert "harm_reduction" not in tag(text).priorities
