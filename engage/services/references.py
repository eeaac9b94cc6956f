"""Reference numbers and draft keys: random, unguessable, easy to read aloud."""

import hashlib
import re
import secrets

# No 0/O, 1/I/L, 5/S or 8/B, which are easily confused when read out or typed.
READABLE_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
# A reference as staff type it: any case, with or without its hyphens or spaces.
TYPED_REFERENCE = re.compile(r"ENG-?([A-Z0-9]{4})-?([A-Z0-9]{4})")


def new_reference(prefix: str = "ENG") -> str:
    """A reference like ENG-7KQ4-MXA2 for a resident to quote."""
    body = "".join(secrets.choice(READABLE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def new_draft_key() -> str:
    """A secret that lets one browser or chat carry on its own unfinished response."""
    return secrets.token_urlsafe(32)


def hash_draft_key(key: str) -> str:
    """What is stored of a draft key: enough to find the draft, not to recreate the key."""
    return hashlib.sha256(key.encode()).hexdigest()


def normalised_reference(typed: str) -> str:
    """A reference as stored, from what an officer typed: "eng 7kq4mxa2" is ENG-7KQ4-MXA2."""
    compact = "".join(typed.split()).upper()
    match = TYPED_REFERENCE.fullmatch(compact)
    return f"ENG-{match[1]}-{match[2]}" if match else compact
