"""Signing in and out of the staff side, changing one's password, session limits and cookies."""

from datetime import timedelta

import pytest
from factories import STAFF_PASSWORD, app_code, csrf_token, make_centre, make_user, sign_in
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from engage import clock
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.staff.access import roles_required
from tests.urls import Url, path_for

EMAIL = "officer@example.org"
PASSWORD_GIVEN = {"email": EMAIL, "password": STAFF_PASSWORD}
REFUSAL = "Enter a correct email address and password"


@pytest.fixture
def officer(app: Flask) -> int:
    return make_user(app, OFFICER, EMAIL)


def password_change(app: Flask, new: str = "a brand new password") -> dict[str, str]:
    """A filled-in password change: the current password and code, and the new one twice."""
    return {
        "current_password": STAFF_PASSWORD,
        "current_code": app_code(app, EMAIL),
        "new_password": new,
        "confirm_password": new,
    }


def move_clock(monkeypatch: pytest.MonkeyPatch, **delta: float) -> None:
    moved = clock.now() + timedelta(**delta)
    monkeypatch.setattr(clock, "now", lambda: moved)


def post_from(
    client: FlaskClient, page: str, action: str, data: dict | None = None
) -> TestResponse:
    """Post a form of a page as a browser would, with the page's CSRF token."""
    token = csrf_token(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **(data or {})})


def with_code(client: FlaskClient, after_password: TestResponse) -> TestResponse:
    """Give the authenticator app's code, where the password step asks for one."""
    code_page = path_for(client.application, "staff.sign_in_code")
    assert after_password.location == code_page
    code = app_code(client.application, EMAIL)
    return post_from(client, code_page, code_page, {"code": code})


def is_sign_in_redirect(response: TestResponse, url: Url) -> bool:
    return response.status_code == 302 and response.location.startswith(url("staff.sign_in"))


# The sign-in page


def test_the_sign_in_page_asks_for_an_email_address_and_password(client: FlaskClient, url: Url):
    page = client.get(url("staff.sign_in"))
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'name="password"' in page.text
    assert "Sign in to Engage" in page.text


def test_signing_in_goes_to_the_staff_home_page(client: FlaskClient, officer: int, url: Url):
    response = sign_in(client, EMAIL)
    assert response.status_code == 302 and response.location == url("staff.home")
    home = client.get(url("staff.home"))
    assert "Signed in as Officer (Officer)" in home.text
    assert "Sign out" in home.text


def test_a_wrong_password_keeps_the_email_but_not_the_password(
    client: FlaskClient, officer: int, url: Url
):
    page = sign_in(client, EMAIL, "my wrong password")
    assert page.status_code == 200
    assert REFUSAL in page.text and "There is a problem" in page.text
    assert f'value="{EMAIL}"' in page.text
    assert "my wrong password" not in page.text
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


def test_a_stranger_locks_only_their_own_address_out_not_the_officer(
    app: Flask, officer: int, caplog: pytest.LogCaptureFixture, url: Url
):
    stranger, at_work = app.test_client(), app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    at_work.environ_base["REMOTE_ADDR"] = "198.51.100.4"
    for _ in range(7):
        sign_in(stranger, EMAIL, "my wrong password")

    assert REFUSAL in sign_in(stranger, EMAIL, STAFF_PASSWORD).text
    assert sign_in(at_work, EMAIL).location == url("staff.home")
    assert "203.0.113.9" not in caplog.text and "198.51.100.4" not in caplog.text


def test_an_empty_form_says_what_to_enter(client: FlaskClient):
    page = sign_in(client, "", "")
    assert "Enter your email address" in page.text and "Enter your password" in page.text


def test_an_unknown_or_locked_account_is_refused_with_the_same_page(
    client: FlaskClient, officer: int, url: Url
):
    unknown = sign_in(client, "nobody@example.org", STAFF_PASSWORD)
    for _ in range(5):
        sign_in(client, EMAIL, "my wrong password")
    locked = sign_in(client, EMAIL, STAFF_PASSWORD)
    assert REFUSAL in unknown.text
    assert error_summary(locked.text) == error_summary(unknown.text)
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


