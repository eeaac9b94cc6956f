"""What a request may hold: how big it is, how many fields it has, and no NUL characters.

Flask stops a body over MAX_CONTENT_LENGTH; Werkzeug counts the fields of a multipart body
only, so a form's fields are counted here. A NUL cannot be stored in PostgreSQL's text and
never comes from a person typing, so a request carrying one is turned away before any query.
"""

from collections.abc import Iterable

from flask import Flask, abort, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

NUL = "\x00"
UNREADABLE = (
    "The web address, or what you sent, has a character that cannot be read. Check the "
    "address, or go back and send the page again: answers you saved before are kept."
)


def limit_requests(app: Flask) -> None:
    """Check every request before the views (and before any database query) see it."""
    app.before_request(_refuse_nul_in_address)
    app.before_request(_refuse_too_many_fields)


def _refuse_nul_in_address() -> None:
    if NUL in request.path:
        abort(404)
    if _holds_nul(request.args.items(multi=True)):
        abort(400, UNREADABLE)


def _refuse_too_many_fields() -> None:
    if request.method != "POST" or not request.form:
        return
    fields = list(request.form.items(multi=True))
    if len(fields) > current_app.config["MAX_FORM_PARTS"]:
        raise RequestEntityTooLarge()
    if _holds_nul(fields):
        abort(400, UNREADABLE)


def _holds_nul(fields: Iterable[tuple[str, str]]) -> bool:
    return any(NUL in key or NUL in value for key, value in fields)
