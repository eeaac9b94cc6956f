"""Small pieces for building definitions in tests: questions, options and rules as mappings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from surveys import FormDefinition

# The `build` fixture's type: build(*questions) is a one-section definition of them.
Build = Callable[..., FormDefinition]


def question(question_id: str, kind: str = "free_text", **keys: Any) -> dict[str, Any]:
    """A question mapping whose label is its id in words."""
    return {"id": question_id, "type": kind, "label": question_id.replace("_", " "), **keys}


def options(*values: str) -> list[dict[str, Any]]:
    """Options whose labels are their values in capitals."""
    return [{"value": value, "label": value.upper()} for value in values]


def when(target: str, **rule: Any) -> dict[str, Any]:
    """A show_if on `target`."""
    return {"question": target, **rule}