def error_summary(html: str) -> str:
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def test_the_next_page_is_followed_only_on_this_site(client: FlaskClient, officer: int, url: Url):
    for target, expected in [
        (url("staff.password"), url("staff.password")),
        ("https://evil.example/", url("staff.home")),
        ("//evil.example/staff", url("staff.home")),
        ("/\\evil.example", url("staff.home")),
    ]:
        page = f"{url('staff.sign_in')}?next={target}"
        response = with_code(client, post_from(client, page, page, PASSWORD_GIVEN))
        assert response.location == expected, target
        post_from(client, url("staff.home"), url("staff.sign_out"))


def test_a_staff_page_sends_a_stranger_to_sign_in_and_back(
    client: FlaskClient, officer: int, url: Url
):
    response = client.get(url("staff.password"))
    assert response.status_code == 302
    assert response.location == url("staff.sign_in", next=url("staff.password"))
    page = response.location
    back = with_code(client, post_from(client, page, page, PASSWORD_GIVEN))
    assert back.location == url("staff.password")


# Signing out, and everywhere on a password change


def test_signing_out(client: FlaskClient, officer: int, url: Url):
    sign_in(client, EMAIL)
    response = post_from(client, url("staff.home"), url("staff.sign_out"))
    assert response.location == url("staff.sign_in", reason="signed-out")
    assert "You have signed out" in client.get(response.location).text
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


def staff_cookie(client: FlaskClient) -> str:
    """The staff cookie a browser holds, as someone copying it off that computer would."""
    cookie = client.get_cookie("engage_staff", domain="engage.test", path="/staff")
    assert cookie is not None
    return cookie.value


def replay(app: Flask, cookie: str, page: str | None = None) -> TestResponse:
    """Open a page (the reports, unless another is named) in another browser with a copied
    staff cookie."""
    thief = app.test_client()
    thief.set_cookie("engage_staff", cookie, domain="engage.test", path="/staff")
    return thief.get(page or path_for(app, "staff.reports"))


def test_signing_out_ends_a_copied_cookie_and_every_other_session(
    app: Flask, officer: int, url: Url
):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, EMAIL)
    sign_in(elsewhere, EMAIL)
    copied = staff_cookie(here)
    assert replay(app, copied).status_code == 200

    post_from(here, url("staff.home"), url("staff.sign_out"))

    assert is_sign_in_redirect(replay(app, copied), url)
    assert is_sign_in_redirect(elsewhere.get(url("staff.reports")), url)
    assert sign_in(here, EMAIL).location == url("staff.home")  # and signing in again works


def test_a_password_change_ends_a_cookie_copied_before_it(app: Flask, officer: int, url: Url):
    sign_in(client := app.test_client(), EMAIL)
    copied = staff_cookie(client)
    new = password_change(app)
    changed = post_from(client, url("staff.password"), url("staff.password"), new)
    assert changed.location == url("staff.home")
    assert is_sign_in_redirect(replay(app, copied), url)
    assert client.get(url("staff.reports")).status_code == 200


def test_signing_out_needs_the_pages_token(client: FlaskClient, officer: int, url: Url):
    sign_in(client, EMAIL)
    assert client.post(url("staff.sign_out")).status_code == 400
    assert client.get(url("staff.home")).status_code == 200


def test_changing_ones_password_signs_out_every_other_session(app: Flask, officer: int, url: Url):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, EMAIL)
    sign_in(elsewhere, EMAIL)
    new = password_change(app)
    response = post_from(here, url("staff.password"), url("staff.password"), new)
    assert response.location == url("staff.home")
    assert "Your password has been changed" in here.get(url("staff.home")).text
    assert is_sign_in_redirect(elsewhere.get(url("staff.home")), url)
    assert sign_in(elsewhere, EMAIL, "a brand new password").location == url("staff.home")


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not my password", "a brand new password", "a brand new password", "is not correct"),
        (STAFF_PASSWORD, "too short", "too short", "12 characters or more"),
        (STAFF_PASSWORD, "a brand new password", "another password", "do not match"),
        ("", "", "", "Enter your current password"),
    ],
)
def test_a_refused_password_change_says_why(
    client: FlaskClient, officer: int, current: str, new: str, confirm: str, message: str, url: Url
):
    sign_in(client, EMAIL)
    data = {"current_password": current, "new_password": new, "confirm_password": confirm}
    page = post_from(client, url("staff.password"), url("staff.password"), data)
    assert page.status_code == 200
    assert message in page.text and "There is a problem" in page.text
    assert client.get(url("staff.home")).status_code == 200


