"""The pieces under the tagger: normalising, tokenising, phrases and sentiment."""

from dataclasses import replace

import pytest
from textblob import TextBlob

from analysis import tag
from analysis.lexicon import load_lexicons
from analysis.patterns import PhraseError, compile_phrase
from analysis.sentiment import measure
from analysis.tagger import Tagger
from analysis.text import normalise, quotation_starts, tokenise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sh1t", "shit"),
        ("r3t4rd", "retard"),
        ("4ssholes", "assholes"),
        ("a$$", "ass"),
        ("f@g", "fag"),
        ("help! 14yo 5pm 4th", "help! 14yo 5pm 4th"),
        ("don’t", "don't"),
    ],
)
def test_normalise_undoes_leetspeak_but_not_numbers(text: str, expected: str) -> None:
    assert normalise(text) == expected
    assert len(normalise(text)) == len(text)


def test_tokens_keep_positions_and_sentences() -> None:
    text = "I'm 14yo. Don't go!"
    tokens = tokenise(normalise(text))
    assert [(t.key, text[t.start : t.end], t.sentence) for t in tokens] == [
        ("im", "I'm", 0),
        ("14", "14", 0),
        ("yo", "yo", 0),
        ("dont", "Don't", 1),
        ("go", "go", 1),
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said 'go home' and left.", ["go"]),
        ("She called me a \u2018p*ki\u2019 twice.", ["p*ki"]),
        ('They shouted "out" at us.', ["out"]),
        ("I don't know, and we're fine.", []),
        ("Give 'em a chance.", []),
        ("The girls' toilets are shut.", []),
    ],
)
def test_quotations_are_found_where_they_open(text: str, quoted: list[str]) -> None:
    starts = quotation_starts(normalise(text))
    words = [t for t in tokenise(normalise(text)) if t.start in starts]
    assert [text[t.start : t.end] for t in words] == quoted


def test_a_phrase_can_ask_for_a_quotation() -> None:
    lexicons = load_lexicons()
    phrase = "(said|told) ... <quote>"
    hostility = lexicons.cues["hostility"]
    cues = {**lexicons.cues, "hostility": replace(hostility, terms=(phrase,))}
    tagger = Tagger(replace(lexicons, cues=cues))
    assert "hate_crime" in tagger.tag("My son is autistic and a man told him 'get lost'.").themes
    assert (
        "hate_crime" not in tagger.tag("My son is autistic and a man told him to get lost.").themes
    )


def test_phrase_syntax() -> None:
    assert len(compile_phrase("(go|get) back to (your|ur) own? country")) == 2
    assert len(compile_phrase("anti-social behaviour")) == 2  # "anti social", "antisocial"
    (pattern,) = compile_phrase("=race")
    assert pattern[0].words == {"race"} and not pattern[0].stems


@pytest.mark.parametrize(
    "phrase", ["", "... kids", "kids ...", "(a b", "(a|(b|c))", "x (a|) y", "police ...?"]
)
def test_bad_phrases_are_refused(phrase: str) -> None:
    with pytest.raises(PhraseError):
        compile_phrase(phrase)


def test_a_quotation_alone_cannot_start_a_phrase() -> None:
    with pytest.raises(PhraseError):
        compile_phrase("<quote> ... out")


@pytest.mark.parametrize(
    "text",
    [
        "The police were brilliant and really helpful.",
        "Not good. Not very good at all, and the council is terribly slow!!",
        "I'm not unhappy but it's really not great (!) :) ... never again",
        "Great area, horrible parking, lovely neighbours.\n\nSad about the library though",
        "",
    ],
)
def test_sentiment_is_textblobs_to_the_last_digit(text: str) -> None:
    expected = TextBlob(text).sentiment
    sentiment = measure(text)
    assert (sentiment.polarity, sentiment.subjectivity) == (
        expected.polarity,
        expected.subjectivity,
    )


def test_not_english_has_no_sentiment() -> None:
    tags = tag("Nie mówię dobrze po angielsku, ale sąsiedzi krzyczą na moje dzieci.")
    assert (tags.sentiment.polarity, tags.sentiment.subjectivity) == (0.0, 0.0)
