"""`engage users` and `engage centres`: staff accounts and reporting centres, from a terminal."""

import sys

import click
from flask.cli import AppGroup

from engage.errors import EngageError
from engage.extensions import db
from engage.roles import ROLE_NAMES, ROLES
from engage.services.accounts import staff as accounts


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
