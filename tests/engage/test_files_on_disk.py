"""What Engage leaves on the disk: its SQLite database, write-ahead log and backups readable
by their owner only, and erased words gone from the files themselves, not only from queries.
SQLite only: PostgreSQL keeps its own files."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import report_factories as make
from factories import Resident, make_user, sign_in
from flask import Flask
from sqlalchemy import text

from engage import create_app
from engage.backups import create_backup
from engage.extensions import db
from engage.roles import OFFICER
from tests.urls import Url

WORDS = "Zebedee Quartermaine spat at me outside the Grand Theatre"
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("ENGAGE_TEST_DATABASE_URL")), reason="SQLite's files are what this checks"
)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask, under which files are made readable by every user of the machine."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_a_new_database_and_its_write_ahead_log_are_private(tmp_path: Path):
    database = tmp_path / "engage.sqlite"
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{database}"})
    with app.app_context():
        db.session.execute(text("CREATE TABLE probe (x TEXT)"))
        db.session.execute(text("INSERT INTO probe VALUES ('written')"))
        db.session.commit()
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(file.exists() for file in files)
        assert [mode_of(file) for file in files] == [0o600] * 3
        db.engine.dispose()


@pytest.mark.usefixtures("open_umask")
def test_a_database_left_readable_by_others_is_made_private(tmp_path: Path):
    database = tmp_path / "engage.sqlite"
    database.touch(mode=0o644)

    create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{database}"})

    assert mode_of(database) == 0o600


@pytest.mark.usefixtures("open_umask")
def test_a_backup_is_private(app: Flask, tmp_path: Path):
    target = tmp_path / "backups" / "engage.backup"
    with app.app_context():
        create_backup(db.engine, target)

    assert target.stat().st_size > 0
    assert mode_of(target) == 0o600


def test_erased_words_are_gone_from_the_database_files(
    app: Flask, resident: Resident, database_url: str, url: Url
):
    database = Path(database_url.removeprefix("sqlite:///"))
    with app.app_context():
        report = make.report(description=WORDS, contact={"name": "Zebedee Quartermaine"})
        db.session.commit()
        reference = report.submission.reference
    assert b"Quartermaine" in on_disk(database)
    make_user(app, OFFICER, "officer@swp.example")
    sign_in(resident.client, "officer@swp.example")

    erased = resident.post(
        url("staff.erase_on_request"), {"reference": reference, "action": "erase", "confirmed": "y"}
    )

    assert erased.status_code == 302
    assert b"Quartermaine" not in on_disk(database)


def on_disk(database: Path) -> bytes:
    """The raw bytes of the database and its write-ahead log."""
    wal = Path(f"{database}-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
