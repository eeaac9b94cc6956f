"""Database settings that SQLAlchemy leaves to the application."""

from typing import Any

from sqlalchemy import Engine, event


def enable_sqlite_pragmas(engine: Engine) -> None:
    """Turn on foreign keys and write-ahead logging for every SQLite connection."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
