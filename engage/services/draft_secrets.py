"""What a draft keeps that no cookie may hold, sealed with a key that only its holder has.

A report's contact answers wait here until the report is sent, and its receipt code until the
confirmation page has shown it once. The seal's key is derived from the draft key, which only
the reporter's browser holds and the database keeps only hashed: a copy of the database cannot
open them, and the cookie holds nothing to read but an opaque key.
"""

import base64
import json
import logging
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select

from engage import clock
from engage.models import DraftSecret, Submission
from engage.services import DatabaseSession

log = logging.getLogger(__name__)

# Distinct from the draft key's stored hash (a plain SHA-256), so that hash is not the key.
SEAL_PURPOSE = b"engage: a draft's sealed secrets"


def read_secrets(session: DatabaseSession, submission: Submission, draft_key: str) -> dict:
    """The secrets kept for a draft; nothing if there are none or the key does not open them."""
    return _opened(_row(session, submission), draft_key)


def update_secrets(
    session: DatabaseSession, submission: Submission, draft_key: str, **changes: Any
) -> None:
    """Set the named secrets (None removes one); when none are left, nothing is kept."""
    row = _row(session, submission)
    values = {**_opened(row, draft_key), **changes}
    values = {name: value for name, value in values.items() if value is not None}
    if not values:
        if row is not None:
            session.delete(row)
        return
    sealed = _fernet(draft_key).encrypt(json.dumps(values).encode()).decode()
    if row is None:
        session.add(DraftSecret(submission_id=submission.id, sealed=sealed))
    else:
        row.sealed, row.updated_at = sealed, clock.now()
    session.flush()


def delete_old_secrets(session: DatabaseSession, lifetime: timedelta) -> int:
    """Delete secrets untouched for longer than a draft's lifetime (a receipt code whose
    confirmation page was never opened); return how many."""
    result = session.execute(
        delete(DraftSecret).where(DraftSecret.updated_at < clock.now() - lifetime)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _row(session: DatabaseSession, submission: Submission) -> DraftSecret | None:
    return session.scalar(select(DraftSecret).filter_by(submission_id=submission.id))


def _opened(row: DraftSecret | None, draft_key: str) -> dict:
    if row is None:
        return {}
    try:
        return dict(json.loads(_fernet(draft_key).decrypt(row.sealed.encode())))
    except InvalidToken:
        log.warning("the secrets of submission %s did not open with its key", row.submission_id)
        return {}


def _fernet(draft_key: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEAL_PURPOSE)
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(draft_key.encode())))
