"""What kind of failure a database error is, in words an operator can act on.

The error's own text is read here but never logged: it can hold the statement's values, which
can be what a person typed. Only the kind, and the driver's name for the error, are logged.
"""

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

UNREACHABLE = "unreachable"
LOCKED = "locked"
DISK_FULL = "disk full"
READ_ONLY = "read-only"
TIMED_OUT = "timed out"
BUSY = "busy"  # every pooled connection is in use
FAILING = "failing"

# PostgreSQL's SQLSTATE codes, most specific first; a code's first two characters are its class.
POSTGRESQL_STATES = {
    "53100": DISK_FULL,
    "25006": READ_ONLY,
    "55P03": LOCKED,
    "40P01": LOCKED,
    "57014": TIMED_OUT,
    "57P01": UNREACHABLE,
    "57P02": UNREACHABLE,
    "57P03": UNREACHABLE,
    "08": UNREACHABLE,
    "53": BUSY,
}
SQLITE_MESSAGES = {
    "database is locked": LOCKED,
    "database table is locked": LOCKED,
    "database or disk is full": DISK_FULL,
    "readonly database": READ_ONLY,
    "unable to open database file": UNREACHABLE,
    "disk i/o error": FAILING,
}


def failure_kind(error: SQLAlchemyError) -> str:
    """Unreachable, locked, disk full, read-only, timed out, busy, or failing."""
    if isinstance(error, PoolTimeout):
        return BUSY
    if not isinstance(error, DBAPIError):
        return FAILING
    state = getattr(error.orig, "sqlstate", None)
    if state:
        return POSTGRESQL_STATES.get(state) or POSTGRESQL_STATES.get(state[:2], FAILING)
    text = str(error.orig).lower()
    for message, kind in SQLITE_MESSAGES.items():
        if message in text:
            return kind
    # psycopg's own failures to connect or to hear back (refused, timed out) carry no SQLSTATE.
    from_psycopg = type(error.orig).__module__.startswith("psycopg")
    if error.connection_invalidated or (from_psycopg and isinstance(error, OperationalError)):
        return UNREACHABLE
    return FAILING


def driver_error_name(error: SQLAlchemyError) -> str:
    """The driver's name for the error, safe to log."""
    return type(getattr(error, "orig", error)).__name__
