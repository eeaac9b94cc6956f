"""The migrations build exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect, text

from engage.extensions import db
from tests.conftest import SHARED_URL
from tests.engage.report_factories import report, staff


def test_the_migrated_database_matches_the_models(app: Flask):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)

    assert differences == []


sqlite_only = pytest.mark.skipif(
    bool(SHARED_URL), reason="SQLite's table copies are what this checks; the shared database stays"
)


def tables(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def add_casework(app: Flask) -> None:
    """Rows that point at a member of staff, as every real database has."""
    with app.app_context():
        officer = staff()
        filed = report()
        filed.assignee = officer
        db.session.commit()


@sqlite_only
def test_a_database_with_casework_downgrades_and_upgrades_again(app: Flask, runner):
    add_casework(app)

    down = runner.invoke(args=["db", "downgrade", "base"])
    assert down.exit_code == 0, down.output
    assert tables(app) == {"alembic_version"}

    up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert "users" in tables(app)
    assert not any(name.startswith("_alembic_tmp") for name in tables(app))


@sqlite_only
def test_a_copy_left_by_an_earlier_failed_downgrade_does_not_block_the_next(app: Flask, runner):
    add_casework(app)
    with app.app_context():
        db.session.execute(text("CREATE TABLE _alembic_tmp_users (id INTEGER)"))
        db.session.commit()

    result = runner.invoke(args=["db", "downgrade", "--", "-1"])

    assert result.exit_code == 0, result.output
    assert "_alembic_tmp_users" not in tables(app)
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM reports")) == 1
