"""`engage init` and `engage forms load`: a database made ready, and form definitions loaded."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

import surveys
from engage.errors import FormVersionConflict
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
    """Check a definition file and load it, or list everything wrong with it."""
    try:
        form, is_new = forms.load_definition_file(db.session, path)
    except surveys.DefinitionError as error:
        click.echo(f"{path} was not loaded. Fix these problems and try again:", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    except FormVersionConflict as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    state = "Loaded" if is_new else "Already loaded, unchanged:"
    click.echo(f"{state} {form.definition_id} version {form.version}.")
