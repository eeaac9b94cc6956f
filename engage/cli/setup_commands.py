"""`engage init`, `engage forms load` and `engage forms export`: a database made ready, and form
definitions loaded from and written to YAML or XLSForm files."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

import surveys
from engage.errors import FormNotLoaded, FormVersionConflict
from engage.extensions import db
from engage.services import forms


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and load the shipped form definitions."""
    initialise_database()
    click.echo("The database is up to date and the shipped forms are loaded.")


def initialise_database() -> None:
    """Run the migrations and store the shipped definitions; safe to run again."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    for form, is_new in forms.load_shipped_definitions(db.session):
        state = "loaded" if is_new else "already loaded"
        click.echo(f"  {form.definition_id} version {form.version}: {state}")
    db.session.commit()


@click.group("forms", cls=AppGroup)
def forms_group() -> None:
    """Manage form definitions."""


@forms_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
def load_form_command(path: Path) -> None:
    """Check a definition file (YAML, or an XLSForm .xlsx) and load it, or list everything wrong
    with it. What an XLSForm has that Engage does not is listed as warnings."""
    try:
        definition, left_out = forms.definition_from_file(path)
    except surveys.DefinitionError as error:
        _warn(path, error.left_out)
        click.echo(f"{path} was not loaded. Fix these problems and try again:", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    _warn(path, left_out)
    try:
        form, is_new = forms.store_definition(db.session, definition)
    except FormVersionConflict as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    state = "Loaded" if is_new else "Already loaded, unchanged:"
    click.echo(f"{state} {form.definition_id} version {form.version}.")


def _warn(path: Path, left_out: list[surveys.LeftOut]) -> None:
    """List what an import left out, one line each."""
    if left_out:
        click.echo(f"Warning: Engage left these out of {path.name}:", err=True)
    for note in left_out:
        click.echo(f"  - {note}", err=True)


@forms_group.command("export")
@click.argument("form_id")
@click.option("--version", type=click.IntRange(min=1), help="The version (default: the newest).")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(forms.FORMATS),
    required=True,
    help="yaml or xlsform.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The file to write.",
)
def export_form_command(form_id: str, version: int | None, file_format: str, output: Path) -> None:
    """Write a loaded form as Engage YAML or as an XLSForm workbook."""
    try:
        form = forms.stored_form(db.session, form_id, version)
    except FormNotLoaded:
        raise click.ClickException(_not_loaded(form_id, version)) from None
    content = forms.export_version(db.session, form, file_format, actor=None)
    try:
        output.write_bytes(content)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error.strerror}.") from None
    db.session.commit()  # the audit entry, once the file is written
    click.echo(f"Wrote {form.definition_id} version {form.version} to {output}.")
    for warning in forms.export_warnings(form):
        click.echo(f"Warning: {warning}.", err=True)


def _not_loaded(form_id: str, version: int | None) -> str:
    """What to say when the form, or that version of it, is not loaded."""
    versions = forms.stored_versions(db.session, form_id)
    if not versions:
        return f"No form '{form_id}' is loaded. Check the id, or load it with engage forms load."
    listed = ", ".join(str(number) for number in versions)
    return f"Form '{form_id}' has no version {version}. The versions loaded are: {listed}."
