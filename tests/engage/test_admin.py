"""The admins' pages: staff accounts and reporting centres, and who may reach them."""

import re

import pytest
from factories import STAFF_PASSWORD, csrf_token, make_centre, make_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from engage.extensions import db
from engage.models import ReportingCentre, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from tests.urls import Url

ADMIN_EMAIL = "admin@example.org"
GENERATED = re.compile(r'<code class="engage-password">([^<]+)</code>')


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> FlaskClient:
    """A client signed in as an admin."""
    make_user(app, ADMIN, ADMIN_EMAIL)
    sign_in(client, ADMIN_EMAIL)
    return client


def submit(client: FlaskClient, page: str, data: dict | None = None) -> TestResponse:
    """Fill in and send the form of a page, with the page's CSRF token."""
    token = csrf_token(client.get(page).text)
    return client.post(page, data={"csrf_token": token, **(data or {})})


def user_named(app: Flask, email: str) -> User | None:
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).first()


# Users


def test_an_admin_adds_an_officer_with_a_password_shown_once(
    app: Flask, admin: FlaskClient, client: FlaskClient, url: Url
):
    new = {"name": "Olu Officer", "email": "Olu@Example.org", "role": OFFICER, "centre": ""}
    page = submit(admin, url("staff.new_user"), new)
    assert page.status_code == 200 and "User added" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    password = GENERATED.search(page.text).group(1)
    assert "olu@example.org" in admin.get(url("staff.users")).text
    assert password not in admin.get(url("staff.users")).text

    other = app.test_client()
    # The password works; as an officer, they set up two-factor sign-in before anything else.
    assert sign_in(other, "olu@example.org", password).location == url("staff.two_factor_setup")


def test_an_admin_adds_centre_staff_to_a_centre(app: Flask, admin: FlaskClient, url: Url):
    centre_id = make_centre(app, "Central Library")
    new = {"name": "Lib", "email": "lib@example.org", "role": CENTRE_STAFF, "centre": centre_id}
    assert "User added" in submit(admin, url("staff.new_user"), new).text
    user = user_named(app, "lib@example.org")
    assert user is not None and user.centre_id == centre_id


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "email": "x@example.org", "role": OFFICER}, "Enter the person’s name"),
        ({"name": "X", "email": "not an email", "role": OFFICER}, "in the correct format"),
        ({"name": "X", "email": ADMIN_EMAIL, "role": OFFICER}, "already an account"),
        ({"name": "X", "email": "x@example.org"}, "Choose a role"),
        ({"name": "X", "email": "x@example.org", "role": CENTRE_STAFF}, "Choose the reporting"),
    ],
)
def test_a_refused_user_says_why_and_keeps_what_was_typed(
    admin: FlaskClient, form: dict, message: str, url: Url
):
    page = submit(admin, url("staff.new_user"), {"centre": "", **form})
    assert page.status_code == 200
    assert "There is a problem" in page.text and message in page.text
    if form["name"]:
        assert f'value="{form["name"]}"' in page.text


def test_an_admin_resets_a_password_and_the_old_one_stops_working(
    app: Flask, admin: FlaskClient, url: Url
):
    user_id = make_user(app, OFFICER, "olu@example.org")
    officer = app.test_client()
    sign_in(officer, "olu@example.org")
    page = submit(admin, url("staff.reset_password", user_id=user_id))
    password = GENERATED.search(page.text).group(1)
    assert officer.get(url("staff.home")).status_code == 302
    assert "There is a problem" in sign_in(officer, "olu@example.org", STAFF_PASSWORD).text
    assert sign_in(officer, "olu@example.org", password).location == url("staff.home")


def test_an_admin_deactivates_and_reactivates_a_user(app: Flask, admin: FlaskClient, url: Url):
    user_id = make_user(app, OFFICER, "olu@example.org")
    officer = app.test_client()
    sign_in(officer, "olu@example.org")
    response = submit(admin, url("staff.deactivate_user", user_id=user_id))
    assert response.location == url("staff.users")
    assert "account is deactivated" in admin.get(url("staff.users")).text
    assert officer.get(url("staff.home")).status_code == 302
    assert "There is a problem" in sign_in(officer, "olu@example.org").text

    token = csrf_token(admin.get(url("staff.users")).text)
    admin.post(url("staff.reactivate_user", user_id=user_id), data={"csrf_token": token})
    assert sign_in(officer, "olu@example.org").location == url("staff.home")


