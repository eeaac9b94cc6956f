"""An id in a URL that no row could have is a plain 404, on every route, before any query."""

import pytest
from factories import make_user, sign_in
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from engage.roles import ADMIN
from engage.routing import LARGEST_ID
from tests.urls import Url

TOO_BIG = ["99999999999999999999", str(LARGEST_ID + 1), "9" * 400]


def routes_with_ids(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]


def url_with(rule: Rule, number: str) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", number)
    return path


def test_there_are_routes_with_ids(app: Flask):
    assert len(routes_with_ids(app)) >= 10


@pytest.mark.parametrize("number", TOO_BIG)
def test_an_id_too_big_for_the_database_is_not_found(app: Flask, client: FlaskClient, number):
    for rule in routes_with_ids(app):
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        response = client.open(url_with(rule, number), method=method)
        assert response.status_code == 404, rule.rule


def test_the_largest_id_still_reaches_the_view(app: Flask, client: FlaskClient, url: Url):
    # Not signed in: the staff side sends the visitor to sign in, so the route was matched.
    response = client.get(url("staff.report", report_id=LARGEST_ID))
    assert response.status_code == 302


def test_a_signed_in_admin_asking_for_an_impossible_report_is_told_it_is_not_found(
    app: Flask, client: FlaskClient
):
    make_user(app, ADMIN, "admin@example.org")
    sign_in(client, "admin@example.org")
    with app.test_request_context():
        missing = url_for("staff.report", report_id=LARGEST_ID)

    assert client.get(missing).status_code == 404
    response = client.get("/staff/reports/99999999999999999999")
    assert response.status_code == 404
    assert "Page not found" in response.text
