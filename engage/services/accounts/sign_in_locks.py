"""Locks on wrong passwords, kept per account and client address together.

A lock on the account alone let anyone who knew an officer's email address keep them locked
out: a few wrong passwords, and one more each time the lock lifted. So five wrong passwords in
a row lock that account from that address only, for 15 minutes, twice as long for each
further wrong one from there, up to 24 hours. The officer at any other address signs in as
usual, and an admin's password reset lifts every lock on the account. A try while locked is
refused without checking the password, and neither counts nor lengthens the lock.

The address is kept only as a keyed hash (HMAC-SHA256 under the app's secret key), never
logged, and only as long as it is needed: a row goes at the pair's next right password, or a
day after its last wrong one once it is not locked. Guessing from many addresses at once is
held back by the sign-in rate limits, and a guesser who has the password still meets the
second factor, whose wrong codes lock the whole account (`users.failed_codes`).
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from sqlalchemy import delete, or_, select

from engage import clock
from engage.models import SignInLock, User
from engage.services import DatabaseSession, audit

log = logging.getLogger(__name__)

FAILURES_BEFORE_LOCK = 5
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(hours=24)
KEPT_FOR = timedelta(days=1)


def address_key(secret: str, address: str | None) -> str:
    """The keyed hash that stands for a client address; an unknown address is one address."""
    message = f"sign-in address:{address or 'unknown'}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def lock_length(failures: int) -> timedelta | None:
    """How long `failures` wrong tries in a row lock for, if they lock at all."""
    beyond = failures - FAILURES_BEFORE_LOCK
    if beyond < 0:
        return None
    return min(FIRST_LOCK * 2 ** min(beyond, 16), LONGEST_LOCK)


def is_locked(session: DatabaseSession, user: User, key: str) -> bool:
    """Whether wrong passwords from this address have locked this account there."""
    row = _row(session, user, key)
    return row is not None and row.locked_until is not None and row.locked_until > clock.now()


def count_failure(session: DatabaseSession, user: User, key: str) -> None:
    """Count a wrong password from this address; the fifth in a row locks the pair."""
    row = _row(session, user, key) or SignInLock(user_id=user.id, address_key=key, failures=0)
    session.add(row)
    row.failures += 1
    row.updated_at = clock.now()
    audit.record(session, None, audit.STAFF_SIGN_IN_REFUSED, "user", user.id, "wrong password")
    lock = lock_length(row.failures)
    if lock is None:
        log.info("sign-in refused: wrong password for user %s", user.id)
        return
    row.locked_until = clock.now() + lock
    minutes = int(lock.total_seconds() // 60)
    detail = f"{minutes} minutes, from one address"
    audit.record(session, None, audit.STAFF_LOCKED, "user", user.id, detail)
    log.info("user %s locked from one address for %s minutes", user.id, minutes)


def forget(session: DatabaseSession, user: User, key: str | None = None) -> None:
    """Drop the count for this pair (a right password), or every lock on the account."""
    query = delete(SignInLock).where(SignInLock.user_id == user.id)
    if key is not None:
        query = query.where(SignInLock.address_key == key)
    session.execute(query)


def prune(session: DatabaseSession) -> None:
    """Delete the rows, and so the hashed addresses, that are no longer needed."""
    now = clock.now()
    session.execute(
        delete(SignInLock).where(
            SignInLock.updated_at < now - KEPT_FOR,
            or_(SignInLock.locked_until.is_(None), SignInLock.locked_until < now),
        )
    )


def _row(session: DatabaseSession, user: User, key: str) -> SignInLock | None:
    query = select(SignInLock).where(SignInLock.user_id == user.id, SignInLock.address_key == key)
    return session.scalars(query).first()
