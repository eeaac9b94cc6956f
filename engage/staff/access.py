"""Who is signed in to the staff side, what their role lets them reach, and when they time out.

A session holds the login id "{user id}:{session version}", so raising a user's session
version (a password change, a deactivation) signs out every session they have. A session
ends after 30 minutes without a request, and 8 hours after signing in whatever happens.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from flask import Flask, abort, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user

from engage import clock
from engage.extensions import db, login
from engage.models import User
from engage.roles import ROLE_NAMES
from engage.services.accounts import passwords
from engage.services.accounts import staff as accounts
from engage.staff import staff
from engage.staff.navigation import results_links, staff_links

IDLE_LIMIT = timedelta(minutes=30)
SESSION_LIMIT = timedelta(hours=8)
# How long someone who gave the right password has to give their second factor.
SECOND_STEP_LIMIT = timedelta(minutes=10)

View = TypeVar("View", bound=Callable[..., Any])


class StaffLogin:
    """Flask-Login's view of a signed-in member of staff."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.user = user

    @property
    def is_active(self) -> bool:
        return self.user.active

    def get_id(self) -> str:
        return accounts.login_id(self.user)


def init_login(app: Flask) -> None:
    """Bind Flask-Login to the app, and choose how passwords are hashed."""
    login.init_app(app)
    login.login_view = "staff.sign_in"
    # "basic" protection would put a hash of the address and browser in the cookie, for nothing.
    login.session_protection = None
    login.user_loader(_load_login)
    passwords.use_hasher(passwords.fast_hasher() if app.testing else PasswordHasher())


def _load_login(login_id: str) -> StaffLogin | None:
    user = accounts.user_for_login_id(db.session, login_id)
    return StaffLogin(user) if user is not None else None


def signed_in_user() -> User | None:
    """The member of staff signed in to this session, if any."""
    if current_user.is_authenticated:
        return current_user.user
    return None


def current_staff() -> User:
    """The signed-in member of staff; with nobody signed in, the request goes to sign in."""
    user = signed_in_user()
    if user is None:
        abort(redirect(sign_in_url()))
    return user


def roles_required(*roles: str) -> Callable[[View], View]:
    """Let only these roles (any role, if none is named) reach a view; others get a 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            user = signed_in_user()
            if user is None:
                return redirect(sign_in_url())
            if roles and user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorator


def sign_in_url(reason: str | None = None) -> str:
    """The sign-in page, coming back to this page afterwards if it was a page to look at."""
    here = request.script_root + request.full_path.rstrip("?")
    back = here if request.method == "GET" and request.endpoint != "staff.sign_in" else None
    return url_for("staff.sign_in", next=back, reason=reason)


def is_local_path(target: str | None) -> bool:
    """Whether a `next` address stays on this site: a path, never another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def start_staff_session(user: User) -> None:
    """Sign a member of staff in to a fresh session, and audit it."""
    accounts.record_sign_in(db.session, user)
    db.session.commit()
    session.clear()
    login_user(StaffLogin(user))
    now = clock.now().isoformat()
    session["signed_in_at"] = now
    session["last_seen_at"] = now


def begin_second_step(user: User, target: str) -> None:
    """Remember, in a fresh session, who gave the right password, until their code is given.

    They are not signed in yet: every staff page still sends them to sign in.
    """
    session.clear()
    session["second_step_login"] = accounts.login_id(user)
    session["second_step_since"] = clock.now().isoformat()
    session["second_step_target"] = target


def second_step_user() -> User | None:
    """Who gave the right password in this session and still owes a code, if anyone."""
    login_id = session.get("second_step_login")
    if not login_id or _older_than(
        session.get("second_step_since"), SECOND_STEP_LIMIT, clock.now()
    ):
        return None
    return accounts.user_for_login_id(db.session, str(login_id))


def finish_second_step(user: User) -> str:
    """Sign in the user who gave their code; return the page they were going to."""
    target = str(session.get("second_step_target") or url_for("staff.home"))
    start_staff_session(user)
    return target


def keep_signed_in(user: User) -> None:
    """Carry this session over a change of the user's session version, which ends the others."""
    login_user(StaffLogin(user))


def end_staff_session() -> None:
    """Sign out and forget everything the session held."""
    logout_user()
    session.clear()


@staff.before_request
def _expire_old_sessions() -> ResponseReturnValue | None:
    if signed_in_user() is None:
        return None
    now = clock.now()
    if _older_than(session.get("signed_in_at"), SESSION_LIMIT, now) or _older_than(
        session.get("last_seen_at"), IDLE_LIMIT, now
    ):
        target = sign_in_url(reason="expired")
        end_staff_session()
        return redirect(target)
    session["last_seen_at"] = now.isoformat()
    return None


def _older_than(stamp: object, limit: timedelta, now: datetime) -> bool:
    try:
        return now - datetime.fromisoformat(str(stamp)) > limit
    except ValueError:
        return True


@staff.context_processor
def _staff_context() -> dict[str, Any]:
    user = signed_in_user()
    return {
        "staff_user": user,
        "staff_links": staff_links(user) if user else [],
        "role_names": ROLE_NAMES,
        "results_links": results_links,
    }
