"""Fixtures for the web app's tests: a resident, a test consultation, and the real server."""

from collections.abc import Iterator
from pathlib import Path

import live_server
import pytest
from factories import Resident, publish
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def resident(client: FlaskClient) -> Resident:
    return Resident(client)


@pytest.fixture
def street_safety(app: Flask) -> str:
    return publish(app, "street-safety.yaml", "street-safety")


@pytest.fixture
def server(app: Flask, tmp_path: Path) -> Iterator[str]:
    """`engage run` on a free port, against the test database: its base address."""
    with live_server.serve(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path) as base:
        yield base
