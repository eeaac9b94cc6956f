"""The security headers: the Content-Security-Policy, HSTS over HTTPS only, a trusted proxy's
word on HTTPS, and what may be cached. (test_every_page.py checks every page for the headers;
tests/browser/test_policy_in_browser.py runs GOV.UK Frontend's scripts under the policy.)
"""

import pytest
from flask import request
from flask.testing import FlaskClient
from page_checks import content_security_policy, read_page, script_hash

from engage import create_app
from tests.urls import Url


def test_pages_load_only_from_engage_and_run_only_govuk_frontends_inline_script(
    client: FlaskClient, url: Url
):
    page = client.get(url("public.hub"))

    inline = read_page(page.text).inline_scripts
    assert len(inline) == 1 and "govuk-frontend-supported" in inline[0]
    assert content_security_policy(page) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", script_hash(inline[0])],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_strict_transport_security_only_over_https(client: FlaskClient, url: Url):
    assert "Strict-Transport-Security" not in client.get(url("public.hub")).headers
    secure = client.get(url("public.hub"), base_url="https://engage.test")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize(("proxies", "scheme"), [(0, "http"), (1, "https")])
def test_only_a_trusted_proxy_is_believed_about_https(database_url: str, proxies: int, scheme: str):
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": database_url, "TRUSTED_PROXIES": proxies})
    app.add_url_rule("/scheme", "scheme", lambda: request.scheme)

    seen = app.test_client().get("/scheme", headers={"X-Forwarded-Proto": "https"})

    assert seen.text == scheme


def test_pages_are_never_cached_but_static_files_may_be(client: FlaskClient, url: Url):
    assert client.get(url("public.hub")).headers["Cache-Control"] == "no-store"
    assert client.get(url("public.report_start")).headers["Cache-Control"] == "no-store"
    assert client.get(url("staff.sign_in")).headers["Cache-Control"] == "no-store"
    assert client.get("/no-such-page").headers["Cache-Control"] == "no-store"
    script = client.get(url("static", filename="js/init.mjs"))
    assert script.status_code == 200 and script.headers["Cache-Control"] != "no-store"
