"""Receipt codes: the one secret with which a reporter can come back to their report.

A code is 20 characters from the readable alphabet, shown in four groups of five
(`7KQ4M-XA2CD-…`): about 96 bits, too many to guess, and easy to copy or read aloud. Engage
keeps only a slow keyed hash of it: scrypt, salted with a secret pepper from the
configuration. The salt is fixed, so the hash is the same every time and finds the report
(as SecureDrop finds a source by their codename); without the pepper, the stored hashes
cannot be tested against guesses. The code itself is never stored or logged.
"""

import hashlib
import re
import secrets

from engage.services.references import READABLE_ALPHABET

GROUPS = 4
GROUP_LENGTH = 5
# scrypt's cost: about 16 MB of memory and some tens of milliseconds for each code checked.
SCRYPT_COST = {"n": 2**14, "r": 8, "p": 1}
NOT_PART_OF_A_CODE = re.compile(r"[^0-9A-Z]")


def new_receipt_code() -> str:
    """A fresh receipt code like 7KQ4M-XA2CD-HJ3PW-9RTVE."""
    body = "".join(secrets.choice(READABLE_ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(body[i : i + GROUP_LENGTH] for i in range(0, len(body), GROUP_LENGTH))


def normalise_receipt_code(text: str) -> str:
    """A code as typed, in capitals without the spaces, hyphens or dots people put in it."""
    return NOT_PART_OF_A_CODE.sub("", text.upper())


def hash_receipt_code(code: str, pepper: str) -> str:
    """What is stored of a receipt code: its scrypt hash, keyed with the pepper, in hex."""
    return hashlib.scrypt(
        normalise_receipt_code(code).encode(), salt=pepper.encode(), **SCRYPT_COST
    ).hex()
