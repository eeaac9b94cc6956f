"""A member of staff on the real server over real HTTP: signed in as a person would be."""

import requests
from factories import STAFF_PASSWORD, app_code, csrf_token
from flask import Flask

from tests.urls import path_for


def signed_in(app: Flask, server: str, email: str) -> requests.Session:
    """Sign in as a person would: the password, then their app's code if they use one."""
    browser = requests.Session()
    sign_in = server + path_for(app, "staff.sign_in")
    page = browser.get(sign_in)
    done = browser.post(
        sign_in,
        data={"csrf_token": csrf_token(page.text), "email": email, "password": STAFF_PASSWORD},
    )
    if done.url.endswith(path_for(app, "staff.sign_in_code")):
        code = app_code(app, email)
        done = browser.post(done.url, data={"csrf_token": csrf_token(done.text), "code": code})
    assert "Sign out" in done.text, f"{email} could not sign in"
    return browser
