"""Database outages for tests: the server down or refusing changes, as the driver reports it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from engage.extensions import db


@contextmanager
def database_down(app: Flask) -> Iterator[None]:
    """Every new connection refused, as when the database server is down or restarting."""
    with app.app_context():
        engine = db.engine
    engine.dispose()  # no pooled connection survives the outage

    def refuse(*_: Any) -> None:
        raise engine.dialect.loaded_dbapi.OperationalError("connection refused (test outage)")

    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)


@contextmanager
def writes_refused(app: Flask) -> Iterator[None]:
    """New rows refused by the database (a full disk, a failover), reads still working."""
    with app.app_context():
        engine = db.engine

    def refuse(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            raise engine.dialect.loaded_dbapi.OperationalError("disk I/O error (test outage)")

    event.listen(engine.dialect, "do_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine.dialect, "do_execute", refuse)
