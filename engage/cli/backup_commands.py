"""`engage backup`: back up the whole database, or restore a backup."""

from pathlib import Path

import click
from flask.cli import AppGroup

from engage.backups import BackupFailed, create_backup, restore_backup
from engage.extensions import db


@click.group("backup", cls=AppGroup)
def backup_group() -> None:
    """Back up the database, or restore a backup."""


@backup_group.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def create_command(target: Path) -> None:
    """Write a backup of the whole database to TARGET; safe while Engage runs."""
    try:
        create_backup(db.engine, target)
    except BackupFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {target}.")


@backup_group.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source: Path, yes: bool) -> None:
    """Replace everything in the database with the backup in SOURCE (stop Engage first)."""
    if not yes:
        click.confirm(
            "This replaces everything in the database with the backup. Carry on?", abort=True
        )
    try:
        restore_backup(db.engine, source)
    except BackupFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {source}. Run `engage init` if Engage is newer.")
