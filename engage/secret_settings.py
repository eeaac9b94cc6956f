"""Engage's secrets, checked before it serves: a guessable one would let anyone forge a staff
session (the secret key) or test receipt codes offline (the pepper).

Each secret is made strong in the instance folder when it is not set; one that is set must be
long, varied and not an example's placeholder, and a file that holds one must be readable by
its owner only. Outside development, Engage will not start otherwise.
"""

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SECRET_SETTINGS = ("SECRET_KEY", "RECEIPT_PEPPER", "TELEGRAM_CHAT_KEY_SECRET")
SHORTEST = 32
FEWEST_DISTINCT_CHARACTERS = 10
# Words that example files and tutorials put where a secret goes.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "replace-me", "your-secret", "example")
HOW_TO_MAKE_ONE = 'make one with: python -c "import secrets; print(secrets.token_hex(32))"'


class WeakSecret(SystemExit):
    """Engage will not start: the message names the setting and how to fix it."""


def instance_secret(instance: Path, name: str = "secret_key") -> str:
    """A secret kept in the instance folder, made on first use so sessions outlive restarts.

    The file is created readable by its owner only, from the start (never briefly by all).
    """
    key_file = instance / name
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return key_file.read_text().strip()
        with os.fdopen(descriptor, "w") as written:
            written.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def refuse_weak_secrets(config: Mapping[str, Any], instance: Path) -> None:
    """Stop with `WeakSecret` if any secret is guessable or its file readable by others."""
    for setting in SECRET_SETTINGS:
        problem = weakness(str(config.get(setting) or ""))
        if problem:
            raise WeakSecret(
                f"Engage will not start: ENGAGE_{setting} {problem}; {HOW_TO_MAKE_ONE}"
            )
    for setting in SECRET_SETTINGS:
        key_file = instance / setting.lower()
        if key_file.exists() and key_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise WeakSecret(
                f"Engage will not start: {key_file} can be read by other users of this "
                f"machine; make it readable by its owner only (chmod 600 {key_file})"
            )


def weakness(secret: str) -> str | None:
    """What makes this secret guessable, or None if nothing does."""
    lowered = secret.lower()
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return "is an example's placeholder, not a secret"
    if len(secret) < SHORTEST:
        return f"is too short: use at least {SHORTEST} random characters"
    if len(set(secret)) < FEWEST_DISTINCT_CHARACTERS:
        return "repeats too few characters to be random"
    return None
