"""Whether a definition's ward questions still offer what their shared lists hold now.

A stored form keeps the wards it was stored with, but a definition file names only its list: an
export of a form whose list has changed since is read back with the list as it is now.
"""

from __future__ import annotations

from pathlib import Path

from surveys.form_errors import DefinitionError
from surveys.loader import DEFINITIONS_DIR, list_options
from surveys.model import FormDefinition, QuestionType
from surveys.schema import DEFAULT_LIST


def changed_ward_lists(definition: FormDefinition, folder: Path = DEFINITIONS_DIR) -> list[str]:
    """A line for each ward question whose options are no longer its list's."""
    changed = []
    for section in definition.source.get("sections", []):
        for question in section.get("questions", []):
            if question.get("type") != QuestionType.WARD:
                continue
            name = str(question.get("list", DEFAULT_LIST))
            try:
                current = list_options(name, folder)
            except DefinitionError:
                current = None
            if current != question.get("options"):
                changed.append(
                    f"question '{question.get('id')}': lists/{name}.yaml has changed since "
                    "this version was stored, so the file offers the wards as they are now"
                )
    return changed
