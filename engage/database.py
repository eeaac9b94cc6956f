"""Database settings that SQLAlchemy leaves to the application."""

import logging
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def engine_options(config: Mapping[str, Any], url: str) -> dict[str, Any]:
    """Timeouts for the database in `url`, from the DATABASE_*_TIMEOUT settings (seconds).

    Statement values are kept out of error messages, which reach the logs.
    """
    lock_seconds = float(config["DATABASE_LOCK_TIMEOUT"])
    options: dict[str, Any] = {"hide_parameters": True}
    if url.startswith("sqlite"):
        # sqlite3's timeout is how long it waits for another writer to finish.
        return {**options, "connect_args": {"timeout": lock_seconds}}
    if not url.startswith("postgresql"):
        return options
    options["pool_timeout"] = float(config["DATABASE_POOL_TIMEOUT"])
    connect_seconds = int(config["DATABASE_CONNECT_TIMEOUT"])
    statement_ms = int(float(config["DATABASE_STATEMENT_TIMEOUT"]) * 1000)
    server_settings = (
        f"-c statement_timeout={statement_ms} -c lock_timeout={int(lock_seconds * 1000)}"
    )
    return {
        **options,
        "connect_args": {
            "connect_timeout": connect_seconds,
            "options": server_settings,
            # A server that stops acknowledging what is sent (a network gone, a host frozen)
            # drops the connection after this long, rather than after the kernel's 15 minutes.
            "tcp_user_timeout": statement_ms,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        },
    }


def enable_sqlite_pragmas(engine: Engine) -> None:
    """Turn on foreign keys, write-ahead logging and secure deletion for every SQLite
    connection: what is deleted is overwritten, not left in free pages to be read later."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def keep_sqlite_files_private(url: str) -> None:
    """Make the SQLite database readable by its owner only, and keep it so.

    A new file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the
    database's own mode. Files left readable by others (by an older Engage) are made private.
    """
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError:
        return  # a folder that is not there: SQLite says so when it is first used
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            file.chmod(0o600)
            log.warning("%s could be read by other users: it is now private (0600)", file)


def write_deletions_to_disk(engine: Engine) -> None:
    """After erasing, move SQLite's write-ahead log into the database and empty it, so that
    the rows erased are gone from the log's older copies of their pages too."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
    if busy:  # a reader held the log: the nightly checkpoint, or the next erasure, empties it
        log.warning("the write-ahead log could not be emptied yet: another reader was using it")
