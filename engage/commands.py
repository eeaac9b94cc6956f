"""Engage's own commands, added to the `engage` command by `create_app`."""

import logging
import os
import sys
from pathlib import Path

import click
import pyotp
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

import surveys
from engage import clock
from engage.analysis_commands import analysis_group
from engage.backup_commands import backup_group
from engage.bot_command import bot_command
from engage.config import chat_idle_lifetime, report_draft_lifetime
from engage.database import write_deletions_to_disk
from engage.display import counted
from engage.errors import EngageError, FormVersionConflict
from engage.extensions import db
from engage.roles import ROLE_NAMES, ROLES
from engage.services import accounts, chats, draft_secrets, forms, reports, retention


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
    config = current_app.config
    expired = chats.expire_idle_chats(db.session, chat_idle_lifetime(config))
    deleted = reports.delete_stale_drafts(db.session, config)
    draft_secrets.delete_old_secrets(db.session, report_draft_lifetime(config))
    db.session.commit()
    click.echo(f"Deleted {deleted} unfinished responses; forgot {expired} idle chats.")


@click.group("retention", cls=AppGroup)
def retention_group() -> None:
    """Remove personal details kept past each form's retention period."""


@retention_group.command("run")
def run_retention_command() -> None:
    """Remove what is past its retention period, writing each removal to the audit log (run it
    every night: it only changes what is due)."""
    done = retention.run_retention(db.session, current_app.config)
    db.session.commit()
    write_deletions_to_disk(db.engine)
    click.echo(
        f"Removed the personal details of {counted(done.reports_anonymised, 'report')} past their "
        f"retention period; unlinked {counted(done.responses_unlinked, 'response')} from their "
        "Telegram chats."
    )


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
    """Build a demo database in instance/ with demo responses and casework, and serve it."""
    from engage import demo, demo_reports

    database = Path(Flask("engage").instance_path) / "demo.sqlite"
    database.parent.mkdir(parents=True, exist_ok=True)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["ENGAGE_DATABASE_URL"] = f"sqlite:///{database}"
    from engage import create_app

    app = create_app()
    # The demo is served over plain HTTP on this machine, where Secure cookies would not return.
    app.config["SESSION_COOKIE_SECURE"] = False
    with app.app_context():
        initialise_database()
        added = demo.prepare(db.session, responses)
        reports = demo_reports.prepare_casework(db.session)
        db.session.commit()
    click.echo(f"Demo database: {database} ({added} responses and {reports} reports added).")
    if no_serve:
        return
    click.echo(f"Engage is running at http://{host}:{port}/  (press Ctrl+C to stop)")
    click.echo(f"Staff side: http://{host}:{port}/staff/ — demo accounts, all with the password")
    click.echo(
        f"  {demo_reports.DEMO_PASSWORD}: " + ", ".join(a.email for a in demo_reports.ACCOUNTS)
    )
    click.echo(
        "  The officer and the admin then give a code from an authenticator app: add the key "
        f"{demo_reports.DEMO_TOTP_SECRET} to one, or run `.venv/bin/engage demo-code`."
    )
    # The development server's request log starts with the client's address: keep it out.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    run_simple(host, port, app, threaded=True)


@click.command("demo-code")
def demo_code_command() -> None:
    """The code the demo officer's and admin's authenticator app would show now."""
    from engage import demo_reports

    code = pyotp.TOTP(demo_reports.DEMO_TOTP_SECRET).at(clock.now_aware())
    click.echo(f"{code}  (for officer@demo.invalid and admin@demo.invalid; it changes every 30 s)")


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Manage staff accounts."""


@users_group.command("create")
@click.option("--email", required=True, help="Their email address, which they sign in with.")
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option("--centre", help="The reporting centre of centre staff, by name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(
    email: str, name: str, role: str, centre: str | None, password_stdin: bool
) -> None:
    """Add a member of staff; asks for their password twice, unless --password-stdin."""
    try:
        centre_row = accounts.centre_named(db.session, centre) if centre else None
        password = _read_password(password_stdin)
        user = accounts.create_user(db.session, email, name, role, password, centre_row)
    except EngageError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Added {user.name} as {ROLE_NAMES[user.role].lower()} (user {user.id}).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_group.command("list")
def list_users_command() -> None:
    """List the staff accounts."""
    for user in accounts.list_users(db.session):
        centre = f", {user.centre.name}" if user.centre else ""
        state = "" if user.active else " (deactivated)"
        click.echo(f"{user.id}\t{user.email}\t{user.name}\t{user.role}{centre}{state}")


@click.group("centres", cls=AppGroup)
def centres_group() -> None:
    """Manage reporting centres."""


@centres_group.command("create")
@click.argument("name")
def create_centre_command(name: str) -> None:
    """Add a reporting centre called NAME."""
    try:
        centre = accounts.create_centre(db.session, name)
    except EngageError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Added the reporting centre {centre.name} (centre {centre.id}).")


@centres_group.command("list")
def list_centres_command() -> None:
    """List the reporting centres."""
    for centre in accounts.list_centres(db.session):
        state = "" if centre.active else " (deactivated)"
        click.echo(f"{centre.id}\t{centre.name}{state}")


def register_commands(app: Flask) -> None:
    """Add Engage's commands to the app's command line."""
    commands = (
        init_command,
        forms_group,
        drafts_group,
        retention_group,
        demo_command,
        demo_code_command,
        users_group,
        centres_group,
        bot_command,
        analysis_group,
        backup_group,
    )
    for command in commands:
        app.cli.add_command(command)
