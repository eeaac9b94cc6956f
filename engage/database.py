"""Database settings that SQLAlchemy leaves to the application."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, event


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
    """Turn on foreign keys and write-ahead logging for every SQLite connection."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
