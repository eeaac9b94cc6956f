"""Error pages in the house style, so a person never sees a stack trace."""

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register_error_pages(app: Flask) -> None:
    """Render every HTTP error, and any unexpected one, as a plain page."""
    app.register_error_handler(CSRFError, _session_expired)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _session_expired(error: CSRFError) -> ResponseReturnValue:
    return render_template("errors/session_expired.html"), 400


def _http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    template = {404: "errors/404.html", 405: "errors/404.html"}.get(code, "errors/generic.html")
    return render_template(template, error=error), code


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    from flask import current_app

    current_app.logger.exception("unexpected error")
    return render_template("errors/500.html"), 500
