"""Fixtures for the web app's tests: a resident, and a consultation of the small test form."""

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
