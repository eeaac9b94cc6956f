"""Fixtures shared by every test: an app on a migrated database, its client and its runner.

The database is SQLite in a temporary folder unless ENGAGE_TEST_DATABASE_URL names another
(CI points it at PostgreSQL). The schema is built once, by the migrations, and every test
starts with empty tables.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import MetaData, create_engine, delete

from engage import create_app
from engage.extensions import db
from engage.services.forms import load_shipped_definitions


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("ENGAGE_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'engage-test.sqlite'}"
    )
    _drop_everything(url)
    app = create_app(_test_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    yield url
    _drop_everything(url)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(_test_config(database_url, tmp_path))
    with app.app_context():
        load_shipped_definitions(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def _test_config(url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": url,
        "SERVER_NAME": "engage.test",
    }


def _drop_everything(url: str) -> None:
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()
