"""Two session cookies: a strict one for the staff side, the usual one for the public side.

A staff session travels only to /staff, and never on a request started by another site
(SameSite=Strict); a resident's session is sent on ordinary links from elsewhere (Lax), so a
link to a consultation in an email or a post keeps their answers in progress.
"""

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

STAFF_PREFIX = "/staff"
STAFF_COOKIE = "engage_staff"


def is_staff_path(path: str) -> bool:
    """Whether a request path is on the staff side."""
    return path == STAFF_PREFIX or path.startswith(STAFF_PREFIX + "/")


def _on_staff_side() -> bool:
    return has_request_context() and is_staff_path(request.path)


class StaffAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, under another name and stricter rules on /staff."""

    def get_cookie_name(self, app: Flask) -> str:
        return STAFF_COOKIE if _on_staff_side() else super().get_cookie_name(app)

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "Strict" if _on_staff_side() else "Lax"

    def get_cookie_path(self, app: Flask) -> str:
        if _on_staff_side():
            return request.script_root + STAFF_PREFIX
        return super().get_cookie_path(app)

    def get_cookie_httponly(self, app: Flask) -> bool:
        return True


def install_session_cookies(app: Flask) -> None:
    """Use the two cookies for every request of the app."""
    app.session_interface = StaffAwareSessionInterface()
