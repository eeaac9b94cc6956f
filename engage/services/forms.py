"""Storing form definitions in the database, turning stored forms back into flows, and reading
and writing definitions as files: Engage YAML or an XLSForm workbook, chosen by the file's name.
"""

import logging
from pathlib import Path, PureWindowsPath

from sqlalchemy import select

import surveys
from engage.errors import FormNotLoaded, FormVersionConflict
from engage.models import Form, User
from engage.services import DatabaseSession, audit

log = logging.getLogger(__name__)

YAML = "yaml"
XLSFORM = "xlsform"
FORMATS = (YAML, XLSFORM)
SUFFIXES = {YAML: ".yaml", XLSFORM: ".xlsx"}
YAML_SUFFIXES = {".yaml", ".yml"}
XLSFORM_SUFFIXES = {".xlsx"}
# What to say of a file whose name says it is neither, by its suffix.
OTHER_SUFFIXES = {
    ".xlsm": "is a workbook with macros: save it as an Excel Workbook (.xlsx) and try again",
    ".xls": "is an Excel 97-2003 workbook: save it as an Excel Workbook (.xlsx) and try again",
    ".csv": "is a CSV file: save the XLSForm as an Excel Workbook (.xlsx) and try again",
}
# The largest workbook read from disk; reading checks the same limit on an upload's bytes.
MOST_WORKBOOK_BYTES = 5_000_000


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
    """Load, check and store one definition file, YAML or XLSForm; raises
    surveys.DefinitionError if broken."""
    definition, _ = definition_from_file(path)
    return store_definition(session, definition)


def definition_from_file(path: Path) -> tuple[surveys.FormDefinition, list[surveys.LeftOut]]:
    """A checked definition from a `.yaml` file (includes beside it) or an XLSForm `.xlsx`, and
    what an XLSForm's import left out; raises surveys.DefinitionError."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return surveys.load_definition(path), []
    if suffix not in XLSFORM_SUFFIXES:
        raise _not_a_form(path.name)
    try:
        size = path.stat().st_size
        content = path.read_bytes() if size <= MOST_WORKBOOK_BYTES else b""
    except FileNotFoundError:
        raise _problem(path.name, f"file not found: check that {path} exists") from None
    except OSError as error:
        raise _problem(path.name, f"cannot be read ({error.strerror}): check it") from None
    if size > MOST_WORKBOOK_BYTES:
        raise _problem(
            path.name,
            f"is {size:,} bytes: a form's workbook may be at most {MOST_WORKBOOK_BYTES:,}",
        )
    return surveys.load_xlsform(content, path.name)


def read_upload(content: bytes, filename: str) -> surveys.Imported:
    """An uploaded definition, YAML or XLSForm by its file name, checked but not stored, with
    what was left out; includes and lists come from the shipped definitions. Raises
    surveys.DefinitionError listing every problem."""
    name = PureWindowsPath(filename).name  # a browser may send a Windows path
    suffix = Path(name).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return surveys.Imported(surveys.load_definition_bytes(content, name).source)
    if suffix in XLSFORM_SUFFIXES:
        definition, left_out = surveys.load_xlsform(content, name)
        return surveys.Imported(definition.source, left_out)
    raise _not_a_form(name)


def _not_a_form(name: str) -> surveys.DefinitionError:
    """The error for a file whose name says it is not a form definition."""
    message = OTHER_SUFFIXES.get(
        Path(name).suffix.lower(),
        "is not a form definition: give a YAML file (.yaml) or an XLSForm workbook (.xlsx)",
    )
    return _problem(name, message)


def _problem(name: str, message: str) -> surveys.DefinitionError:
    """An error with one problem about a whole file."""
    return surveys.DefinitionError([surveys.Problem(name, None, message)])


def export_form(form: Form, file_format: str) -> bytes:
    """A stored form written as a file: Engage YAML, or an XLSForm workbook."""
    definition = definition_of(form)
    if file_format == YAML:
        return surveys.definition_yaml(definition).encode("utf-8")
    if file_format == XLSFORM:
        return surveys.definition_xlsform(definition)
    raise ValueError(f"unknown format {file_format!r}: use one of {', '.join(FORMATS)}")


def export_version(
    session: DatabaseSession, form: Form, file_format: str, actor: User | None
) -> bytes:
    """A stored form written as a file, recorded in the audit log (no actor: the command line)."""
    content = export_form(form, file_format)
    detail = f"{form.definition_id} version {form.version} as {file_format}"
    audit.record(session, actor, audit.FORM_EXPORTED, "form", form.id, detail)
    return content


def export_warnings(form: Form) -> list[str]:
    """What an export of a stored form cannot carry: ward lists changed since it was stored."""
    return surveys.changed_ward_lists(definition_of(form))


def export_filename(form: Form, file_format: str) -> str:
    """The name to save an export under, like `pact-feedback-v2.xlsx`."""
    return f"{form.definition_id}-v{form.version}{SUFFIXES[file_format]}"


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


def stored_form(session: DatabaseSession, definition_id: str, version: int | None = None) -> Form:
    """A stored version of a definition, the newest when no version is given."""
    if version is None:
        return latest_form(session, definition_id)
    form = session.scalar(select(Form).filter_by(definition_id=definition_id, version=version))
    if form is None:
        raise FormNotLoaded(f"{definition_id} version {version}")
    return form


def stored_versions(session: DatabaseSession, definition_id: str) -> list[int]:
    """The versions of a definition that are stored, oldest first."""
    query = select(Form.version).filter_by(definition_id=definition_id).order_by(Form.version)
    return list(session.scalars(query))


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
