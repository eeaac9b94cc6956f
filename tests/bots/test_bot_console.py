"""`engage bot --console`: the conversation in a terminal."""

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Submission
from engage.safety import EMERGENCY_TITLE


def test_the_console_runs_a_report_until_it_is_cancelled(app, runner: FlaskCliRunner):
    # [1] is the report (no consultation is open); then in_danger: [1] Yes, [2] No.
    result = runner.invoke(args=["bot", "--console"], input="1\n9\n1\n/back\n2\n/cancel\n")

    assert result.exit_code == 0, result.output
    assert "[1] Report a hate incident" in result.output
    assert "Is anyone in immediate danger now?" in result.output
    assert "There is no button 9" in result.output
    assert EMERGENCY_TITLE in result.output
    assert "We have deleted the answers you gave" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_the_bot_without_console_says_what_it_needs(runner: FlaskCliRunner):
    result = runner.invoke(args=["bot"])

    assert result.exit_code == 2
    assert "ENGAGE_TELEGRAM_TOKEN" in result.output
    assert "Traceback" not in result.output
