"""Two-factor sign-in for staff: six-digit codes from an authenticator app (TOTP, RFC 6238)
and single-use recovery codes for when the app is lost.

Required for the roles in TWO_FACTOR_REQUIRED_ROLES (officers and admins), optional for
others. A code counts only once, and wrong codes lock the account under the same policy as
wrong passwords, counted on their own so that a right password does not wipe them. Changing
one's own credentials needs the current password and a current code first (re-authentication).
Functions change the session and leave the commit to the caller.
"""

import logging
import secrets
from collections.abc import Collection

import pyotp
import segno
from sqlalchemy import delete, select

from engage import clock
from engage.errors import CurrentPasswordWrong, NewAppCodeWrong, TwoFactorCodeWrong
from engage.models import RecoveryCode, User
from engage.services import DatabaseSession, audit
from engage.services.accounts import passwords
from engage.services.accounts import staff as accounts
from engage.services.references import READABLE_ALPHABET

log = logging.getLogger(__name__)

ISSUER = "Engage"
RECOVERY_CODES = 10
RECOVERY_LENGTH = 10  # characters, shown as two groups of five
LOCKED_MESSAGE = (
    "After too many wrong codes or passwords the account is locked for a while. "
    "Try again later, or ask an admin"
)
CODE_WRONG_MESSAGE = (
    "Enter the 6-digit code your authenticator app shows now, or one of your recovery codes"
)
CODE_USED_MESSAGE = (
    "That code has been used already. Wait for your authenticator app to show a new code, "
    "then enter it"
)


def is_required(user: User, required_roles: Collection[str]) -> bool:
    return user.role in required_roles


def is_on(user: User) -> bool:
    return user.totp_confirmed_at is not None and user.totp_secret is not None


def new_secret() -> str:
    """A fresh shared secret for an authenticator app (160 bits, in base32)."""
    return pyotp.random_base32(32)


def pending_secret(session: DatabaseSession, user: User) -> str:
    """The secret of the app being set up, made once and kept on the account (never in a
    cookie) until a code confirms it, so a reload shows the same QR code."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = new_secret()
        session.flush()
    return user.totp_pending_secret


def app_link(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(link: str) -> str:
    """The QR code of an address, as SVG markup drawn here: nothing comes from another site."""
    return str(segno.make(link, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff"))


def turn_on(session: DatabaseSession, user: User, secret: str, typed: str) -> list[str]:
    """Confirm the app is set up with `secret` by one of its codes; return new recovery codes."""
    step = _new_app_step(secret, typed)
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, clock.now(), step
    user.totp_pending_secret = None
    audit.record(session, user, audit.TWO_FACTOR_TURNED_ON, "user", user.id)
    log.info("user %s turned on two-factor sign-in", user.id)
    return _store_recovery_codes(session, user)


def _new_app_step(secret: str, typed: str) -> int:
    step = _matching_step(secret, typed)
    if step is None:
        raise NewAppCodeWrong("Enter the 6-digit code your authenticator app shows now")
    return step


def check_code(session: DatabaseSession, user: User, typed: str) -> None:
    """Accept a current app code or an unused recovery code, or count a failure and refuse."""
    if accounts.is_locked(user):
        raise TwoFactorCodeWrong(LOCKED_MESSAGE)
    compact = "".join(typed.split()).upper().replace("-", "")
    step = None
    if compact.isdigit() and user.totp_secret:
        step = _matching_step(user.totp_secret, compact)
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            user.failed_codes = 0
            return
    elif len(compact) == RECOVERY_LENGTH and _use_recovery_code(session, user, compact):
        user.failed_codes = 0
        return
    accounts.count_code_failure(session, user)
    # A right code given twice is refused (someone could have seen it), and said to be used.
    raise TwoFactorCodeWrong(CODE_WRONG_MESSAGE if step is None else CODE_USED_MESSAGE)


def confirm_identity(session: DatabaseSession, user: User, password: str, code: str) -> None:
    """Re-authenticate a signed-in user before they change their own credentials.

    The current password, and a current code where two-factor sign-in is on: whoever sits at a
    session left open, or holds a copied cookie, has neither. Wrong ones count towards the lock.
    """
    if accounts.is_locked(user):
        raise CurrentPasswordWrong(LOCKED_MESSAGE)
    if not password:
        raise CurrentPasswordWrong("Enter your current password")
    if not passwords.verify(user.password_hash, password):
        accounts.count_failure(session, user)
        raise CurrentPasswordWrong("Your current password is not correct")
    if is_on(user):
        check_code(session, user, code)


def change_own_password(
    session: DatabaseSession, user: User, current: str, code: str, new: str
) -> None:
    """Change one's own password after re-authentication; every other session signs out."""
    passwords.check_policy(new, user.email)
    confirm_identity(session, user, current, code)
    accounts.replace_password(user, new)
    audit.record(session, user, audit.PASSWORD_CHANGED, "user", user.id)
    log.info("user %s changed their password", user.id)


def replace_app(
    session: DatabaseSession, user: User, password: str, current_code: str, secret: str, typed: str
) -> list[str]:
    """Move a signed-in user to a new authenticator app, after re-authentication."""
    _new_app_step(secret, typed)  # first, so that a mistyped new code spends no current one
    confirm_identity(session, user, password, current_code)
    return turn_on(session, user, secret, typed)


def new_recovery_codes(session: DatabaseSession, user: User) -> list[str]:
    """Replace a user's recovery codes with new ones, shown once; only hashes are kept."""
    audit.record(session, user, audit.RECOVERY_CODES_REPLACED, "user", user.id)
    return _store_recovery_codes(session, user)


def _store_recovery_codes(session: DatabaseSession, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    for code in codes:
        hashed = passwords.hash_password(code.replace("-", ""))
        session.add(RecoveryCode(user_id=user.id, code_hash=hashed))
    session.flush()
    return codes


def unused_recovery_codes(session: DatabaseSession, user: User) -> int:
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return len(session.scalars(query).all())


def turn_off(session: DatabaseSession, user: User) -> None:
    """Stop asking for a code: the app's secret and the recovery codes are forgotten."""
    _forget_app(session, user)
    audit.record(session, user, audit.TWO_FACTOR_TURNED_OFF, "user", user.id)
    log.info("two-factor sign-in of user %s turned off", user.id)


def _forget_app(session: DatabaseSession, user: User) -> None:
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    user.totp_pending_secret = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset(session: DatabaseSession, user: User, admin: User) -> None:
    """An admin's reset for a lost phone: signed out everywhere, to set up again at sign-in."""
    accounts.refuse_own_reset(user, admin)
    _forget_app(session, user)
    user.session_version += 1
    audit.record(session, admin, audit.TWO_FACTOR_RESET, "user", user.id)
    log.info("two-factor sign-in of user %s reset by user %s", user.id, admin.id)


def _matching_step(secret: str, typed: str) -> int | None:
    """The time step whose code was typed: this one, or either side for a slow phone clock."""
    code = "".join(typed.split())
    totp = pyotp.TOTP(secret)
    now = totp.timecode(clock.now_aware())
    for step in (now, now - 1, now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _use_recovery_code(session: DatabaseSession, user: User, compact: str) -> bool:
    unused = session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for stored in unused:
        if passwords.verify(stored.code_hash, compact):
            stored.used_at = clock.now()
            log.info("user %s signed in with a recovery code", user.id)
            return True
    return False


def _unused(session: DatabaseSession, user: User) -> list[RecoveryCode]:
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return list(session.scalars(query))


def _recovery_code() -> str:
    body = "".join(secrets.choice(READABLE_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{body[:5]}-{body[5:]}"
