"""Two-factor sign-in: required for officers and admins, optional for centre staff; a code
from an authenticator app after the password, single-use recovery codes, wrong codes locking
the account like wrong passwords, and an admin's reset for a lost phone."""

import re
from datetime import timedelta

import pyotp
import pytest
from factories import (
    STAFF_PASSWORD,
    STAFF_TOTP_SECRET,
    app_code,
    csrf_token,
    make_centre,
    make_user,
    sign_in,
)
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from engage import clock
from engage.extensions import db
from engage.models import RecoveryCode, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from tests.urls import Url, path_for

OFFICER_EMAIL = "officer@swp.example"
RECOVERY = re.compile(r"<code>([2-9A-Z]{5}-[2-9A-Z]{5})</code>")


def password_step(client: FlaskClient, email: str, password: str = STAFF_PASSWORD):
    sign_in_page = path_for(client.application, "staff.sign_in")
    page = client.get(sign_in_page)
    data = {"csrf_token": csrf_token(page.text), "email": email, "password": password}
    return client.post(sign_in_page, data=data)


def send_code(client: FlaskClient, address: str, code: str, **more: str):
    page = client.get(address)
    return client.post(address, data={"csrf_token": csrf_token(page.text), "code": code, **more})


def new_app_secret(client: FlaskClient) -> str:
    page = client.get(path_for(client.application, "staff.two_factor_setup"))
    return re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")


def stored_secret(app: Flask, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.totp_secret).filter_by(email=email))


def new_officer(app: Flask, email: str = "new@swp.example") -> str:
    """An officer who has never set up an app (as an admin has just added them)."""
    make_user(app, OFFICER, email)
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        user.totp_secret = user.totp_confirmed_at = None
        db.session.commit()
    return email


def test_an_officer_with_the_app_gives_a_code_after_the_password(app: Flask, client, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)

    after_password = password_step(client, OFFICER_EMAIL)

    assert after_password.location == code_page
    assert client.get(url("staff.reports")).status_code == 302  # not signed in yet
    wrong = send_code(client, code_page, "000000")
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.text
    right = send_code(client, code_page, app_code(app, OFFICER_EMAIL))
    assert right.location == url("staff.home")
    assert client.get(url("staff.reports")).status_code == 200


def test_a_code_cannot_be_used_twice(app: Flask, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)
    code = app_code(app, OFFICER_EMAIL)
    first, second = app.test_client(), app.test_client()
    password_step(first, OFFICER_EMAIL)
    password_step(second, OFFICER_EMAIL)

    assert send_code(first, code_page, code).location == url("staff.home")
    refused = send_code(second, code_page, code)
    assert refused.status_code == 200  # asked again
    assert "That code has been used already" in refused.text


def test_five_wrong_codes_lock_the_account_like_wrong_passwords(app: Flask, client, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)
    password_step(client, OFFICER_EMAIL)
    for _ in range(5):
        send_code(client, code_page, "123456")

    locked = send_code(client, code_page, app_code(app, OFFICER_EMAIL))

    assert "the account is locked for a while" in locked.text
    assert client.get(url("staff.reports")).status_code == 302


def test_wrong_codes_still_count_when_the_right_password_is_given_again(app: Flask, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)
    for _ in range(4):  # four wrong codes, then the password again in a fresh browser
        browser = app.test_client()
        password_step(browser, OFFICER_EMAIL)
        send_code(browser, code_page, "123456")
    browser = app.test_client()
    assert password_step(browser, OFFICER_EMAIL).location == code_page

    fifth = send_code(browser, code_page, "123456")
    locked = send_code(browser, code_page, app_code(app, OFFICER_EMAIL))

    assert "Enter the 6-digit code" in fifth.text
    assert "the account is locked for a while" in locked.text
    assert browser.get(url("staff.reports")).status_code == 302


def test_a_right_code_starts_the_count_of_wrong_codes_again(app: Flask, client, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)
    password_step(client, OFFICER_EMAIL)
    for _ in range(4):
        send_code(client, code_page, "123456")
    assert send_code(client, code_page, app_code(app, OFFICER_EMAIL)).location == url("staff.home")

    with app.app_context():
        officer = db.session.scalar(select(User).filter_by(email=OFFICER_EMAIL))
        assert (officer.failed_codes, officer.locked_until) == (0, None)


