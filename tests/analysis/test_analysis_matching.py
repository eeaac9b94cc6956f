"""The pieces under the tagger: normalising, tokenising, phrases and sentiment."""

import pytest
from textblob import TextBlob

from analysis import tag
from analysis.patterns import PhraseError, compile_phrase
from analysis.text import normalise, tokenise


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


def test_sentiment_is_textblobs() -> None:
    text = "The police were brilliant and really helpful."
    expected = TextBlob(text).sentiment
    sentiment = tag(text).sentiment
    assert sentiment.polarity == pytest.approx(expected.polarity)
    assert sentiment.subjectivity == pytest.approx(expected.subjectivity)


def test_not_english_has_no_sentiment() -> None:
    tags = tag("Nie mówię dobrze po angielsku, ale sąsiedzi krzyczą na moje dzieci.")
    assert (tags.sentiment.polarity, tags.sentiment.subjectivity) == (0.0, 0.0)
