"""Rate limits on public pages, receipt-code look-ups and staff sign-in: counted per client
address, in memory or in Redis shared by several app servers, and a 429 page in the house
style that says when to try again."""

import os
import uuid
from collections.abc import Callable

import pytest
import redis
from factories import csrf_token, make_user, publish
from flask import Flask
from flask.testing import FlaskClient

from engage.extensions import db
from engage.roles import OFFICER
from engage.services.forms import load_shipped_definitions
from tests.urls import path_for

REDIS_URL = "redis://127.0.0.1:6379/0"


def from_address(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def post_page(client: FlaskClient, url: str, data: dict, shown_at: str = "", **headers: str):
    """Post a form as a browser would, with the token of the page that shows it."""
    shown = client.get(shown_at or url, headers=headers)
    return client.post(url, data={"csrf_token": csrf_token(shown.text), **data}, headers=headers)


@pytest.fixture
def make_app(app_with: Callable[..., Flask]) -> Callable[..., Flask]:
    """An app with rate limits on (the tests' default turns them off), and these limits."""

    def make(**limits: object) -> Flask:
        app = app_with(RATELIMIT_ENABLED=True, **limits)
        with app.app_context():
            load_shipped_definitions(db.session)
            db.session.commit()
        return app

    return make


def test_too_many_pages_from_one_address_get_the_house_429_page(make_app):
    app = make_app(RATE_LIMIT_PUBLIC_PAGES="3 per minute")
    publish(app, "street-safety.yaml", "street-safety")
    resident = from_address(app, "203.0.113.7")
    page = path_for(app, "public.question", slug="street-safety", key="feel_safe")
    start = path_for(app, "public.start", slug="street-safety")
    answers = {"feel_safe": "agree", "worries": ["asb"]}

    started = post_page(resident, path_for(app, "public.begin", slug="street-safety"), {}, start)
    allowed = [post_page(resident, page, answers) for _ in range(2)]
    refused = post_page(resident, page, answers)

    assert [r.status_code for r in (started, *allowed)] == [302, 302, 302]
    assert refused.status_code == 429
    assert "too many attempts from your connection" in refused.text
    assert "Try again in 1 minute." in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert resident.get(page).status_code == 200  # reading is not limited
    other = from_address(app, "203.0.113.8")
    assert post_page(other, page, answers, start).status_code != 429


def test_receipt_codes_can_be_looked_up_only_a_few_times(make_app):
    app = make_app(RATE_LIMIT_RECEIPT_LOOKUPS="2 per minute")
    guesser = from_address(app, "198.51.100.4")
    wrong = {"receipt_code": "AAAAA-BBBBB-CCCCC-DDDDD"}

    look_up = path_for(app, "public.report_status")
    tries = [post_page(guesser, look_up, wrong).status_code for _ in range(3)]

    assert tries == [200, 200, 429]


def test_sign_in_is_throttled_per_address_whichever_account_is_tried(make_app):
    app = make_app(RATE_LIMIT_SIGN_IN="2 per minute")
    make_user(app, OFFICER, "officer@swp.example")
    guesser = from_address(app, "198.51.100.9")
    emails = ["officer@swp.example", "nobody@swp.example", "officer@swp.example"]

    tries = [
        post_page(guesser, path_for(app, "staff.sign_in"), {"email": email, "password": "wrong"})
        for email in emails
    ]

    assert [t.status_code for t in tries] == [200, 200, 429]
    assert "officer@swp.example" not in tries[2].text


def test_behind_a_trusted_proxy_each_client_is_counted_apart(make_app):
    app = make_app(RATE_LIMIT_RECEIPT_LOOKUPS="1 per minute", TRUSTED_PROXIES=1)
    proxy = from_address(app, "127.0.0.1")
    wrong = {"receipt_code": "AAAAA-BBBBB-CCCCC-DDDDD"}

    look_up = path_for(app, "public.report_status")
    first = post_page(proxy, look_up, wrong, **{"X-Forwarded-For": "192.0.2.1"})
    second = post_page(proxy, look_up, wrong, **{"X-Forwarded-For": "192.0.2.2"})
    again = post_page(proxy, look_up, wrong, **{"X-Forwarded-For": "192.0.2.1"})

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_app_servers_sharing_redis_share_the_count(make_app):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run Redis at {REDIS_URL} for this test")
        pytest.skip(f"no Redis at {REDIS_URL}")
    shared = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"engage-test-{uuid.uuid4().hex}",
        "RATE_LIMIT_RECEIPT_LOOKUPS": "2 per minute",
    }
    first_server, second_server = make_app(**shared), make_app(**shared)
    wrong = {"receipt_code": "AAAAA-BBBBB-CCCCC-DDDDD"}

    look_up = path_for(first_server, "public.report_status")
    on_first = post_page(from_address(first_server, "198.51.100.20"), look_up, wrong)
    on_second = post_page(from_address(second_server, "198.51.100.20"), look_up, wrong)
    third = post_page(from_address(first_server, "198.51.100.20"), look_up, wrong)

    assert (on_first.status_code, on_second.status_code, third.status_code) == (200, 200, 429)
