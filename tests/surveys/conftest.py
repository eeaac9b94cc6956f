"""Fixtures that write small definitions to a folder or build them from dicts; test profiles."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from surveys import FormDefinition, definition_from_dict

# The property tests: in CI the same examples every run, so a failure reproduces; locally new
# ones each run, remembered in .hypothesis/ once they fail. A deadline would only make a slow
# CI machine fail a test, so there is none. Both start from hypothesis's defaults, not from the
# profile it loads by itself when it sees any CI variable.
DEFAULTS = settings.get_profile("default")
settings.register_profile(
    "ci", DEFAULTS, derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile("dev", DEFAULTS, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true"} else "dev")

WARDS = [
    {"value": "park", "label": "Park"},
    {"value": "penn", "label": {"en": "Penn", "pa": "ਪੈੱਨ"}},
    {"value": "outside-wolverhampton", "label": "Outside Wolverhampton"},
]

FormMaker = Callable[..., dict[str, Any]]


def make_form(*questions: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A definition dict with one section holding the questions; `top` overrides top-level keys."""
    form: dict[str, Any] = {
        "id": "swp",
        "version": 1,
        "title": "Safer Wolverhampton",
        "sections": [{"id": "main", "title": "Main", "questions": list(questions)}],
    }
    form.update(top)
    return form


@pytest.fixture
def form() -> FormMaker:
    """Make a definition dict from questions."""
    return make_form


@pytest.fixture
def build() -> Callable[..., FormDefinition]:
    """Build a definition from questions, without files."""

    def build(*questions: dict[str, Any], **top: Any) -> FormDefinition:
        return definition_from_dict(make_form(*questions, **top), origin="test")

    return build


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A definitions folder holding lists/wards.yaml."""
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "wards.yaml").write_text(yaml.safe_dump(WARDS, allow_unicode=True))
    return tmp_path


@pytest.fixture
def write(folder: Path) -> Callable[[str, Any], Path]:
    """Write a file into the folder: YAML text as it is, anything else dumped as YAML."""

    def write(name: str, content: Any) -> Path:
        path = folder / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
