"""/healthz tells a monitor whether the database reads and writes, and if not, how it fails:
each failure made for real on the database under test (SQLite, or PostgreSQL in CI)."""

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text

from engage import create_app
from engage.extensions import db
from tests.urls import Url, path_for

LOCK_SECONDS = 0.2


def health_of(app: Flask) -> tuple[int, dict]:
    answer = app.test_client().get(path_for(app, "health.healthz"))
    return answer.status_code, answer.json


@contextmanager
def every_connection_read_only(app: Flask) -> Iterator[None]:
    """The database refusing every write, as a replica or a read-only mount does."""
    with app.app_context():
        engine = db.engine
    engine.dispose()
    statement = (
        "PRAGMA query_only = ON"
        if engine.dialect.name == "sqlite"
        else "SET default_transaction_read_only = on"
    )

    def make_read_only(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        dbapi_connection.commit()

    event.listen(engine, "connect", make_read_only)
    try:
        yield
    finally:
        event.remove(engine, "connect", make_read_only)
        engine.dispose()


@contextmanager
def schema_locked_by_another_process(database_url: str) -> Iterator[None]:
    """Another connection holding the lock that a write needs, and not letting go."""
    other = create_engine(database_url)
    with other.connect() as connection:
        if other.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(text("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE"))
        yield
        connection.rollback()
    other.dispose()


def test_a_working_database_is_ok(client, url: Url):
    answer = client.get(url("health.healthz"))

    assert answer.status_code == 200
    assert answer.json == {"status": "ok", "database": "ok"}


def test_an_unreachable_database_is_reported_as_unreachable():
    broken = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:////no/such/folder/x.db"}
    )

    assert health_of(broken) == (503, {"status": "unavailable", "database": "unreachable"})


def test_a_read_only_database_is_reported_as_read_only(
    app_with: Callable[..., Flask], caplog: pytest.LogCaptureFixture
):
    app = app_with()

    with every_connection_read_only(app), caplog.at_level(logging.WARNING):
        status = health_of(app)

    assert status == (503, {"status": "unavailable", "database": "read-only"})
    assert "health check failed: database read-only" in caplog.text
    assert health_of(app) == (200, {"status": "ok", "database": "ok"})


def test_a_database_locked_by_another_writer_is_reported_as_locked(
    app_with: Callable[..., Flask], database_url: str, caplog: pytest.LogCaptureFixture
):
    app = app_with(DATABASE_LOCK_TIMEOUT=LOCK_SECONDS)

    with schema_locked_by_another_process(database_url), caplog.at_level(logging.WARNING):
        status = health_of(app)

    assert status == (503, {"status": "unavailable", "database": "locked"})
    assert "health check failed: database locked" in caplog.text
    assert health_of(app) == (200, {"status": "ok", "database": "ok"})


def test_a_full_disk_is_reported_as_disk_full(
    app_with: Callable[..., Flask], caplog: pytest.LogCaptureFixture
):
    """A full disk still lets every read through, so only the check's write can find it.

    The disk cannot be filled here, so the driver's own error for it is raised at the write.
    """
    app = app_with()
    with app.app_context():
        engine = db.engine
    full_disk = (
        sqlite3.OperationalError("database or disk is full")
        if engine.dialect.name == "sqlite"
        else _postgresql_disk_full()
    )

    def refuse_writes(cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            raise full_disk

    event.listen(engine.dialect, "do_execute", refuse_writes)
    try:
        with caplog.at_level(logging.WARNING):
            status = health_of(app)
    finally:
        event.remove(engine.dialect, "do_execute", refuse_writes)

    assert status == (503, {"status": "unavailable", "database": "disk full"})
    assert "health check failed: database disk full" in caplog.text


def _postgresql_disk_full() -> Exception:
    from psycopg.errors import DiskFull

    return DiskFull("could not extend file: No space left on device")
