"""Texts that are probably not English are flagged for translation and not tagged."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Nie mówię dobrze po angielsku, ale sąsiedzi krzyczą na moje dzieci.", "pl"),
        ("Vecinii mei ne înjură în fiecare zi pentru că suntem români.", "ro"),
        ("Mera beta school vich bahut pareshan hai, bache usnu tang karde ne.", "pa"),
        ("ਮੇਰੇ ਗੁਆਂਢੀ ਹਰ ਰੋਜ਼ ਸਾਨੂੰ ਗਾਲ੍ਹਾਂ ਕੱਢਦੇ ਹਨ", "pa"),
        ("میرے ہمسائے ہر روز ہمیں گالیاں دیتے ہیں", "ur"),
        ("جيراني يشتمونني كل يوم", "ar"),
        # Words of TextBlob's English lists that are French ("dans", "il"), or Kurdish ("em").
        ("Il y a trop de cambriolages dans notre quartier et la police ne fait rien.", "fr"),
        ("Cîranên me her roj me heqaret dikin ji ber ku em kurd in.", "ku"),
    ],
)
def test_not_english_is_flagged_and_untagged(text: str, language: str) -> None:
    tags = tag(text)
    assert tags.needs_translation
    assert tags.language == language
    assert (tags.priorities, tags.characteristics, tags.evidence) == ([], [], {})


@pytest.mark.parametrize(
    "text",
    [
        "Knives",
        "County lines",
        "wat we need is more bobbies on the beat innit",
        "ow bist, the lights on our road ay bin fixed for months",
        "Deathto all Muslims.",
        "Typical c a m e l f u c k e r behaviour.",
        "I told em the white van was on the main road per usual, die hard",
    ],
)
def test_short_dialect_and_disguised_english_is_english(text: str) -> None:
    tags = tag(text)
    assert not tags.needs_translation
    assert tags.language == "en"
