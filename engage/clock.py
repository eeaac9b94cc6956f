"""The current time, in one place so that tests can move it."""

from datetime import UTC, datetime


def now() -> datetime:
    """Return the current time in UTC, without a time zone, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def now_aware() -> datetime:
    """The same moment as `now`, marked as UTC, for libraries that need to know the zone."""
    return now().replace(tzinfo=UTC)
