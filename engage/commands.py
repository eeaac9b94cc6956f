"""Engage's own commands, added to the `engage` command by `create_app`."""

import logging
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

import surveys
from engage.config import draft_lifetime
from engage.errors import FormVersionConflict
from engage.extensions import db
from engage.services import forms, responses


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


@click.group("drafts", cls=AppGroup)
def drafts_group() -> None:
    """Manage unfinished responses."""


@drafts_group.command("purge")
def purge_drafts_command() -> None:
    """Delete unfinished responses left untouched past their lifetime (run it every hour)."""
    deleted = responses.delete_stale_drafts(db.session, draft_lifetime(current_app.config))
    db.session.commit()
    click.echo(f"Deleted {deleted} unfinished responses.")


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


@click.command("demo")
@click.option("--port", default=5000, show_default=True, help="The port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--responses", default=300, show_default=True, help="How many demo responses.")
@click.option("--reset", is_flag=True, help="Delete the demo database and start afresh.")
@click.option("--no-serve", is_flag=True, help="Prepare the demo database without serving it.")
def demo_command(port: int, host: str, responses: int, reset: bool, no_serve: bool) -> None:
    """Build a demo database in instance/ with demo responses, and serve it."""
    from engage import demo

    database = Path(Flask("engage").instance_path) / "demo.sqlite"
    database.parent.mkdir(parents=True, exist_ok=True)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["ENGAGE_DATABASE_URL"] = f"sqlite:///{database}"
    from engage import create_app

    app = create_app()
    with app.app_context():
        initialise_database()
        added = demo.prepare(db.session, responses)
        db.session.commit()
    click.echo(f"Demo database: {database} ({added} demo responses added).")
    if no_serve:
        return
    click.echo(f"Engage is running at http://{host}:{port}/  (press Ctrl+C to stop)")
    # The development server's request log starts with the client's address: keep it out.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    run_simple(host, port, app, threaded=True)


def register_commands(app: Flask) -> None:
    """Add Engage's commands to the app's command line."""
    for command in (init_command, forms_group, drafts_group, demo_command):
        app.cli.add_command(command)
