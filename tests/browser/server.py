"""The site the browser tests visit: the real server (`engage run`) on a database of its own,
with three consultations: the strategy open, one to come, and one closed with its "You said,
we did".
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import Flask

from engage import clock, create_app
from engage.extensions import db
from engage.services import consultation_admin
from engage.services.consultations import create_consultation
from engage.services.forms import latest_form, load_shipped_definitions
from tests.engage import live_server
from tests.engage.factories import publish_form

# "Exit this page" leads here. The browser answers it itself (conftest.neutral_site), so a
# test can leave for it on a machine without the internet.
NEUTRAL_SITE = "https://weather.example/"
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
    secret = "browser-tests"
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
        consultation_admin.write_summary(db.session, closed, YOU_SAID_WE_DID)
        consultation_admin.publish_summary(db.session, closed)
        db.session.commit()
