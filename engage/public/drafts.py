"""What a browser's session remembers of a resident's unfinished and finished responses.

Each journey keeps its own entries under its draft name (a consultation's slug, "report"…).
The session is a signed cookie, readable by whoever holds the browser: a draft's key, the
reference, a report's receipt code until it is shown, and its contact answers until it is sent.
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


def remember_receipt_code(name: str, code: str) -> None:
    """Keep a report's receipt code until its confirmation page has shown it, once."""
    session["receipts"] = {**session.get("receipts", {}), name: code}


def receipt_code(name: str) -> str | None:
    """The receipt code waiting to be shown for a report draft, if there is one."""
    return session.get("receipts", {}).get(name)


def take_receipt_code(name: str) -> str | None:
    """The receipt code waiting to be shown, removed from the session as it is shown."""
    receipts = dict(session.get("receipts", {}))
    code = receipts.pop(name, None)
    session["receipts"] = receipts
    return code


def remember_contact_answers(name: str, answers: dict) -> None:
    """Keep a reporter's answers to the contact questions until the report is sent."""
    session["contact"] = {**session.get("contact", {}), name: answers}


def contact_answers(name: str) -> dict:
    """The answers to the contact questions given so far for a report draft."""
    return dict(session.get("contact", {}).get(name, {}))


def forget_contact_answers(name: str) -> None:
    """Drop the contact answers once the report is sent (and they are stored) or abandoned."""
    contact = dict(session.get("contact", {}))
    contact.pop(name, None)
    session["contact"] = contact
