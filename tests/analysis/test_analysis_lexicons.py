"""The lexicon files: extending them needs no code, and mistakes give clear errors."""

import shutil
from pathlib import Path

import pytest

from analysis import LexiconError, Tagger, load_lexicons
from analysis.lexicon import DEFAULT_DIRECTORY


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_DIRECTORY, copy)
    return copy


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_shipped_lexicons_load() -> None:
    lexicons = load_lexicons()
    assert len(lexicons.taxonomy.characteristics) == 9
    assert lexicons.taxonomy.theme_priority["hate_crime"] == "harm_reduction"


def test_adding_a_term_needs_no_code_change(folder: Path) -> None:
    text = "The zorblax problem on the estate."
    assert Tagger(load_lexicons(folder)).tag(text).priorities == []
    append(folder / "themes" / "anti_social_behaviour.yaml", "\nexclude:\n  - nothing here\n")
    path = folder / "themes" / "anti_social_behaviour.yaml"
    path.write_text(path.read_text().replace("terms:\n", "terms:\n  - zorblax\n", 1))
    assert Tagger(load_lexicons(folder)).tag(text).priorities == ["preventing_violence"]


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("characteristics/age.yaml", "\nterms: [unclosed\n", "age.yaml: not valid YAML"),
        ("characteristics/age.yaml", "\nsynonyms:\n  - x\n", "unknown key(s) ['synonyms']"),
        ("themes/vawg.yaml", "\nhostile:\n  - x\n", "'hostile' is only for characteristics"),
        ("characteristics/race.yaml", "\nexclude:\n  - (a b\n", "'exclude' item 1"),
        ("themes/vawg.yaml", "\noutranks:\n  - nonsense\n", "unknown label 'nonsense'"),
        (
            "themes/vawg.yaml",
            "\ncombinations:\n  - requires:\n      - cue: nowhere\n      - terms: [x]\n",
            "unknown cue ['nowhere']",
        ),
    ],
)
def test_mistakes_are_reported_with_file_and_item(
    folder: Path, file: str, change: str, message: str
) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    # Replace rather than append when the key already exists in the file.
    key = change.strip().split(":")[0]
    if f"\n{key}:" in text:
        text = text.split(f"\n{key}:")[0]
    path.write_text(text + change, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicons(folder)
    assert message in str(error.value)
    assert file.split("/")[-1] in str(error.value)


def test_a_missing_label_file_is_named(folder: Path) -> None:
    (folder / "characteristics" / "sex.yaml").unlink()
    with pytest.raises(LexiconError, match=r"sex\.yaml: file missing"):
        load_lexicons(folder)


def test_a_bad_phrase_says_what_is_wrong(folder: Path) -> None:
    append(folder / "characteristics" / "age.yaml", "")
    path = folder / "characteristics" / "age.yaml"
    path.write_text(path.read_text().replace("terms:\n", "terms:\n  - ... kids\n", 1))
    with pytest.raises(LexiconError, match=r"age\.yaml: 'terms' item 1: .*'\.\.\.' must be"):
        load_lexicons(folder)


def test_a_spelling_can_apply_only_after_certain_words(folder: Path) -> None:
    append(folder / "spellings.yaml", "\nzorb:\n  means: burgled\n  after: [i, we]\n")
    tagger = Tagger(load_lexicons(folder))
    assert tagger.tag("We zorb last week.").priorities == ["reducing_offending"]
    assert tagger.tag("The zorb last week.").priorities == []


def test_a_spelling_with_context_needs_both_keys(folder: Path) -> None:
    append(folder / "spellings.yaml", "\nzorb:\n  means: burgled\n")
    with pytest.raises(LexiconError, match=r"spellings\.yaml: 'zorb' needs 'means'"):
        load_lexicons(folder)
