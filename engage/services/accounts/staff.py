"""Staff accounts and reporting centres: create, sign in, change passwords, deactivate.

Functions change the session and leave the commit to the caller. `authenticate` changes the
account even when it refuses (it counts failures), so commit after it whatever the outcome.
"""

import logging
import re

from sqlalchemy import func, select

from engage import clock
from engage.errors import (
    CannotDeactivateSelf,
    CentreNameInvalid,
    CentreNameTaken,
    CentreNotAllowed,
    CentreNotFound,
    CentreRequired,
    CurrentPasswordWrong,
    EmailInvalid,
    EmailTaken,
    NameInvalid,
    OwnCredentialsNotHere,
    RoleInvalid,
    SignInFailed,
    UserNotFound,
)
from engage.models import ReportingCentre, User
from engage.roles import CENTRE_STAFF, ROLE_NAMES, ROLES
from engage.services import DatabaseSession, audit
from engage.services.accounts import passwords, sign_in_locks

log = logging.getLogger(__name__)

SIGN_IN_FAILED_MESSAGE = (
    "Enter a correct email address and password. "
    "After 5 failed attempts, signing in to the account from here is locked for 15 minutes."
)
NAME_LENGTH = 200
EMAIL_LENGTH = 254
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# Reporting centres


def create_centre(
    session: DatabaseSession, name: str, actor: User | None = None
) -> ReportingCentre:
    """Add a reporting centre; its name, trimmed, must be new whatever its capitals."""
    name = _centre_name(session, name)
    centre = ReportingCentre(name=name)
    session.add(centre)
    session.flush()
    audit.record(session, actor, audit.CENTRE_CREATED, "centre", centre.id)
    log.info("centre %s created", centre.id)
    return centre


def rename_centre(
    session: DatabaseSession, centre: ReportingCentre, name: str, actor: User | None = None
) -> None:
    """Give a centre a new name, which no other centre has."""
    centre.name = _centre_name(session, name, keep=centre)
    audit.record(session, actor, audit.CENTRE_RENAMED, "centre", centre.id)
    log.info("centre %s renamed", centre.id)


def deactivate_centre(
    session: DatabaseSession, centre: ReportingCentre, actor: User | None = None
) -> int:
    """Close a centre to new reports and sign its staff out for good; return how many staff."""
    centre.active = False
    staff = session.scalars(select(User).where(User.centre_id == centre.id, User.active)).all()
    for user in staff:
        _deactivate(user)
    detail = f"{len(staff)} staff accounts"
    audit.record(session, actor, audit.CENTRE_DEACTIVATED, "centre", centre.id, detail)
    log.info("centre %s deactivated with %s staff accounts", centre.id, len(staff))
    return len(staff)


def get_centre(session: DatabaseSession, centre_id: int) -> ReportingCentre:
    """The centre with that id."""
    centre = session.get(ReportingCentre, centre_id)
    if centre is None:
        raise CentreNotFound("There is no reporting centre with that id")
    return centre


def centre_named(session: DatabaseSession, name: str) -> ReportingCentre:
    """The centre with that name, whatever its capitals."""
    centre = _centre_by_name(session, name)
    if centre is None:
        raise CentreNotFound(f"There is no reporting centre called “{name.strip()}”")
    return centre


def list_centres(session: DatabaseSession, include_inactive: bool = True) -> list[ReportingCentre]:
    """Every reporting centre by name, or only the open ones."""
    query = select(ReportingCentre).order_by(func.lower(ReportingCentre.name))
    if not include_inactive:
        query = query.where(ReportingCentre.active)
    return list(session.scalars(query))


