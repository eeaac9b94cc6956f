"""The site the browser tests visit: the real server (`engage run`) on a database of its own,
with three consultations: the strategy open, one to come, and one closed with its "You said,
we did".
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask import Flask

from engage import clock, create_app
from engage.extensions import db
from engage.services.consultations import administration
from engage.services.consultations.publishing import create_consultation
from engage.services.forms import latest_form, load_shipped_definitions
from tests.engage import live_server
from tests.engage.factories import publish_form


class _WeatherPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        body = b"<!DOCTYPE html><html lang=en><title>Weather</title><h1>Weather</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        """Quiet: the tests read what the browser shows, not this server's log."""


def _serve_neutral_site() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WeatherPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


# "Exit this page" leads here: another site (another origin), served on this machine, so that
# a test can leave for it without the internet, following Engage's redirect as a browser does.
NEUTRAL_SITE = _serve_neutral_site()
STRATEGY = "community-safety-strategy"
CLOSED = "street-lighting-2019"
FORTHCOMING = "night-time-economy"
YOU_SAID_WE_DID = (
    "You said the streets around the bus station were too dark at night.\n\n"
    "We asked the council to replace 40 street lights, and they were replaced in March."
)


@dataclass(frozen=True)
class Site:
    """The real server the browser visits, and an app on its database to look in."""

    base: str
    app: Flask

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextmanager
def serve_site(database_url: str, folder: Path) -> Iterator[Site]:
    """Publish the consultations on a migrated database, then serve it until the block ends."""
    secret = "browser-tests-secret-8c1f4e7a2b9d6035"  # as long as `engage bot` asks
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secret,
            "RECEIPT_PEPPER": secret,
            "TELEGRAM_CHAT_KEY_SECRET": secret,
            "DATABASE_URL": database_url,
        }
    )
    publish_consultations(app)
    try:
        with live_server.serve(database_url, folder, ENGAGE_QUICK_EXIT_URL=NEUTRAL_SITE) as base:
            yield Site(base, app)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def publish_consultations(app: Flask) -> None:
    """The shipped forms; the strategy consultation open, one to come, and one closed."""
    with app.app_context():
        load_shipped_definitions(db.session)
        db.session.commit()
    publish_form(app, "swp-strategy-2020-2023", STRATEGY)
    with app.app_context():
        form = latest_form(db.session, "swp-strategy-2020-2023")
        now = clock.now()
        create_consultation(
            db.session,
            form,
            slug=FORTHCOMING,
            title="Safety in the city centre at night",
            opens_at=now + timedelta(days=10),
            closes_at=now + timedelta(days=40),
        )
        closed = create_consultation(
            db.session,
            form,
            slug=CLOSED,
            title="Street lighting",
            summary="Which streets feel unsafe after dark?",
            opens_at=now - timedelta(days=400),
            closes_at=now - timedelta(days=300),
        )
        administration.write_summary(db.session, closed, YOU_SAID_WE_DID)
        administration.publish_summary(db.session, closed)
        db.session.commit()