def test_a_new_officer_must_set_up_the_app_before_anything_else(app: Flask, client, url: Url):
    setup = url("staff.two_factor_setup")
    email = new_officer(app)

    assert password_step(client, email).location == setup
    assert client.get(url("staff.reports")).status_code == 302
    page = client.get(setup)
    assert "<svg" in page.text and "Set up two-factor sign-in" in page.text
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")

    wrong = send_code(client, setup, "000000")
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.text
    codes_page = send_code(client, setup, pyotp.TOTP(secret).at(clock.now_aware()))

    codes = RECOVERY.findall(codes_page.text)
    assert len(codes) == 10
    assert client.get(url("staff.reports")).status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        assert user.totp_secret == secret and user.totp_confirmed_at is not None
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert all(code not in "".join(hashes) for code in codes)


def test_a_recovery_code_works_once(app: Flask, url: Url):
    code_page = url("staff.sign_in_code")
    setup = url("staff.two_factor_setup")
    email = new_officer(app)
    setting_up = app.test_client()
    password_step(setting_up, email)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", setting_up.get(setup).text).group(1)
    page = send_code(setting_up, setup, pyotp.TOTP(secret.replace(" ", "")).now())
    code = RECOVERY.findall(page.text)[0]

    phone_lost = app.test_client()
    password_step(phone_lost, email)
    assert send_code(phone_lost, code_page, code.lower()).location == url("staff.home")
    again = app.test_client()
    password_step(again, email)
    assert send_code(again, code_page, code).status_code == 200  # used already


def test_centre_staff_sign_in_without_a_code_until_they_turn_it_on(app: Flask, client, url: Url):
    code_page = url("staff.sign_in_code")
    setup = url("staff.two_factor_setup")
    centre = make_centre(app, "Central Library")
    make_user(app, CENTRE_STAFF, "staff@library.example", centre)

    assert password_step(client, "staff@library.example").location == url("staff.home")
    home = client.get(url("staff.two_factor_home")).text
    assert "Two-factor sign-in is off" in home
    page = client.get(setup)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")
    send_code(client, setup, pyotp.TOTP(secret).now(), current_password=STAFF_PASSWORD)

    later = app.test_client()
    assert password_step(later, "staff@library.example").location == code_page


def test_centre_staff_can_turn_it_off_with_a_code_but_officers_cannot(app: Flask, client, url: Url):
    setup = url("staff.two_factor_setup")
    centre = make_centre(app, "Central Library")
    make_user(app, CENTRE_STAFF, "staff@library.example", centre)
    sign_in(client, "staff@library.example")
    page = client.get(setup)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")
    totp = pyotp.TOTP(secret)
    send_code(client, setup, totp.now(), current_password=STAFF_PASSWORD)

    refused = send_code(
        client,
        url("staff.turn_off_two_factor"),
        "",
        current_password=STAFF_PASSWORD,
        current_code="999999",
    )
    assert refused.status_code == 400
    turned_off = client.post(
        url("staff.turn_off_two_factor"),
        data={
            "csrf_token": csrf_token(client.get(url("staff.two_factor_home")).text),
            "current_password": STAFF_PASSWORD,
            "current_code": totp.at(clock.now_aware() + timedelta(seconds=30)),
        },
    )
    assert turned_off.status_code == 302
    assert "Two-factor sign-in is off" in client.get(url("staff.two_factor_home")).text

    make_user(app, OFFICER, OFFICER_EMAIL)
    officer = app.test_client()
    sign_in(officer, OFFICER_EMAIL)
    assert "Your role must use two-factor sign-in" in officer.get(url("staff.two_factor_home")).text


# Re-authentication before changing one's own credentials


def test_replacing_the_app_needs_the_password_and_a_current_code(app: Flask, client, url: Url):
    setup = url("staff.two_factor_setup")
    make_user(app, OFFICER, OFFICER_EMAIL)
    sign_in(client, OFFICER_EMAIL)
    old = stored_secret(app, OFFICER_EMAIL)
    new_code = pyotp.TOTP(new_app_secret(client)).now()

    no_proof = send_code(client, setup, new_code)
    no_code = send_code(client, setup, new_code, current_password=STAFF_PASSWORD)
    assert "Enter your current password" in no_proof.text
    assert "Enter the 6-digit code your authenticator app shows now" in no_code.text
    assert stored_secret(app, OFFICER_EMAIL) == old

    current = app_code(app, OFFICER_EMAIL)
    moved = send_code(
        client, setup, new_code, current_password=STAFF_PASSWORD, current_code=current
    )
    assert RECOVERY.search(moved.text)
    assert stored_secret(app, OFFICER_EMAIL) not in (None, old)


