"""Where configuration comes from, and the database settings it leads to."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from engage import create_app
from engage.extensions import db


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/engage", "postgresql+psycopg://u@h/engage"),
        ("postgresql://u@h/engage", "postgresql+psycopg://u@h/engage"),
        ("postgresql+psycopg://u@h/engage", "postgresql+psycopg://u@h/engage"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_urls_are_given_the_psycopg_driver(given: str, used: str):
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": given})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == used


def test_engage_variables_override_database_url(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://plain@h/db")
    monkeypatch.setenv("ENGAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'engage.sqlite'}")
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "from-the-environment-9c4e1a7f3b8d2e6a")

    app = create_app()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'engage.sqlite'}"
    assert app.config["SECRET_KEY"] == "from-the-environment-9c4e1a7f3b8d2e6a"


def test_plain_database_url_is_used_without_an_engage_one(monkeypatch):
    monkeypatch.delenv("ENGAGE_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://plain@h/db")

    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://plain@h/db"


def test_session_cookies_are_secure_unless_said_otherwise(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    database = f"sqlite:///{tmp_path / 'engage.sqlite'}"

    assert create_app({"SECRET_KEY": "x", "DATABASE_URL": database}).config["SESSION_COOKIE_SECURE"]
    monkeypatch.setenv("ENGAGE_SESSION_COOKIE_SECURE", "false")
    monkeypatch.setenv("ENGAGE_DATABASE_URL", database)
    assert not create_app().config["SESSION_COOKIE_SECURE"]


def test_engage_run_debug_sends_cookies_over_plain_http(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # what `engage run --debug` sets
    database = f"sqlite:///{tmp_path / 'engage.sqlite'}"

    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": database})

    assert not app.config["SESSION_COOKIE_SECURE"]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app: Flask):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the suite is running on PostgreSQL")
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