def _centre_name(session: DatabaseSession, name: str, keep: ReportingCentre | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise CentreNameInvalid("Enter the name of the reporting centre")
    if len(name) > NAME_LENGTH:
        raise CentreNameInvalid(f"Centre name must be {NAME_LENGTH} characters or fewer")
    existing = _centre_by_name(session, name)
    if existing is not None and existing is not keep:
        raise CentreNameTaken(f"There is already a reporting centre called “{existing.name}”")
    return name


def _centre_by_name(session: DatabaseSession, name: str) -> ReportingCentre | None:
    name = " ".join(name.split())
    query = select(ReportingCentre).where(func.lower(ReportingCentre.name) == name.lower())
    return session.scalars(query).first()


# Staff accounts


def create_user(
    session: DatabaseSession,
    email: str,
    name: str,
    role: str,
    password: str,
    centre: ReportingCentre | None = None,
    actor: User | None = None,
) -> User:
    """Add a member of staff; centre staff belong to an open centre, other roles to none."""
    email = normalise_email(email)
    name = " ".join(name.split())
    _check_new_user(session, email, name, role, centre)
    passwords.check_policy(password, email)
    user = User(
        email=email,
        name=name,
        role=role,
        centre=centre,
        password_hash=passwords.hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, audit.USER_CREATED, "user", user.id, role)
    log.info("user %s created with role %s", user.id, role)
    return user


def normalise_email(email: str) -> str:
    """The email address as stored: trimmed and in lower case."""
    return email.strip().lower()


def get_user(session: DatabaseSession, user_id: int) -> User:
    """The member of staff with that id."""
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound("There is no member of staff with that id")
    return user


def list_users(session: DatabaseSession) -> list[User]:
    """Every member of staff, active first, then by name."""
    query = select(User).order_by(User.active.desc(), func.lower(User.name), User.id)
    return list(session.scalars(query))


def deactivate_user(session: DatabaseSession, user: User, actor: User | None = None) -> None:
    """Stop a member of staff signing in, and sign out every session they have."""
    if actor is not None and actor.id == user.id:
        raise CannotDeactivateSelf("You cannot deactivate your own account")
    _deactivate(user)
    audit.record(session, actor, audit.USER_DEACTIVATED, "user", user.id)
    log.info("user %s deactivated by %s", user.id, actor.id if actor else "the command line")


def reactivate_user(session: DatabaseSession, user: User, actor: User | None = None) -> None:
    """Let a deactivated member of staff sign in again, unless their centre is closed."""
    if user.centre is not None and not user.centre.active:
        raise CentreNotFound("Their reporting centre is deactivated. Move them to an open one")
    user.active = True
    user.failed_logins, user.failed_codes, user.locked_until = 0, 0, None
    sign_in_locks.forget(session, user)
    audit.record(session, actor, audit.USER_REACTIVATED, "user", user.id)
    log.info("user %s reactivated", user.id)


def _deactivate(user: User) -> None:
    user.active = False
    user.session_version += 1


def _check_new_user(
    session: DatabaseSession, email: str, name: str, role: str, centre: ReportingCentre | None
) -> None:
    if not EMAIL_SHAPE.fullmatch(email) or len(email) > EMAIL_LENGTH:
        raise EmailInvalid("Enter an email address in the correct format, like name@example.org")
    if session.scalars(select(User.id).where(User.email == email)).first() is not None:
        raise EmailTaken("There is already an account with that email address")
    if not name:
        raise NameInvalid("Enter the person’s name")
    if len(name) > NAME_LENGTH:
        raise NameInvalid(f"Name must be {NAME_LENGTH} characters or fewer")
    if role not in ROLES:
        raise RoleInvalid(f"Choose a role: {', '.join(ROLES)}")
    if role == CENTRE_STAFF and centre is None:
        raise CentreRequired("Choose the reporting centre this person works at")
    if role != CENTRE_STAFF and centre is not None:
        raise CentreNotAllowed(
            f"Only {ROLE_NAMES[CENTRE_STAFF].lower()} belong to a centre. "
            "Choose no centre, or that role"
        )
    if centre is not None and not centre.active:
        raise CentreNotFound("That reporting centre is deactivated. Choose an open one")


# Signing in and passwords


def authenticate(
    session: DatabaseSession, email: str, password: str, address_key: str = ""
) -> User:
    """The member of staff with this email and password, or `SignInFailed`, told apart by nothing.

    Five wrong passwords in a row lock the account from that client address (`address_key`,
    see `sign_in_locks`), for 15 minutes, and each further one doubles the lock. Wrong codes
    lock it from everywhere. An unknown account still spends the time of checking a hash.
    """
    sign_in_locks.prune(session)
    user = session.scalars(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        passwords.spend_verify_time(password)
        log.info("sign-in refused: unknown account")
        audit.record(session, None, audit.STAFF_SIGN_IN_REFUSED, "user", None, "unknown account")
        raise SignInFailed(SIGN_IN_FAILED_MESSAGE)
    matches = passwords.verify(user.password_hash, password)
    now = clock.now()
    if is_locked(user) or sign_in_locks.is_locked(session, user, address_key):
        log.info("sign-in refused: user %s is locked", user.id)
        refused(session, user, "locked")
        raise SignInFailed(SIGN_IN_FAILED_MESSAGE)
    if not matches:
        sign_in_locks.count_failure(session, user, address_key)
        raise SignInFailed(SIGN_IN_FAILED_MESSAGE)
    if not user.active:
        log.info("sign-in refused: user %s is deactivated", user.id)
        refused(session, user, "deactivated")
        raise SignInFailed(SIGN_IN_FAILED_MESSAGE)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        log.info("password hash of user %s upgraded", user.id)
    sign_in_locks.forget(session, user, address_key)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    log.info("user %s signed in", user.id)
    return user


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > clock.now()


def refused(session: DatabaseSession, user: User, reason: str) -> None:
    """Audit a refused sign-in to this account; `reason` is a code, never what was typed."""
    audit.record(session, None, audit.STAFF_SIGN_IN_REFUSED, "user", user.id, reason)


def count_failure(session: DatabaseSession, user: User) -> None:
    """Count a wrong password from a signed-in session (re-authentication): five in a row
    lock the account everywhere, since whoever gives them is already signed in."""
    user.failed_logins += 1
    refused(session, user, "wrong password")
    if not _lock_after(session, user, user.failed_logins):
        log.info("sign-in refused: wrong password for user %s", user.id)


def count_code_failure(session: DatabaseSession, user: User) -> None:
    """Count a wrong second-factor code, apart from passwords, under the same lock policy."""
    user.failed_codes += 1
    refused(session, user, "wrong code")
    if not _lock_after(session, user, user.failed_codes):
        log.info("sign-in refused: wrong code for user %s", user.id)


def _lock_after(session: DatabaseSession, user: User, failures: int) -> bool:
    """Lock the account once `failures` reaches the limit, twice as long for each beyond it."""
    lock = sign_in_locks.lock_length(failures)
    if lock is None:
        return False
    user.locked_until = clock.now() + lock
    minutes = int(lock.total_seconds() // 60)
    audit.record(session, None, audit.STAFF_LOCKED, "user", user.id, f"{minutes} minutes")
    log.info("user %s locked for %s minutes", user.id, minutes)
    return True


def record_sign_in(session: DatabaseSession, user: User) -> None:
    """Audit the start of a signed-in session, once every step of signing in is done."""
    audit.record(session, user, audit.STAFF_SIGNED_IN, "user", user.id)


def sign_out(session: DatabaseSession, user: User) -> None:
    """End every session of this person, so that a copy of a signed-in cookie stops working."""
    user.session_version += 1
    audit.record(session, user, audit.STAFF_SIGNED_OUT, "user", user.id)
    log.info("user %s signed out", user.id)


def change_password(session: DatabaseSession, user: User, current: str, new: str) -> None:
    """Change one's own password, given the current one; every other session signs out."""
    if not passwords.verify(user.password_hash, current):
        raise CurrentPasswordWrong("Your current password is not correct")
    replace_password(user, new)
    audit.record(session, user, audit.PASSWORD_CHANGED, "user", user.id)
    log.info("user %s changed their password", user.id)


def set_password(session: DatabaseSession, user: User, new: str, actor: User | None = None) -> None:
    """Set a member of staff's password (an admin's reset): unlocks and signs out everywhere.

    Not one's own: that goes through the change with re-authentication, so that a session
    left open cannot take over the account.
    """
    refuse_own_reset(user, actor)
    replace_password(user, new)
    user.failed_logins, user.failed_codes, user.locked_until = 0, 0, None
    sign_in_locks.forget(session, user)
    audit.record(session, actor, audit.PASSWORD_RESET, "user", user.id)
    log.info("password of user %s reset", user.id)


def refuse_own_reset(user: User, actor: User | None) -> None:
    """An admin's reset is for someone else's credentials, never their own."""
    if actor is not None and actor.id == user.id:
        raise OwnCredentialsNotHere(
            "You cannot reset your own sign-in details here. Change them from your own "
            "account pages, where you confirm your current password and code"
        )


def replace_password(user: User, new: str) -> None:
    """Give the user a new password that meets the policy, signing out all their sessions."""
    passwords.check_policy(new, user.email)
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1


def login_id(user: User) -> str:
    """The id a signed-in session holds: it stops working when the session version goes up."""
    return f"{user.id}:{user.session_version}"


def user_for_login_id(session: DatabaseSession, value: str) -> User | None:
    """The active member of staff a session's login id stands for, if it still stands for one."""
    user_id, _, version = value.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
