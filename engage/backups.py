"""Backups of the whole database, and restoring one: SQLite through its online backup API,
PostgreSQL through its own pg_dump and pg_restore.

A backup holds everything, special-category data included: keep it as safe as the database,
and keep the receipt pepper and the chat key secret with it, or receipt codes and chats will
not work after a restore.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url


class BackupFailed(Exception):
    """A backup or a restore could not be made; the message says why and what to do."""


def create_backup(engine: Engine, target: Path) -> None:
    """Write a backup of the database to `target`, while the app may be running."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only from the start: a backup holds everything the database holds.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
    target.chmod(0o600)
    try:
        if engine.dialect.name == "sqlite":
            _copy_sqlite(_sqlite_path(engine), target)
        else:
            _run_postgres_tool(
                "pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)
            )
    except BackupFailed:
        if target.stat().st_size == 0:  # nothing was written: leave no empty "backup"
            target.unlink()
        raise


def restore_backup(engine: Engine, source: Path) -> None:
    """Replace everything in the database with the backup in `source`.

    Stop the web app and the bot first: what they write during a restore is lost.
    """
    if not source.is_file():
        raise BackupFailed(f"There is no backup at {source}: check the path")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        _copy_sqlite(source, _sqlite_path(engine))
    else:
        _run_postgres_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url(engine)}",
            str(source),
        )


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another, page by page, consistent even mid-write."""
    try:
        with (
            closing(sqlite3.connect(source)) as reading,
            closing(sqlite3.connect(target)) as writing,
        ):
            reading.backup(writing)
    except sqlite3.DatabaseError as error:
        raise BackupFailed(f"{source} is not a readable SQLite database ({error})") from None


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupFailed("An in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq_url(engine: Engine) -> str:
    """The database's address as PostgreSQL's own tools read it (no "+psycopg" driver)."""
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run_postgres_tool(tool: str, *arguments: str) -> None:
    if shutil.which(tool) is None:
        raise BackupFailed(
            f"{tool} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) and try again"
        )
    finished = subprocess.run([tool, *arguments], capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupFailed(f"{tool} failed: {finished.stderr.strip()}")
