"""The labelling guide (TAXONOMY.md): its examples, its overlap rules and what does not count."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    ("text", "priorities", "characteristics"),
    [
        (
            "Lads on mopeds dealing drugs to kids outside the school every afternoon.",
            {"reducing_offending"},
            {"age"},
        ),
        (
            "My elderly mum is scared to go out since the mugging on our road.",
            {"preventing_violence"},
            {"age"},
        ),
        (
            "Someone spat at me and pulled at my hijab on the bus.",
            {"harm_reduction", "preventing_violence"},
            {"religion_belief"},
        ),
        (
            "Women don't feel safe walking through the park after dark.",
            {"building_community_capacity", "preventing_violence"},
            {"sex"},
        ),
        (
            "We need more PACT meetings at times working people can attend.",
            {"building_community_capacity"},
            set(),
        ),
        (
            "The council should run awareness sessions on forced marriage in schools.",
            {"harm_reduction"},
            {"marriage_civil_partnership", "age"},
        ),
        ("No comment.", set(), set()),
    ],
)
def test_guide_examples(text: str, priorities: set[str], characteristics: set[str]) -> None:
    tags = tag(text)
    assert set(tags.priorities) == priorities
    assert set(tags.characteristics) == characteristics


@pytest.mark.parametrize("text", ["No comment.", "N/A", "thanks", "Nothing to add."])
def test_nothing_to_tag(text: str) -> None:
    tags = tag(text)
    assert (tags.priorities, tags.themes, tags.characteristics, tags.evidence) == ([], [], [], {})


def test_relevance_not_stance() -> None:
    tags = tag("I have never seen any racism here.")
    assert tags.characteristics == ["race"]


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("The lift is disabled again so I had to use the stairs.", "disability"),
        ("I reported the broken light ages ago.", "age"),
        ("I've lived here for years and the old building is an eyesore.", "age"),
        ("We went to the race night at the social club.", "race"),
        ("Went to the Race for Life in the park, brilliant turnout.", "race"),
        ("Speed bumps, please: cars race down our road every night.", "race"),
        ("Boy racers race up and down the ring road.", "race"),
        ("My husband said the new bins are better.", "marriage_civil_partnership"),
        ("A man and a woman were arguing at the bus stop.", "sex"),
        ("The council turns a blind eye to everything.", "disability"),
    ],
)
def test_does_not_count(text: str, characteristic: str) -> None:
    assert characteristic not in tag(text).characteristics


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("People are dealing drugs on the corner every night.", "reducing_offending", None),
        ("Drug-fuelled fights outside the pubs at closing time.", "preventing_violence", None),
        (
            "Kids are being used to run drugs for county lines gangs.",
            "harm_reduction",
            "reducing_offending",
        ),
        ("More police on the streets please.", "building_community_capacity", None),
        ("Arrest the dealers.", "reducing_offending", "building_community_capacity"),
        ("Youth clubs to keep kids away from gangs and knives.", "preventing_violence", None),
        ("The youth club is great for the community.", "building_community_capacity", None),
        ("Domestic abuse is everywhere round here.", "preventing_violence", "harm_reduction"),
        ("Domestic abuse victims are too scared to report it.", "harm_reduction", None),
    ],
)
def test_overlap_rules(text: str, expected: str, absent: str | None) -> None:
    priorities = tag(text).priorities
    assert expected in priorities
    assert absent not in priorities


def test_hate_incident_is_harm_reduction_and_violence_only_with_violence() -> None:
    verbal = tag("Lads shouted racist abuse at my dad outside the shop.")
    physical = tag("Lads shouted racist abuse at my dad and punched him outside the shop.")
    assert verbal.priorities == ["harm_reduction"]
    assert set(physical.priorities) == {"harm_reduction", "preventing_violence"}
    assert "hate_crime" in verbal.themes


def test_lgbt_counts_for_both_orientation_and_gender_reassignment() -> None:
    assert set(tag("LGBT people need a safe space.").characteristics) == {
        "gender_reassignment",
        "sexual_orientation",
    }


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("As a 70 year old I worry about going out.", "age"),
        ("Teenagers hanging round the shops.", "age"),
        ("My son is autistic and gets picked on.", "disability"),
        ("Carers of disabled people need more support.", "disability"),
        ("Transphobic abuse has gone up.", "gender_reassignment"),
        ("I'm non-binary and get hassle on the bus.", "gender_reassignment"),
        (
            "We're not married so the hospital wouldn't tell me anything.",
            "marriage_civil_partnership",
        ),
        ("I was refused service for breastfeeding.", "pregnancy_maternity"),
        ("I'm 34 weeks pregnant and was pushed on the bus.", "pregnancy_maternity"),
        ("He told me to go back to my country.", "race"),
        ("Asylum seekers get abuse from passing cars.", "race"),
        ("The gurdwara windows were smashed.", "religion_belief"),
        ("Misogyny should be a hate crime.", "sex"),
        ("Because I'm a woman they don't listen.", "sex"),
        ("A same-sex couple were attacked on Broad Street.", "sexual_orientation"),
    ],
)
def test_each_characteristic(text: str, characteristic: str) -> None:
    assert characteristic in tag(text).characteristics


def test_ages_count_only_when_young_or_old() -> None:
    assert "age" in tag("My daughter is 15 and was followed home.").characteristics
    assert "age" in tag("She's 84 and has dementia.").characteristics
    assert "age" not in tag("I'm 40 and I've lived here for 20 years.").characteristics
    assert "age" not in tag("I was 7 months pregnant at the time.").characteristics


def test_themes_give_their_priority() -> None:
    tags = tag("Modern slavery at the hand car wash.")
    assert tags.themes == ["modern_slavery_trafficking"]
    assert tags.priorities == ["harm_reduction"]
