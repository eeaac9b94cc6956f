"""`engage users …` and `engage centres …`: staff accounts and reporting centres from a shell."""

from factories import STAFF_PASSWORD, make_centre, sign_in
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from engage.extensions import db
from engage.models import User
from tests.urls import Url

TWICE = f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n"


def create_user(runner: FlaskCliRunner, *options: str, input: str = TWICE):
    base = ["users", "create", "--email", "Olu@Example.org", "--name", "Olu Officer"]
    return runner.invoke(args=[*base, *options], input=input)


def test_users_create_asks_for_the_password_twice(app: Flask, runner: FlaskCliRunner, url: Url):
    result = create_user(runner, "--role", "officer")
    assert result.exit_code == 0, result.output
    assert "Added Olu Officer as officer" in result.output
    assert STAFF_PASSWORD not in result.output
    # The password works; an officer or admin then sets up two-factor sign-in.
    assert sign_in(app.test_client(), "olu@example.org").location == url("staff.two_factor_setup")


def test_users_create_reads_the_password_from_stdin(app: Flask, runner: FlaskCliRunner, url: Url):
    result = create_user(runner, "--role", "admin", "--password-stdin", input=STAFF_PASSWORD)
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    # The password works; an officer or admin then sets up two-factor sign-in.
    assert sign_in(app.test_client(), "olu@example.org").location == url("staff.two_factor_setup")


def test_users_create_puts_centre_staff_in_their_centre(app: Flask, runner: FlaskCliRunner):
    centre_id = make_centre(app, "Central Library")
    result = create_user(runner, "--role", "centre_staff", "--centre", "central library")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.centre_id == centre_id


def test_a_bad_role_is_refused_with_a_message(runner: FlaskCliRunner):
    result = create_user(runner, "--role", "superuser")
    assert result.exit_code == 1
    assert "Error: Choose a role: admin, officer, centre_staff" in result.output
    assert "Traceback" not in result.output


def test_centre_staff_without_a_centre_are_refused(runner: FlaskCliRunner):
    result = create_user(runner, "--role", "centre_staff")
    assert result.exit_code == 1
    assert "Choose the reporting centre" in result.output


def test_an_unknown_centre_is_refused(runner: FlaskCliRunner):
    result = create_user(runner, "--role", "centre_staff", "--centre", "Town Hall")
    assert result.exit_code == 1
    assert "There is no reporting centre called “Town Hall”" in result.output


def test_a_weak_password_is_refused(runner: FlaskCliRunner):
    result = create_user(runner, "--role", "officer", "--password-stdin", input="short\n")
    assert result.exit_code == 1
    assert "Password must be 12 characters or more" in result.output


def test_users_list_shows_every_account(runner: FlaskCliRunner):
    create_user(runner, "--role", "officer")
    result = runner.invoke(args=["users", "list"])
    assert "olu@example.org\tOlu Officer\tofficer" in result.output


def test_centres_create_and_list(runner: FlaskCliRunner):
    result = runner.invoke(args=["centres", "create", "Central Library"])
    assert result.exit_code == 0
    assert "Added the reporting centre Central Library" in result.output
    again = runner.invoke(args=["centres", "create", "CENTRAL LIBRARY"])
    assert again.exit_code == 1
    assert "There is already a reporting centre called “Central Library”" in again.output
    assert "Central Library" in runner.invoke(args=["centres", "list"]).output