def test_new_recovery_codes_need_the_password_as_well_as_a_code(app: Flask, client, url: Url):
    make_user(app, OFFICER, OFFICER_EMAIL)
    sign_in(client, OFFICER_EMAIL)

    def ask(**given: str):
        token = csrf_token(client.get(url("staff.two_factor_home")).text)
        return client.post(url("staff.new_recovery_codes"), data={"csrf_token": token, **given})

    code_only = ask(current_code=app_code(app, OFFICER_EMAIL))
    assert code_only.status_code == 400 and not RECOVERY.search(code_only.text)
    assert "Enter your current password" in code_only.text

    given = ask(current_password=STAFF_PASSWORD, current_code=app_code(app, OFFICER_EMAIL))
    assert len(RECOVERY.findall(given.text)) == 10


def test_a_password_change_needs_a_current_code_where_two_factor_is_on(
    app: Flask, client, url: Url
):
    make_user(app, OFFICER, OFFICER_EMAIL)
    sign_in(client, OFFICER_EMAIL)
    new = {
        "current_password": STAFF_PASSWORD,
        "new_password": "a brand new password",
        "confirm_password": "a brand new password",
    }

    refused = send_code(client, url("staff.password"), "", **new)
    assert "Enter the 6-digit code" in refused.text
    assert sign_in(app.test_client(), OFFICER_EMAIL).location == url("staff.home")  # unchanged

    code = app_code(app, OFFICER_EMAIL)
    changed = send_code(client, url("staff.password"), "", current_code=code, **new)
    assert changed.location == url("staff.home")


def test_an_admin_resets_their_own_credentials_only_with_re_authentication(
    app: Flask, client, url: Url
):
    admin_id = make_user(app, ADMIN, "admin@swp.example")
    sign_in(client, "admin@swp.example")
    old = stored_secret(app, "admin@swp.example")

    password = send_code(client, url("staff.reset_password", user_id=admin_id), "")
    phone = send_code(client, url("staff.reset_two_factor", user_id=admin_id), "")

    assert password.location == url("staff.password")
    assert phone.location == url("staff.two_factor_home")
    assert (
        "You cannot reset your own sign-in details here" in client.get(url("staff.password")).text
    )
    assert stored_secret(app, "admin@swp.example") == old
    assert client.get(url("staff.users")).status_code == 200  # still signed in, nothing changed
    assert sign_in(app.test_client(), "admin@swp.example").location == url("staff.home")


def test_an_admin_resets_a_lost_phone_and_the_officer_sets_up_again(app: Flask, url: Url):
    setup = url("staff.two_factor_setup")
    make_user(app, ADMIN, "admin@swp.example")
    make_user(app, OFFICER, OFFICER_EMAIL)
    officer, admin = app.test_client(), app.test_client()
    sign_in(officer, OFFICER_EMAIL)
    sign_in(admin, "admin@swp.example")
    with app.app_context():
        officer_id = db.session.scalar(select(User.id).filter_by(email=OFFICER_EMAIL))

    users = admin.get(url("staff.users")).text
    assert url("staff.reset_two_factor", user_id=officer_id) in users
    reset = admin.post(
        url("staff.reset_two_factor", user_id=officer_id),
        data={"csrf_token": csrf_token(users)},
    )

    assert reset.location == url("staff.users")
    assert officer.get(url("staff.reports")).status_code == 302  # signed out everywhere
    assert password_step(app.test_client(), OFFICER_EMAIL).location == setup


@pytest.mark.parametrize("role", [OFFICER, CENTRE_STAFF])
def test_only_admins_reset_two_factor(app: Flask, client, role: str, url: Url):
    centre = make_centre(app, "Central Library") if role == CENTRE_STAFF else None
    make_user(app, role, "someone@swp.example", centre)
    make_user(app, ADMIN, "admin@swp.example")
    sign_in(client, "someone@swp.example")
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).filter_by(email="admin@swp.example"))

    assert client.get(url("staff.reset_two_factor", user_id=admin_id)).status_code == 404


def test_the_code_step_expires_and_is_not_a_way_in(app: Flask, client, monkeypatch, url: Url):
    code_page = url("staff.sign_in_code")
    make_user(app, OFFICER, OFFICER_EMAIL)
    password_step(client, OFFICER_EMAIL)
    later = clock.now() + timedelta(minutes=11)
    monkeypatch.setattr(clock, "now", lambda: later)

    asked = client.get(code_page)
    token = csrf_token(client.get(url("staff.sign_in")).text)
    code = pyotp.TOTP(STAFF_TOTP_SECRET).at(clock.now_aware())
    sent = client.post(code_page, data={"csrf_token": token, "code": code})

    assert asked.status_code == 302 and "code-expired" in asked.location
    assert sent.status_code == 302 and "code-expired" in sent.location
    assert client.get(url("staff.reports")).status_code == 302
