"""Loading and checking the lexicon files (YAML) that say which words give which label."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.patterns import PhraseError, compile_phrase

DEFAULT_DIRECTORY = Path(__file__).parent / "lexicons"
FAMILY_FOLDERS = {"priority": "priorities", "theme": "themes", "characteristic": "characteristics"}
LABEL_KEYS = {"description", "terms", "hostile", "exclude", "combinations", "outranks"}
CUE_KEYS = {"description", "terms", "exclude"}
SCOPES = ("sentence", "text")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Requirement:
    """One thing a combination needs: inline terms, a cue list, or labels already found."""

    kind: str  # "terms", "cue" or "label"
    values: tuple[str, ...]


@dataclass(frozen=True)
class Combination:
    """Words that give a label only together ("police" with "do nothing")."""

    scope: str
    requires: tuple[Requirement, ...]


@dataclass(frozen=True)
class LabelLexicon:
    """The words of one label (or one cue list), as read from its file."""

    label: str
    family: str  # "priority", "theme", "characteristic", "urgent" or "cue"
    path: Path
    terms: tuple[str, ...] = ()
    hostile: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    combinations: tuple[Combination, ...] = ()
    outranks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The label sets of TAXONOMY.md: priorities, their workstreams (themes), characteristics."""

    priorities: tuple[str, ...]
    theme_priority: dict[str, str]
    characteristics: tuple[str, ...]

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(self.theme_priority)


@dataclass(frozen=True)
class Lexicons:
    """Everything the tagger reads from the lexicon folder."""

    taxonomy: Taxonomy
    labels: dict[str, LabelLexicon]
    cues: dict[str, LabelLexicon]
    exclusions: tuple[str, ...]
    age_range: tuple[int, int]  # young below the first number, older from the second
    english_words: frozenset[str]
    other_languages: dict[str, frozenset[str]]
    spellings: dict[str, tuple[str, ...]]
    swear_words: frozenset[str] = frozenset()  # so a starred "f***" is not read as a slur
    # Spellings read as their meaning only after one of these words ("i bin", not "the bin").
    spelling_after: dict[str, frozenset[str]] = field(default_factory=dict)


def load_lexicons(directory: Path | str | None = None) -> Lexicons:
    """Read and check every lexicon file; raise LexiconError naming the first problem found."""
    folder = Path(directory) if directory is not None else DEFAULT_DIRECTORY
    taxonomy = _read_taxonomy(folder / "taxonomy.yaml")
    labels = {}
    for family, names in _families(taxonomy):
        for name in names:
            labels[name] = _read_label(folder / FAMILY_FOLDERS[family] / f"{name}.yaml", family)
    labels["urgent"] = _read_label(folder / "urgent.yaml", "urgent")
    cues = {
        path.stem: _read_label(path, "cue") for path in sorted((folder / "cues").glob("*.yaml"))
    }
    _check_references(labels, cues)
    settings = _read_mapping(folder / "settings.yaml", {"exclude", "age_range", "swear_words"})
    spellings, spelling_after = _spellings(folder / "spellings.yaml")
    languages = _read_mapping(folder / "languages.yaml", {"english", "places", "others"})
    return Lexicons(
        taxonomy=taxonomy,
        labels=labels,
        cues=cues,
        exclusions=_phrases(settings, "exclude", folder / "settings.yaml"),
        age_range=_age_range(settings, folder / "settings.yaml"),
        english_words=frozenset(
            _words(languages, "english", folder / "languages.yaml")
            + _words(languages, "places", folder / "languages.yaml")
        ),
        other_languages=_other_languages(languages, folder / "languages.yaml"),
        spellings=spellings,
        spelling_after=spelling_after,
        swear_words=frozenset(_words(settings, "swear_words", folder / "settings.yaml")),
    )


def _families(taxonomy: Taxonomy) -> list[tuple[str, tuple[str, ...]]]:
    return [
        ("priority", taxonomy.priorities),
        ("theme", taxonomy.themes),
        ("characteristic", taxonomy.characteristics),
    ]


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise LexiconError(f"{path}: file missing; every label needs a lexicon file") from None
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML: {error}") from None


def _read_mapping(path: Path, allowed: set[str]) -> dict[str, Any]:
    data = _read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: must be a mapping of keys such as {sorted(allowed)}")
    unknown = set(data) - allowed
    if unknown:
        raise LexiconError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    return data


def _read_taxonomy(path: Path) -> Taxonomy:
    data = _read_mapping(path, {"priorities", "characteristics"})
    priorities = data.get("priorities")
    if not isinstance(priorities, dict) or not priorities:
        raise LexiconError(f"{path}: 'priorities' must map each priority to its 'themes'")
    theme_priority: dict[str, str] = {}
    for priority, entry in priorities.items():
        themes = entry.get("themes") if isinstance(entry, dict) else None
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise LexiconError(f"{path}: priority '{priority}' needs a list of 'themes'")
        for theme in themes:
            if theme in theme_priority:
                raise LexiconError(f"{path}: theme '{theme}' is listed under two priorities")
            theme_priority[theme] = priority
    characteristics = _words(data, "characteristics", path)
    return Taxonomy(tuple(priorities), theme_priority, tuple(characteristics))


