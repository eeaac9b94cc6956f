"""Properties of the loader: any definition either loads, or raises `DefinitionError` listing
its problems, each on one line naming the file (and the question, where there is one) and what
is wrong; never any other exception.

The definitions tried are the shipped ones (and the README's example) broken as an author
could break them: keys deleted, misspelt or given values of another type, items written twice,
questions of unknown types, settings out of range, rules naming unknown questions or answers,
texts in odd languages, includes and lists that are not there, lines of the file cut, moved or
garbled; and any YAML, or text, at all.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import surveys
from surveys import (
    DEFINITIONS_DIR,
    DefinitionError,
    Flow,
    FormDefinition,
    QuestionType,
    definition_from_dict,
    load_definition,
)

# The shipped definitions, and the README's example, which has a question of every type.
README = (Path(surveys.__file__).parent / "README.md").read_text()
SHIPPED_TEXTS = {path.name: path.read_text() for path in sorted(DEFINITIONS_DIR.glob("*.yaml"))}
SHIPPED_TEXTS["pact-feedback.yaml"] = re.search(r"```yaml\n(.*?)```", README, re.DOTALL)[1]
SHIPPED_DATA = {name: yaml.safe_load(text) for name, text in SHIPPED_TEXTS.items()}
WARDS_TEXT = (DEFINITIONS_DIR / "lists" / "wards.yaml").read_text()
# The quick YAML writer when PyYAML has its C extension; it only writes the tests' files.
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

RULE_KEYS = ["question", "equals", "not_equals", "any_of", "answered"]
KEYS = [
    *("id", "version", "title", "description", "sections", "include", "questions"),
    *("type", "label", "hint", "required", "show_if", "options", "other", "scale", "list"),
    *("min", "max", "integer", "min_selections", "max_selections", "long", "max_length"),
    *("not_future", "value", "en", "pa", "requried", "lable", "Id", ""),
    *RULE_KEYS,
]
NAMES = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True),
    st.sampled_from(["equalities-monitoring", "wards", "agreement", "other", "two\nlines"]),
    st.just("x" * 300),  # longer than a file name can be
)
NUMBERS = st.one_of(
    st.integers(), st.floats(), st.sampled_from([0, -1, 0.5, 10**400, -(10**400), 1e308])
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=20),
    st.dates(),
    NAMES,
    st.sampled_from([*map(str, QuestionType), "text", "Yes_No", "yes", "no", "on"]),
)
TEXTS = st.dictionaries(st.sampled_from(["en", "pa", "cy", "EN", "english", "p", ""]), SCALARS)
RULES = st.dictionaries(st.sampled_from(RULE_KEYS), SCALARS | st.lists(SCALARS, max_size=3))
VALUES = st.one_of(
    SCALARS,
    TEXTS,
    RULES,
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner),
        max_leaves=6,
    ),
)


# Breaking a definition as an author could.
def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every value in some nested data, the data itself first."""
    yield path
    if isinstance(data, dict | list):
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in list(items):
            yield from places(value, (*path, key))


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def broken(draw: st.DrawFn, data: Any) -> Any:
    """The data with one to three changes: a value deleted, replaced, set under some key, or an
    item written twice; or the whole of it replaced by something that is not a mapping."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        # A depth first, so the top of a file is changed as often as a label deep in it.
        paths = list(places(data))
        depth = draw(st.sampled_from(sorted({len(path) for path in paths})))
        path = draw(st.sampled_from([path for path in paths if len(path) == depth]))
        change = draw(st.sampled_from(["delete", "replace", "set", "repeat"]))
        if not path:
            data = draw(VALUES) if change == "replace" else data
            continue
        parent, key = at(data, path[:-1]), path[-1]
        if change == "delete":
            del parent[key]
        elif change == "replace":
            parent[key] = draw(VALUES)
        elif change == "set" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(KEYS) | SCALARS)] = draw(VALUES)
        elif change == "repeat" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return data


# The keys each type of question takes, as the README lists them.
TYPE_KEYS = {
    QuestionType.SINGLE_CHOICE: ["options", "other"],
    QuestionType.MULTIPLE_CHOICE: ["options", "other", "min_selections", "max_selections"],
    QuestionType.FREE_TEXT: ["long", "max_length"],
    QuestionType.SCALE: ["scale", "options"],
    QuestionType.NUMBER: ["min", "max", "integer"],
    QuestionType.DATE: ["not_future"],
    QuestionType.WARD: ["list", "options"],
}
OPTIONS = st.lists(st.fixed_dictionaries({"value": NAMES, "label": SCALARS | TEXTS}), max_size=3)
COUNTS = st.integers(-1, 5) | NUMBERS
# For each key, values of the kind it takes, with their edge cases; and any value at all.
SETTINGS = {
    "options": OPTIONS,
    "other": st.booleans(),
    "min_selections": COUNTS,
    "max_selections": COUNTS,
    "long": st.booleans(),
    "max_length": COUNTS,
    "scale": NAMES,
    "min": NUMBERS,
    "max": NUMBERS,
    "integer": st.booleans(),
    "not_future": st.booleans(),
    "list": NAMES,
    "required": st.booleans(),
    "hint": TEXTS,
    "show_if": RULES,
}


# Made once: hypothesis checks each new strategy, which would take most of a test's time.
SETTING_VALUES = {key: SETTINGS.get(key, VALUES) | VALUES for key in KEYS}
QUESTION_KEYS = {  # all but its id, so that every problem can be seen to name the question
    kind: st.sampled_from([*TYPE_KEYS.get(kind, []), "required", "hint", "show_if"])
    | st.sampled_from([key for key in KEYS if key != "id"])
    for kind in QuestionType
}


@st.composite
def any_question(draw: st.DrawFn, kind: QuestionType, earlier: str) -> dict[str, Any]:
    """A question "q" of one type with any of its own keys, or others, and any values."""
    keys = draw(st.lists(QUESTION_KEYS[kind], max_size=4))
    question = {"id": "q", "type": str(kind), "label": "Q"}
    question.update({key: draw(SETTING_VALUES[key]) for key in keys})
    if "show_if" in question and draw(st.booleans()):
        question["show_if"] = {"question": earlier, **draw(RULES)}
    return question


# What a caller sees.
def check_problems(error: DefinitionError, files: set[str]) -> None:
    """Every problem names a file that was read, and says what is wrong on one line."""
    assert error.problems
    for problem in error.problems:
        assert problem.file in files or problem.file.startswith("lists/"), problem
        assert problem.message.strip() and "\n" not in problem.message, problem
        assert problem.question is None or isinstance(problem.question, str)
    assert str(error) == "\n".join(str(problem) for problem in error.problems)


def check_usable(definition: FormDefinition) -> None:
    """A definition that loads rebuilds equal from its JSON-ready source, and starts a flow."""
    rebuilt = definition_from_dict(json.loads(json.dumps(definition.source)))
    assert rebuilt == definition
    flow = Flow(definition)
    assert flow.next_question({}) == flow.applicable({})[0]


def loads_or_lists_problems(
    load: Callable[[], FormDefinition], files: set[str]
) -> DefinitionError | None:
    """The error listing the problems, checked; or None when it loads, checked too."""
    try:
        definition = load()
    except DefinitionError as error:
        check_problems(error, files)
        return error
    check_usable(definition)
    return None


def load_file(name: str, content: str | bytes, wards: str = WARDS_TEXT) -> None:
    """Load a file from a folder holding the shipped definitions and a list of wards."""
    with tempfile.TemporaryDirectory() as folder:
        path = _definitions_folder(Path(folder), wards)
        if isinstance(content, bytes):
            (path / name).write_bytes(content)
        else:
            (path / name).write_text(content, encoding="utf-8")
        loads_or_lists_problems(lambda: load_definition(path / name), {name, *SHIPPED_TEXTS})


def _definitions_folder(path: Path, wards: str = WARDS_TEXT) -> Path:
    for shipped, text in SHIPPED_TEXTS.items():
        (path / shipped).write_text(text, encoding="utf-8")
    (path / "lists").mkdir()
    (path / "lists" / "wards.yaml").write_text(wards, encoding="utf-8")
    return path


def _expanded_sources() -> dict[str, dict[str, Any]]:
    """Each definition expanded, as `definition_from_dict` takes it: includes, lists inlined."""
    with tempfile.TemporaryDirectory() as folder:
        path = _definitions_folder(Path(folder))
        return {name: load_definition(path / name).source for name in SHIPPED_TEXTS}


SOURCES = _expanded_sources()


# The properties.
# A question for a rule to name: each question of the README's example that has no rule itself.
EARLIER = [q for s in SOURCES["pact-feedback.yaml"]["sections"] for q in s["questions"]]
EARLIER = [question for question in EARLIER if "show_if" not in question]


@pytest.mark.parametrize("kind", list(QuestionType))
@settings(max_examples=30)
@given(data=st.data())
def test_any_settings_of_any_type_of_question_build_or_list_their_problems(
    kind: QuestionType, data: st.DataObject
) -> None:
    earlier = data.draw(st.sampled_from(EARLIER))
    questions = [earlier, data.draw(any_question(kind, earlier["id"]))]
    form = {"id": "f", "version": 1, "title": "F"}
    form["sections"] = [{"id": "s", "title": "S", "questions": questions}]
    error = loads_or_lists_problems(lambda: definition_from_dict(form, "f.yaml"), {"f.yaml"})
    assert error is None or {problem.question for problem in error.problems} == {"q"}


@settings(max_examples=100)
@given(data=st.data())
def test_a_broken_definition_builds_or_lists_its_problems(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(list(SOURCES)))
    document = data.draw(broken(SOURCES[name]))
    loads_or_lists_problems(lambda: definition_from_dict(document, name), {name})


@settings(max_examples=30)
@given(includes=st.lists(NAMES) | VALUES, ward_list=NAMES | VALUES)
def test_any_includes_and_lists_load_or_are_named(includes: Any, ward_list: Any) -> None:
    document = copy.deepcopy(SHIPPED_DATA["pact-feedback.yaml"])
    document["include"] = includes
    ward = next(q for s in document["sections"] for q in s["questions"] if q["type"] == "ward")
    ward["list"] = ward_list
    load_file("pact-feedback.yaml", yaml.dump(document, Dumper=Dumper, allow_unicode=True))


@settings(max_examples=25)
@given(data=st.data())
def test_a_broken_definition_file_loads_or_lists_its_problems(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(list(SHIPPED_DATA)))
    document = data.draw(broken(SHIPPED_DATA[name]))
    load_file(name, yaml.dump(document, Dumper=Dumper, allow_unicode=True))


# YAML an author could write by mistake, that reads as something other than they meant.
YAML_MISTAKES = [
    "9" * 4301,  # too long for Python to make an int of
    "2024-02-30",  # a date that does not exist
    "!!int twelve",
    "!!bool maybe",
    "!!timestamp soon",
    "!!float",
    "!!map x",
    "!!set [a]",
    "!!python/object:os.system x",
    "&a [*a]",
    "*nowhere",
    "[" * 5000 + "]" * 5000,  # nested deeper than Python's stack, even as hypothesis raises it
    "{",
    "'",
    "\x00",
    "\t- x",
]


@st.composite
def garbled(draw: st.DrawFn, text: str) -> str:
    """The text of a file with a line deleted, repeated, re-indented, cut short, or given a
    value YAML reads otherwise than meant."""
    lines = text.splitlines()
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    change = draw(st.sampled_from(["delete", "repeat", "indent", "cut", "value", "insert"]))
    if change == "delete":
        del lines[index]
    elif change == "repeat":
        lines.insert(index, line)
    elif change == "indent":
        lines[index] = " " * draw(st.integers(0, 12)) + line.lstrip()
    elif change == "cut":
        lines[index] = line[: draw(st.integers(0, len(line)))]
        del lines[index + 1 :]
    elif change == "value":
        mistake = draw(st.sampled_from(YAML_MISTAKES) | st.text(max_size=20))
        lines[index] = line.partition(":")[0] + ": " + mistake
    else:
        lines.insert(index, draw(st.text(max_size=40)))
    return "\n".join(lines) + "\n"


@settings(max_examples=40)
@given(data=st.data())
def test_a_garbled_definition_file_loads_or_lists_its_problems(data: st.DataObject) -> None:
    name = data.draw(
        st.sampled_from(["report-contact-details.yaml", "swp-strategy-2020-2023.yaml"])
    )
    load_file(name, data.draw(garbled(SHIPPED_TEXTS[name])))


WARD_ONLY = """\
id: ward-only
version: 1
title: Where you live
sections:
  - {id: where, title: Where, questions: [{id: ward, type: ward, label: Your ward?}]}
"""


@settings(max_examples=60)
@given(data=st.data())
def test_a_garbled_list_of_wards_is_named_with_its_problems(data: st.DataObject) -> None:
    wards = data.draw(garbled(WARDS_TEXT) | st.sampled_from(YAML_MISTAKES))
    load_file("ward-only.yaml", WARD_ONLY, wards)


@settings(max_examples=100)
@given(content=st.text() | st.binary() | st.sampled_from(YAML_MISTAKES))
def test_any_text_in_a_definition_file_is_named_with_its_problems(content: str | bytes) -> None:
    load_file("any.yaml", content)


@settings(max_examples=100)
@given(document=VALUES)
def test_any_yaml_document_loads_or_lists_its_problems(document: Any) -> None:
    load_file("any.yaml", yaml.dump(document, Dumper=Dumper, allow_unicode=True))
    loads_or_lists_problems(lambda: definition_from_dict(document, "any.yaml"), {"any.yaml"})
