"""What a browser's session remembers of a resident's unfinished and finished responses."""

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
