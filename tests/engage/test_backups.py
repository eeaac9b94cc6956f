"""Backing up the database and restoring it, as the README's production setup does each night."""

from pathlib import Path

import pytest
import report_factories as make
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from engage.extensions import db
from engage.models import Report, Submission
from engage.services import audit


def references(app: Flask) -> set[str]:
    with app.app_context():
        found = set(db.session.scalars(select(Submission.reference).join(Report)))
        db.session.remove()
        return found


def file_report(app: Flask) -> str:
    with app.app_context():
        reference = make.report().submission.reference
        db.session.commit()
        db.session.remove()
        return reference


def test_a_restore_brings_back_the_database_as_it_was_backed_up(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    kept = file_report(app)
    backup = tmp_path / "nightly" / "engage.backup"

    created = runner.invoke(args=["backup", "create", str(backup)])
    later = file_report(app)
    assert references(app) == {kept, later}
    restored = runner.invoke(args=["backup", "restore", str(backup), "--yes"])

    assert created.exit_code == 0, created.output
    assert restored.exit_code == 0, restored.output
    assert "Restored the database" in restored.output
    assert references(app) == {kept}
    with app.app_context():
        # The restored database still refuses to change its audit log.
        entry = audit.record(db.session, make.staff(), audit.REPORT_VIEWED, "report", 1)
        db.session.commit()
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": entry.id})
        db.session.rollback()
        db.session.remove()


def test_a_restore_asks_first_and_changes_nothing_if_told_no(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    backup = tmp_path / "engage.backup"
    runner.invoke(args=["backup", "create", str(backup)])
    kept = file_report(app)

    answer = runner.invoke(args=["backup", "restore", str(backup)], input="n\n")

    assert answer.exit_code != 0
    assert "replaces everything in the database" in answer.output
    assert references(app) == {kept}


def test_restoring_a_missing_or_broken_backup_says_what_is_wrong(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
):
    missing = runner.invoke(args=["backup", "restore", str(tmp_path / "nope"), "--yes"])
    broken = tmp_path / "broken.backup"
    broken.write_text("not a backup")
    unreadable = runner.invoke(args=["backup", "restore", str(broken), "--yes"])

    assert missing.exit_code == 1 and "There is no backup at" in missing.output
    assert unreadable.exit_code == 1 and "Error:" in unreadable.output
    assert "Traceback" not in missing.output + unreadable.output
