"""Staff passwords: the policy a new one must meet, argon2id hashing, and generated passwords."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engage.errors import PasswordTooWeak

MINIMUM_LENGTH = 12
# No 0/O or 1/l/I, so a password read off a screen is typed right first time.
GENERATED_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

_hasher = PasswordHasher()
_dummy_hash: str | None = None


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash new passwords with these parameters; older hashes are upgraded at sign-in."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = hasher, None


def fast_hasher() -> PasswordHasher:
    """Cheap argon2id parameters, for tests only: hashing at full cost makes a test suite crawl."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def check_policy(password: str, email: str) -> None:
    """Refuse a password that is short, one repeated character, or the email address."""
    if len(password) < MINIMUM_LENGTH:
        raise PasswordTooWeak(f"Password must be {MINIMUM_LENGTH} characters or more")
    if len(set(password)) == 1:
        raise PasswordTooWeak("Password must not be one character repeated")
    if password.strip().lower() == email.strip().lower():
        raise PasswordTooWeak("Password must not be your email address")


def hash_password(password: str) -> str:
    """An argon2id hash of the password, with a random salt."""
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash; a damaged hash matches nothing."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def spend_verify_time(password: str) -> None:
    """Check a password against a throwaway hash, so an unknown account takes as long to refuse."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
    verify(_dummy_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def generate_password() -> str:
    """A random password of four groups of five characters (about 116 bits), to show once."""
    groups = ("".join(secrets.choice(GENERATED_ALPHABET) for _ in range(5)) for _ in range(4))
    return "-".join(groups)
