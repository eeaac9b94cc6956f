"""Engage: consultations and hate incident reporting for a Community Safety Partnership."""

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from engage.cli import register_commands
from engage.config import configure
from engage.database import enable_sqlite_pragmas
from engage.extensions import csrf, db, migrate
from engage.rate_limits import init_rate_limits
from engage.request_limits import limit_requests
from engage.request_log import hide_client_details
from engage.routing import bound_url_ids
from engage.security import secure_responses
from engage.wording import register_filters

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Engage web app."""
    app = Flask(__name__, instance_relative_config=True)
    bound_url_ids(app)
    limit_requests(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure(app, test_config)
    hide_client_details()
    init_rate_limits(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    secure_responses(app)
    init_staff_side(app)
    with app.app_context():
        enable_sqlite_pragmas(db.engine)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("engage"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    register_filters(app)
    register_blueprints(app)
    register_commands(app)
    return app


def init_staff_side(app: Flask) -> None:
    """Bind sign-in, and give the staff side its own stricter session cookie."""
    from engage.staff.access import init_login
    from engage.staff.cookies import install_session_cookies

    init_login(app)
    install_session_cookies(app)


def register_blueprints(app: Flask) -> None:
    from engage import health, pages
    from engage.public import public
    from engage.staff import staff

    app.register_blueprint(public)
    app.register_blueprint(staff)
    app.register_blueprint(health.blueprint)
    pages.register_error_pages(app)
