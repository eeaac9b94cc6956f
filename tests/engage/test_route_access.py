"""Every route, as every role, gets what the role matrix (access_matrix.py) says; and no route
is without an entry in it, so a route cannot be added without saying who may use it.

The roles take their turns on one world, each with its own browser; an action that can be done
only once is tried by each role on a fresh world.
"""

from collections.abc import Iterator

import pytest
from access_matrix import MATRIX, OPEN, SIGN_IN
from factories import csrf_token
from flask import Flask
from flask.testing import FlaskClient
from hostile_world import ROLES, World, build_world, sign_in_as
from werkzeug.test import TestResponse

from engage import create_app
from tests.urls import path_for

Route = tuple[str, str]  # (endpoint, method)


def routes(app: Flask) -> set[Route]:
    """Every (endpoint, method) the app answers."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_open_to_all_or_in_the_role_matrix():
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    unlisted = {route for route in routes(app) if route[0] not in OPEN} - set(MATRIX)

    assert unlisted == set(), "say in access_matrix.py who may use these routes"
    assert set(MATRIX) <= routes(app), "the matrix names routes the app does not have"
    assert not any(endpoint.startswith("staff.") for endpoint in OPEN)


def cases() -> Iterator:
    """Each route with every role, or with one role at a time for an action done only once."""
    for route, access in sorted(MATRIX.items()):
        name = f"{route[1]} {route[0]}"
        if access.once:
            yield from (pytest.param(route, (role,), id=f"{name} {role}") for role in ROLES)
        else:
            yield pytest.param(route, ROLES, id=name)


@pytest.mark.parametrize(("route", "roles"), list(cases()))
def test_the_role_matrix(app: Flask, route: Route, roles: tuple[str, ...]):
    world = build_world(app)
    wrong = []
    for role in roles:
        browser = app.test_client()
        sign_in_as(browser, role)
        response = request_as(app, browser, world, route)
        got = SIGN_IN if is_sign_in(app, response) else response.status_code
        if route == ("staff.sign_out", "POST"):
            got = response.status_code  # signing out leads to the sign-in page, for everyone
        if got != MATRIX[route].expected(role):
            wrong.append(f"{role} got {got}, not {MATRIX[route].expected(role)}")

    assert wrong == []


def request_as(app: Flask, browser: FlaskClient, world: World, route: Route) -> TestResponse:
    """Call a route as a browser would, a POST with the CSRF token of a page it was shown."""
    endpoint, method = route
    [rule] = [rule for rule in app.url_map.iter_rules(endpoint) if method in (rule.methods or ())]
    address = world.url(app, rule)
    if method == "GET":
        return browser.get(address)
    token = csrf_token(browser.get(path_for(app, "staff.sign_in"), follow_redirects=True).text)
    data = {key: str(world.values.get(value, value)) for key, value in MATRIX[route].data.items()}
    return browser.post(address, data={"csrf_token": token, **data})


def is_sign_in(app: Flask, response: TestResponse) -> bool:
    sign_in_page = path_for(app, "staff.sign_in")
    return response.status_code == 302 and sign_in_page in response.headers["Location"]
