"""How people really write: misspellings, leetspeak, starred and spaced-out words, dialect."""

import pytest

from analysis import tag


def words(text: str, label: str) -> list[str]:
    """The words of the text given as evidence for a label."""
    return [text[start:end] for start, end in tag(text).evidence.get(label, [])]


@pytest.mark.parametrize(
    ("text", "label", "evidence"),
    [
        ("He called me a rasist.", "race", ["rasist"]),
        ("Constant harasment from the neighbours about my disabilty.", "disability", ["disabilty"]),
        ("Imigrants get blamed for everything.", "race", ["Imigrants"]),
        ("You are nothing but a r3tard.", "disability", ["r3tard"]),
        ("Muslim lives aren't worth sh1t, said the note.", "religion_belief", ["Muslim"]),
        ("i was called a p*ki on the bus", "race", ["p*ki"]),
        ("Two lads called us f*gs outside the pub.", "sexual_orientation", ["f*gs"]),
        ("Typical M u s l i m s.", "religion_belief", ["M u s l i m s"]),
        ("These Muslimsdisgust me.", "religion_belief", ["Muslims"]),
        ("Too many tr4nnies in this country.", "gender_reassignment", ["tr4nnies"]),
    ],
)
def test_disguised_and_misspelt_words(text: str, label: str, evidence: list[str]) -> None:
    assert words(text, label) == evidence


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Someone wrote n***** on our van.", "race"),
        ("The lads kept shouting f****t at my brother.", "sexual_orientation"),
    ],
)
def test_a_slur_starred_but_for_its_first_letter(text: str, label: str) -> None:
    assert label in tag(text).characteristics


@pytest.mark.parametrize("text", ["He told me to f*** off.", "What a load of s***.", "You p***."])
def test_a_starred_word_that_may_be_a_swear_word_is_no_slur(text: str) -> None:
    assert tag(text).characteristics == []


def test_a_misspelling_as_close_to_an_ordinary_word_is_left_alone() -> None:
    assert "gender_reassignment" not in tag("You are common trahs.").characteristics


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("County lines is the biggest problem for our kids.", "child_exploitation"),
        ("Hate crime is never reported round here.", "hate_crime"),
        ("My brother has a learning disability.", "disability"),
        ("Anti-social behaviour on the estate.", "anti_social_behaviour"),
        ("Antisocial behaviour on the estate.", "anti_social_behaviour"),
        ("Fly-tipping behind the shops.", "community_engagement"),
        ("Flytipping behind the shops.", "community_engagement"),
    ],
)
def test_multi_word_terms(text: str, label: str) -> None:
    assert label in tag(text).evidence


def test_multi_word_evidence_covers_the_phrase() -> None:
    text = "There's county lines activity in our flats."
    assert words(text, "child_exploitation") == ["county lines"]


def test_word_forms_match() -> None:
    assert words("Three burglaries this month.", "reducing_offending") == ["burglaries"]
    assert words("We were burgled last week.", "reducing_offending") == ["burgled"]
    assert "disability" in tag("Disabilities are ignored.").characteristics


def test_phrases_that_change_meaning() -> None:
    assert tag("Drug dealing on our road.").priorities == ["reducing_offending"]
    assert tag("I'm dealing with it myself.").priorities == []
    assert tag("My kids love the park.").characteristics == ["age"]
    assert tag("No kidding, the park is lovely.").characteristics == []


def test_text_speak_and_black_country_english() -> None:
    tags = tag("nowt gets done about the druggies round ere, sum1 needs 2 sort it")
    assert "preventing_violence" in tags.priorities
    assert tag("there ay nuthin for the young uns to do").characteristics == ["age"]
    assert "building_community_capacity" in tag("bring back the bobbies").priorities


def test_our_kid_is_a_sibling_not_a_child() -> None:
    assert "age" not in tag("Our kid got jumped for his phone.").characteristics


def test_fags_and_faggots_have_their_everyday_meanings() -> None:
    assert tag("He was selling fags out of his van.").characteristics == []
    assert tag("Faggots and peas at the social club.").characteristics == []
    assert tag("They shouted fags at us.").characteristics == ["sexual_orientation"]


def test_evidence_spans_index_the_original_text() -> None:
    text = "Someone spat at me and pulled at my hijab on the bus."
    tags = tag(text)
    assert [text[s:e] for s, e in tags.evidence["religion_belief"]] == ["hijab"]
    assert "spat at" in [text[s:e] for s, e in tags.evidence["preventing_violence"]]
    for spans in tags.evidence.values():
        assert all(0 <= start < end <= len(text) for start, end in spans)


def test_evidence_spans_survive_characters_that_lowercase_oddly() -> None:
    text = "İstanbul-born, and racist abuse every day."
    assert words(text, "race") == ["racist"]


@pytest.mark.parametrize(
    "text",
    [
        "I bin burgled twice this year and nobody came.",
        "ow bin ya, the lights on our road ay bin fixed for months",
        "We've bin waiting weeks for a reply.",
    ],
)
def test_bin_is_been_after_a_pronoun_or_an_auxiliary(text: str) -> None:
    tags = tag(text)
    assert tags.priorities, tags


@pytest.mark.parametrize(
    "text",
    [
        "The bins on our road are never emptied and there's rubbish everywhere.",
        "Someone set fire to the bin outside the shops.",
        "Bin bags dumped in the entry again.",
    ],
)
def test_bin_keeps_its_own_meaning_after_other_words(text: str) -> None:
    from analysis.tagger import default_tagger
    from analysis.text import normalise, tokenise

    tagger = default_tagger()
    normalised = normalise(text)
    words = [token.key for token in tagger.speller.repair(tokenise(normalised), normalised)]
    assert "been" not in words
    assert any(word.startswith("bin") for word in words)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("a man started sayin things about jews and followin us", "harm_reduction"),
        ("lads stealin from the shop every day", "reducing_offending"),
        ("they was fightin outside the chippy", "preventing_violence"),
    ],
)
def test_dropped_gs_the_word_list_knows_are_read_as_ing(text: str, label: str) -> None:
    assert label in tag(text).priorities


def test_words_ending_in_in_stay_themselves() -> None:
    from analysis.tagger import default_tagger
    from analysis.text import normalise, tokenise

    text = "He is thin, my kin will win, the robin sat in the basin"
    normalised = normalise(text)
    words = [t.key for t in default_tagger().speller.repair(tokenise(normalised), normalised)]
    assert {"thin", "kin", "win", "robin"} <= set(words)