@pytest.mark.parametrize(
    "action", ["staff.deactivate_user", "staff.reset_password", "staff.reset_two_factor"]
)
def test_an_admins_change_ends_a_cookie_copied_from_the_officer(
    app: Flask, admin: FlaskClient, action: str, url: Url
):
    user_id = make_user(app, OFFICER, "olu@example.org")
    officer = app.test_client()
    sign_in(officer, "olu@example.org")
    copied = officer.get_cookie("engage_staff", domain="engage.test", path="/staff").value

    submit(admin, url(action, user_id=user_id))

    thief = app.test_client()
    thief.set_cookie("engage_staff", copied, domain="engage.test", path="/staff")
    assert thief.get(url("staff.reports")).location.startswith(url("staff.sign_in"))


def test_an_admin_cannot_deactivate_themselves(app: Flask, admin: FlaskClient, url: Url):
    me = user_named(app, ADMIN_EMAIL)
    page = submit(admin, url("staff.deactivate_user", user_id=me.id))
    assert "You cannot deactivate your own account" in page.text
    assert admin.get(url("staff.users")).status_code == 200


def test_an_unknown_user_is_not_found(admin: FlaskClient, url: Url):
    assert admin.get(url("staff.reset_password", user_id=999)).status_code == 404


# Centres


def test_an_admin_adds_renames_and_deactivates_a_centre(app: Flask, admin: FlaskClient, url: Url):
    response = submit(admin, url("staff.new_centre"), {"name": "  Central Library "})
    assert response.location == url("staff.centres")
    assert "Central Library is added" in admin.get(url("staff.centres")).text
    with app.app_context():
        centre_id = db.session.scalars(select(ReportingCentre.id)).one()
    submit(
        admin, url("staff.rename_centre", centre_id=centre_id), {"name": "Wolverhampton Library"}
    )
    submit(admin, url("staff.deactivate_centre", centre_id=centre_id))
    listed = admin.get(url("staff.centres")).text
    assert "Wolverhampton Library" in listed and "Deactivated" in listed


def test_a_centre_name_already_taken_is_refused(app: Flask, admin: FlaskClient, url: Url):
    make_centre(app, "Central Library")
    page = submit(admin, url("staff.new_centre"), {"name": "central library"})
    assert "There is already a reporting centre called" in page.text
    assert 'value="central library"' in page.text


# Who may reach the admin pages

ADMIN_PAGES = ["staff.users", "staff.new_user", "staff.centres", "staff.new_centre"]


@pytest.mark.parametrize("endpoint", ADMIN_PAGES)
def test_officers_and_centre_staff_do_not_find_the_admin_pages(
    app: Flask, client: FlaskClient, endpoint: str, url: Url
):
    page = url(endpoint)
    centre_id = make_centre(app, "Central Library")
    make_user(app, OFFICER, "olu@example.org")
    make_user(app, CENTRE_STAFF, "lib@example.org", centre_id)
    for email in ["olu@example.org", "lib@example.org"]:
        sign_in(client, email)
        assert client.get(page).status_code == 404
        assert client.get(url("staff.deactivate_user", user_id=1)).status_code == 404


@pytest.mark.parametrize("endpoint", ADMIN_PAGES)
def test_strangers_are_asked_to_sign_in_for_the_admin_pages(
    client: FlaskClient, endpoint: str, url: Url
):
    page = url(endpoint)
    response = client.get(page)
    assert response.location == url("staff.sign_in", next=page)


def test_a_non_admin_cannot_post_to_the_admin_pages(app: Flask, client: FlaskClient, url: Url):
    make_user(app, OFFICER, "olu@example.org")
    sign_in(client, "olu@example.org")
    token = csrf_token(client.get(url("staff.home")).text)
    new = {"csrf_token": token, "name": "Evil", "email": "e@example.org", "role": ADMIN}
    assert client.post(url("staff.new_user"), data=new).status_code == 404
    assert user_named(app, "e@example.org") is None
