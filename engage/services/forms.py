"""Storing form definitions in the database and turning stored forms back into flows."""

import logging
from pathlib import Path

from sqlalchemy import select

import surveys
from engage.errors import FormNotLoaded, FormVersionConflict
from engage.models import Form
from engage.services import DatabaseSession

log = logging.getLogger(__name__)


def store_definition(
    session: DatabaseSession, definition: surveys.FormDefinition
) -> tuple[Form, bool]:
    """Store a definition unless that version is already stored; say whether it was new."""
    existing = session.scalar(
        select(Form).filter_by(definition_id=definition.id, version=definition.version)
    )
    if existing is not None:
        if existing.source != definition.source:
            raise FormVersionConflict(
                f"{definition.id} version {definition.version} is already loaded with "
                "different questions: raise its version number to load the change"
            )
        return existing, False
    form = Form(
        definition_id=definition.id,
        version=definition.version,
        title=definition.title.get("en"),
        source=definition.source,
    )
    session.add(form)
    session.flush()
    log.info("form %s version %s loaded", form.definition_id, form.version)
    return form, True


def load_definition_file(session: DatabaseSession, path: Path) -> tuple[Form, bool]:
    """Load, check and store one definition file; raises surveys.DefinitionError if broken."""
    return store_definition(session, surveys.load_definition(path))


def load_shipped_definitions(session: DatabaseSession) -> list[tuple[Form, bool]]:
    """Store every definition that ships with Engage."""
    definitions = surveys.load_definitions(surveys.DEFINITIONS_DIR)
    return [store_definition(session, d) for d in definitions.values()]


def latest_form(session: DatabaseSession, definition_id: str) -> Form:
    """The newest stored version of a definition."""
    form = session.scalar(
        select(Form).filter_by(definition_id=definition_id).order_by(Form.version.desc())
    )
    if form is None:
        raise FormNotLoaded(definition_id)
    return form


def flow_for(form: Form, language: str = "en") -> surveys.Flow:
    """The flow of a stored form, in a language."""
    return surveys.Flow(definition_of(form), language)


def definition_of(form: Form) -> surveys.FormDefinition:
    """The definition a stored form holds, built once per form version and kept."""
    key = (form.definition_id, form.version)
    cached = _definitions.get(key)
    if cached is None or cached.source != form.source:
        cached = surveys.definition_from_dict(form.source, origin=f"{key[0]} v{key[1]}")
        _definitions[key] = cached
    return cached


_definitions: dict[tuple[str, int], surveys.FormDefinition] = {}