def _read_label(path: Path, family: str) -> LabelLexicon:
    allowed = CUE_KEYS if family == "cue" else LABEL_KEYS
    data = _read_mapping(path, allowed)
    if data.get("hostile") and family != "characteristic":
        raise LexiconError(f"{path}: 'hostile' is only for characteristics")
    return LabelLexicon(
        label=path.stem,
        family=family,
        path=path,
        terms=_phrases(data, "terms", path),
        hostile=_phrases(data, "hostile", path),
        exclude=_phrases(data, "exclude", path),
        combinations=_combinations(data.get("combinations") or [], path),
        outranks=tuple(_words(data, "outranks", path)),
    )


def _words(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LexiconError(f"{path}: '{key}' must be a list of words")
    return [item.strip().lower() for item in value]


def _phrases(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise LexiconError(f"{path}: '{key}' must be a list of phrases, one per line ('- ...')")
    for number, phrase in enumerate(value, start=1):
        _check_phrase(phrase, f"{path}: '{key}' item {number}")
    return tuple(value)


def _check_phrase(phrase: Any, where: str) -> None:
    try:
        compile_phrase(phrase)
    except PhraseError as error:
        raise LexiconError(f"{where}: {error}") from None


def _combinations(value: Any, path: Path) -> tuple[Combination, ...]:
    if not isinstance(value, list):
        raise LexiconError(f"{path}: 'combinations' must be a list")
    return tuple(_combination(entry, path, n) for n, entry in enumerate(value, start=1))


def _combination(entry: Any, path: Path, number: int) -> Combination:
    where = f"{path}: combination {number}"
    if not isinstance(entry, dict) or set(entry) - {"scope", "requires"}:
        raise LexiconError(f"{where}: must have 'requires' (a list) and optionally 'scope'")
    scope = entry.get("scope", "sentence")
    if scope not in SCOPES:
        raise LexiconError(f"{where}: scope must be one of {SCOPES}, not {scope!r}")
    requires = entry.get("requires")
    if not isinstance(requires, list) or len(requires) < 2:
        raise LexiconError(f"{where}: 'requires' must list at least two things")
    return Combination(scope, tuple(_requirement(item, where) for item in requires))


def _requirement(item: Any, where: str) -> Requirement:
    if not isinstance(item, dict) or len(item) != 1:
        raise LexiconError(f"{where}: each requirement is one of 'terms:', 'cue:' or 'label:'")
    kind, value = next(iter(item.items()))
    values = [value] if isinstance(value, str) else value
    if kind not in ("terms", "cue", "label") or not isinstance(values, list) or not values:
        raise LexiconError(f"{where}: each requirement is one of 'terms:', 'cue:' or 'label:'")
    for phrase in values:
        if kind == "terms":
            _check_phrase(phrase, f"{where}: terms")
        elif not isinstance(phrase, str):
            raise LexiconError(f"{where}: '{kind}' must name one or more {kind}s")
    return Requirement(kind, tuple(values))


def _check_references(labels: dict[str, LabelLexicon], cues: dict[str, LabelLexicon]) -> None:
    known = {"label": labels, "cue": cues}
    for lexicon in [*labels.values(), *cues.values()]:
        for other in lexicon.outranks:
            if other not in labels:
                raise LexiconError(f"{lexicon.path}: 'outranks' names unknown label '{other}'")
        for combination in lexicon.combinations:
            for requirement in combination.requires:
                missing = [
                    v
                    for v in requirement.values
                    if requirement.kind in known and v not in known[requirement.kind]
                ]
                if missing:
                    raise LexiconError(
                        f"{lexicon.path}: combination needs unknown {requirement.kind} {missing}"
                    )


def _age_range(settings: dict[str, Any], path: Path) -> tuple[int, int]:
    value = settings.get("age_range", {"young_below": 25, "older_from": 60})
    try:
        young, older = int(value["young_below"]), int(value["older_from"])
    except (TypeError, KeyError, ValueError):
        raise LexiconError(
            f"{path}: 'age_range' needs whole numbers young_below and older_from"
        ) from None
    return young, older


def _other_languages(languages: dict[str, Any], path: Path) -> dict[str, frozenset[str]]:
    others = languages.get("others") or {}
    if not isinstance(others, dict):
        raise LexiconError(f"{path}: 'others' must map a language code to its common words")
    return {code: frozenset(_words(others, code, path)) for code in others}


def _spellings(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """Each spelling and the words it stands for; and, for a spelling that is also an
    ordinary word ("bin"), the words it must follow to be read so ("i bin", "ow bin")."""
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: must map each spelling to the word(s) it stands for")
    spellings, after = {}, {}
    for written, meant in data.items():
        key = written.lower().replace("'", "") if isinstance(written, str) else written
        if isinstance(meant, dict) and isinstance(written, str):
            if set(meant) != {"means", "after"} or not isinstance(meant["after"], list):
                raise LexiconError(
                    f"{path}: '{written}' needs 'means' (the word or words it stands for) and "
                    "'after' (a list of the words it must follow to stand for them)"
                )
            after[key] = frozenset(
                str(word).lower().replace("'", "") for word in meant["after"] if word is not None
            )
            meant = meant["means"]
        if not isinstance(written, str) or not isinstance(meant, str) or not meant.split():
            raise LexiconError(
                f"{path}: '{written}: {meant}' must map a spelling to one or more words"
            )
        spellings[key] = tuple(word.replace("'", "") for word in meant.lower().split())
    return spellings, after
