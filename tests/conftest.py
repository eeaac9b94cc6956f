"""Fixtures shared by every test: an app on a migrated database, its client and its runner.

The database is SQLite unless ENGAGE_TEST_DATABASE_URL names another (CI points it at
PostgreSQL). The schema is built once, by the migrations. On SQLite every test gets its own
copy of that database, with the shipped form definitions already stored in it (reading them
took a third of a second a test); on PostgreSQL every test starts with empty tables, and
stores them again.
"""

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import MetaData, create_engine, delete, text

from engage import create_app
from engage.extensions import db
from engage.services.forms import load_shipped_definitions
from tests.urls import Url, path_for

SHARED_URL = os.environ.get("ENGAGE_TEST_DATABASE_URL")


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept for the whole run: every test builds a fresh app, and compiling
    the pages' templates again for each one was most of the time a page test took."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplateCache()


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database built by the migrations: PostgreSQL if named, else a template SQLite file."""
    url = SHARED_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'template.sqlite'}"
    _drop_everything(url)
    app = create_app(_test_config(url))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        if not SHARED_URL:
            _store_shipped_definitions()
        db.engine.dispose()
    yield url
    _drop_everything(url)


@pytest.fixture
def database_url(migrated_url: str, tmp_path: Path) -> str:
    """This test's database: a fresh copy of the SQLite template, or the shared PostgreSQL."""
    if SHARED_URL:
        return migrated_url
    copy = tmp_path / "engage.sqlite"
    shutil.copy(migrated_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(_test_config(database_url))
    app.jinja_env.bytecode_cache = TEMPLATES
    if SHARED_URL:
        with app.app_context():
            _store_shipped_definitions()
    yield app
    with app.app_context():
        db.session.remove()
        if SHARED_URL:
            _empty_every_table()
        db.engine.dispose()


@pytest.fixture
def app_with(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Make an app on this test's database with some settings changed, for the settings that
    take effect only when the app starts (the database's timeouts, say)."""
    made: list[Flask] = []

    def make(**settings: Any) -> Flask:
        made.append(create_app({**_test_config(database_url), **settings}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def url(app: Flask) -> Url:
    """The path of a page by its endpoint: `client.get(url("staff.report", report_id=3))`."""
    return functools.partial(path_for, app)


def _store_shipped_definitions() -> None:
    load_shipped_definitions(db.session)
    db.session.commit()


def _test_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-5d2c8a1f7e3b9d6c4a0e",
        "RECEIPT_PEPPER": "test-receipt-pepper-7f3a9c2e4b1d8f6a",
        "TELEGRAM_CHAT_KEY_SECRET": "test-chat-key-secret-3b8e1f9a6c2d7e4a",
        "DATABASE_URL": url,
        "SERVER_NAME": "engage.test",
        # Tests send many pages from one address; tests/engage/test_rate_limits.py turns it on.
        "RATELIMIT_ENABLED": False,
        # The tests talk plain HTTP, as does the real server they start (live_server.py).
        "SESSION_COOKIE_SECURE": False,
    }


def _empty_every_table() -> None:
    # Replica mode skips triggers, including the one that keeps the audit log append-only.
    db.session.execute(text("SET session_replication_role = replica"))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


def _drop_everything(url: str) -> None:
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE"))
    engine.dispose()
