"""A reporter's contact details: checked, and kept apart from the report, only with consent.

The questions are the `report-contact-details` definition, so the web and the bot ask them
alike; their answers never become `Answer` rows. `check_contact_details` turns those answers
into the details to keep (or refuses them, field by field), and `keep_contact_details` stores
them against the report once it is filed.
"""

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engage.errors import ContactDetailsInvalid
from engage.models import ContactDetails, Report, User
from engage.services import DatabaseSession
from engage.services.reports.casework import can_see_contact_details

log = logging.getLogger(__name__)

DEFINITION_ID = "report-contact-details"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# A UK number once spaces, hyphens, brackets and dots are gone: 0 and 9 or 10 digits more,
# or the same after +44 (or 0044), with or without the 0 that +44 replaces.
UK_PHONE = re.compile(r"(?:0|\+44|0044)(?:\(0\))?0?[1-9][0-9]{8,9}")
PHONE_PUNCTUATION = re.compile(r"[\s\-().]")

NO_WAY_TO_CONTACT = "Enter a UK phone number or an email address, so that we can contact you"
BAD_PHONE = "Enter a UK phone number, like 01902 551 155 or 07700 900 982"
BAD_EMAIL = "Enter an email address in the correct format, like name@example.com"
NO_CONSENT = (
    "Tick the box to agree to us keeping your contact details, "
    "or go back and choose ‘No’ to send your report without them"
)


@dataclass(frozen=True)
class NewContactDetails:
    """Contact details a reporter has agreed that we keep."""

    name: str | None
    phone: str | None
    email: str | None
    best_time: str | None


def check_contact_details(answers: dict[str, Any]) -> NewContactDetails | None:
    """The details to keep from the contact questions' answers; None if they chose not to.

    Raises `ContactDetailsInvalid` with a message for each field to fix: a phone number or an
    email address (or both) is needed, each must look real, and consent must be given.
    """
    if answers.get("leave_contact") is not True:
        return None
    phone = _text(answers.get("phone"))
    email = _text(answers.get("email"))
    errors: dict[str, str] = {}
    if phone is None and email is None:
        errors["phone"] = NO_WAY_TO_CONTACT
    if phone is not None and not UK_PHONE.fullmatch(PHONE_PUNCTUATION.sub("", phone)):
        errors["phone"] = BAD_PHONE
    if email is not None and not EMAIL.fullmatch(email):
        errors["email"] = BAD_EMAIL
    if answers.get("consent") is not True:
        errors["consent"] = NO_CONSENT
    if errors:
        raise ContactDetailsInvalid(errors)
    return NewContactDetails(
        name=_text(answers.get("name")),
        phone=phone,
        email=email,
        best_time=_text(answers.get("best_time")),
    )


def keep_contact_details(
    session: DatabaseSession, report: Report, details: NewContactDetails
) -> ContactDetails:
    """Store consented contact details against a filed report; a report keeps its first set."""
    kept = session.scalar(select(ContactDetails).filter_by(report_id=report.id))
    if kept is not None:
        return kept
    kept = ContactDetails(
        report_id=report.id,
        name=details.name,
        phone=details.phone,
        email=details.email,
        best_time=details.best_time,
    )
    session.add(kept)
    session.flush()
    log.info("report %s: contact details kept with consent", report.id)
    return kept


def contact_details_for(
    session: DatabaseSession, report: Report, viewer: User
) -> ContactDetails | None:
    """A report's contact details, read only for a viewer allowed them; else None."""
    if not can_see_contact_details(viewer):
        return None
    return session.scalar(select(ContactDetails).filter_by(report_id=report.id))


def has_contact_details(session: DatabaseSession, report: Report) -> bool:
    """Whether a reporter left contact details, without reading them."""
    kept = select(ContactDetails.id).filter_by(report_id=report.id)
    return session.scalar(kept) is not None


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
