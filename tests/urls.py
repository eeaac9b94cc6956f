"""The addresses of Engage's pages as the app builds them: url_for, from the page's endpoint.

Tests name a page by its endpoint (`engage routes` lists them), so that a page can move without
editing the tests. The address is a path, as a link on a page has it; a test of a real server
joins the server's base address to it.
"""

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, url_for

# The `url` fixture's type: url(endpoint, **values) is the path of the endpoint's page.
Url = Callable[..., str]


def path_for(app: Flask, endpoint: str, **values: Any) -> str:
    """The path of an endpoint's page; values it has no part for become the query string."""
    with app.test_request_context():
        return url_for(endpoint, **values)


@functools.cache
def routes_app() -> Flask:
    """An app to build addresses with, for the helpers of the real server that are handed none
    (benchmarks/load_test.py runs them): every Engage app has the same routes."""
    from engage import create_app

    secret = "only-for-building-addresses-6c1e9b4f2a7d"
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secret,
            "RECEIPT_PEPPER": secret,
            "TELEGRAM_CHAT_KEY_SECRET": secret,
            "DATABASE_URL": "sqlite://",
        }
    )
