"""What a browser's session remembers of a resident's unfinished and finished responses.

Each journey keeps its own entries under its draft name (a consultation's slug, "report"…).
The session is a signed cookie, readable by whoever holds the browser, so it keeps only opaque
draft keys and the reference of what was sent: never an answer, a contact detail or a receipt
code (a report's are sealed on the server, `engage.services.draft_secrets`).
"""

from flask import session


def remember_draft(slug: str, key: str) -> None:
    """Keep the key of a draft for this consultation in the signed session cookie."""
    session.permanent = True
    session["drafts"] = {**session.get("drafts", {}), slug: key}


def draft_key(slug: str) -> str | None:
    """The key of this browser's draft for a consultation, if it has one."""
    return session.get("drafts", {}).get(slug)


def forget_draft(slug: str) -> None:
    """Drop the draft key once the response is submitted or gone."""
    drafts = dict(session.get("drafts", {}))
    drafts.pop(slug, None)
    session["drafts"] = drafts


def remember_reference(slug: str, reference: str) -> None:
    """Keep the reference so the confirmation page can show it again on reload."""
    session["references"] = {**session.get("references", {}), slug: reference}


def last_reference(slug: str) -> str | None:
    """The reference of the response this browser last submitted to a consultation."""
    return session.get("references", {}).get(slug)


def forget_reference(name: str) -> None:
    """Drop the reference, so that nothing in the session says a response was sent."""
    references = dict(session.get("references", {}))
    references.pop(name, None)
    session["references"] = references


def remember_receipt_key(name: str, key: str) -> None:
    """Keep a sent report's draft key until its confirmation page has shown the receipt code
    (which is kept sealed on the server, and opens only with this key)."""
    session["receipts"] = {**session.get("receipts", {}), name: key}


def take_receipt_key(name: str) -> str | None:
    """The draft key of a report whose receipt code is waiting to be shown, forgotten as it is
    taken."""
    receipts = dict(session.get("receipts", {}))
    key = receipts.pop(name, None)
    session["receipts"] = receipts
    return key