# Session limits


def test_a_session_idle_for_30_minutes_is_sent_to_sign_in(
    client: FlaskClient, officer: int, monkeypatch: pytest.MonkeyPatch, url: Url
):
    sign_in(client, EMAIL)
    move_clock(monkeypatch, minutes=29)
    assert client.get(url("staff.home")).status_code == 200
    move_clock(monkeypatch, minutes=31)
    response = client.get(url("staff.password"))
    assert response.location == url("staff.sign_in", next=url("staff.password"), reason="expired")
    assert "You were signed out" in client.get(response.location).text
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


def test_a_session_ends_8_hours_after_signing_in_however_busy(
    client: FlaskClient, officer: int, monkeypatch: pytest.MonkeyPatch, url: Url
):
    sign_in(client, EMAIL)
    for _ in range(19):  # a request every 25 minutes, up to 7 hours 55 minutes
        move_clock(monkeypatch, minutes=25)
        assert client.get(url("staff.home")).status_code == 200
    move_clock(monkeypatch, minutes=25)
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


# Cookies


def test_the_staff_side_has_its_own_strict_cookie(client: FlaskClient, officer: int):
    cookie = sign_in(client, EMAIL).headers["Set-Cookie"]
    assert cookie.startswith("engage_staff=")
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie and "Path=/staff" in cookie


def test_the_public_side_keeps_the_lax_cookie(client: FlaskClient, street_safety: str):
    cookie = client.get(street_safety).headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Path=/;" in cookie


@pytest.mark.parametrize("side", ["staff", "public"])
def test_outside_development_both_cookies_travel_only_over_https(
    app: Flask, client: FlaskClient, officer: int, street_safety: str, side: str
):
    app.config["SESSION_COOKIE_SECURE"] = True  # as configured everywhere but the demo and tests

    made = sign_in(client, EMAIL) if side == "staff" else client.get(street_safety)

    assert "; Secure;" in made.headers["Set-Cookie"]


def test_a_public_session_does_not_sign_anyone_in(
    client: FlaskClient, street_safety: str, url: Url
):
    client.get(street_safety)
    assert is_sign_in_redirect(client.get(url("staff.home")), url)


# Roles


@pytest.fixture
def officers_only(app: Flask) -> str:
    @roles_required(OFFICER, ADMIN)
    def officers_page() -> str:
        return "for officers"

    app.add_url_rule("/staff/test-officers-only", view_func=officers_page)
    return path_for(app, "officers_page")


def test_another_role_gets_page_not_found(app: Flask, client: FlaskClient, officers_only: str):
    centre = make_centre(app, "Central Library")
    make_user(app, CENTRE_STAFF, "library@example.org", centre)
    sign_in(client, "library@example.org")
    response = client.get(officers_only)
    assert response.status_code == 404 and "Page not found" in response.text


def test_a_named_role_reaches_the_page(app: Flask, client: FlaskClient, officers_only: str):
    make_user(app, OFFICER, EMAIL)
    sign_in(client, EMAIL)
    assert client.get(officers_only).text == "for officers"


def test_a_stranger_is_asked_to_sign_in(client: FlaskClient, officers_only: str, url: Url):
    response = client.get(officers_only)
    assert response.location == url("staff.sign_in", next=officers_only)


def test_the_home_page_links_to_the_pages_of_the_role(app: Flask, client: FlaskClient, url: Url):
    make_user(app, ADMIN, "admin@example.org")
    sign_in(client, "admin@example.org")
    home = client.get(url("staff.home")).text
    assert f'href="{url("staff.users")}"' in home
    assert f'href="{url("staff.centres")}"' in home
