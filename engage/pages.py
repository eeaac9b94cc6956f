"""Error pages in the house style, so a person never sees a stack trace."""

import logging

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from engage.database_failures import FAILING, driver_error_name, failure_kind
from engage.extensions import db
from engage.services.equalities.baselines import MOST_BYTES
from surveys.schema import LONG_TEXT_LIMIT

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def register_error_pages(app: Flask) -> None:
    """Render every HTTP error, and any unexpected one, as a plain page."""
    app.register_error_handler(CSRFError, _session_expired)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _database_unavailable)
    app.register_error_handler(Exception, _unexpected_error)


def _session_expired(error: CSRFError) -> ResponseReturnValue:
    return render_template("errors/session_expired.html"), 400


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if code == 413:
        limits = {"longest_answer": LONG_TEXT_LIMIT, "largest_file_kb": MOST_BYTES // 1000}
        return render_template("errors/too_long.html", **limits), 413
    template = {404: "errors/404.html", 405: "errors/404.html"}.get(code, "errors/generic.html")
    return render_template(template, error=error), code


def _database_unavailable(error: SQLAlchemyError) -> ResponseReturnValue:
    """The database is down, hung, locked, full or read-only: say to try again; nothing is
    half-saved. Any other database error is a fault in Engage, logged as one.

    Only the failure's kind is logged: the error's text holds the statement's values, which can
    be what a person typed.
    """
    kind = failure_kind(error)
    if kind == FAILING and not isinstance(error, OperationalError):
        return _unexpected_error(error)
    db.session.rollback()
    log.warning("database %s (%s)", kind, driver_error_name(error))
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return render_template("errors/busy.html"), 503, headers


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    from flask import current_app

    current_app.logger.exception("unexpected error")
    return render_template("errors/500.html"), 500
