"""Fixtures for the web app's tests: a resident, an officer building forms, a test
consultation, and the real server."""

from collections.abc import Iterator
from pathlib import Path

import live_server
import pytest
from factories import Resident, make_user, publish, sign_in
from flask import Flask
from flask.testing import FlaskClient

from tests.engage.form_builder import Builder


@pytest.fixture
def resident(client: FlaskClient) -> Resident:
    return Resident(client)


@pytest.fixture
def builder(app: Flask, client: FlaskClient) -> Builder:
    """An officer, signed in, at the form builder."""
    make_user(app, "officer", "o@example.org")
    sign_in(client, "o@example.org")
    return Builder(app, client)


@pytest.fixture
def street_safety(app: Flask) -> str:
    return publish(app, "street-safety.yaml", "street-safety")


@pytest.fixture
def server(app: Flask, tmp_path: Path) -> Iterator[str]:
    """`engage run` on a free port, against the test database: its base address."""
    with live_server.serve(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path) as base:
        yield base
