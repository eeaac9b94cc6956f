"""`engage bot --console`: the conversation in a terminal.

`engage bot` is a command plugin of the `engage` console script, so it is invoked through it.
"""

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from engage import create_app
from engage.cli.console import cli
from engage.extensions import db
from engage.models import Submission
from engage.safety import EMERGENCY_TITLE


def test_the_console_runs_a_report_until_it_is_cancelled(app, runner: FlaskCliRunner):
    # [1] is the report (no consultation is open); then in_danger: [1] Yes, [2] No.
    result = runner.invoke(cli, ["bot", "--console"], input="1\n9\n1\n/back\n2\n/cancel\n")

    assert result.exit_code == 0, result.output
    assert "[1] Report a hate incident" in result.output
    assert "Is anyone in immediate danger now?" in result.output
    assert "There is no button 9" in result.output
    assert EMERGENCY_TITLE in result.output
    assert "We have deleted the answers you gave" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_the_console_carries_on_where_the_last_run_stopped(app, runner: FlaskCliRunner):
    runner.invoke(cli, ["bot", "--console"], input="1\n2\n")  # the report: nobody in danger

    result = runner.invoke(cli, ["bot", "--console"], input="1\n")

    assert "You have not finished “Report a hate incident”" in result.output
    assert "Who is making this report?" in result.output  # carried on at the second question


def test_the_bot_does_not_start_on_a_database_it_cannot_reach_and_says_why():
    """A hung or stopped database stops the bot at its start with a sentence, not a traceback."""
    unreachable = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:////no/such/folder/x.db"}
    )

    result = unreachable.test_cli_runner().invoke(cli, ["bot", "--console"], input="1\n")

    assert result.exit_code == 1
    assert "The bot cannot start: the database is unreachable" in result.output
    assert "Traceback" not in result.output
