"""Test factories for casework: staff and hate incident reports made straight in the database."""

import secrets
from datetime import date, datetime
from typing import Any

from engage.extensions import db
from engage.models import ContactDetails, Report, ReportingCentre, User
from engage.roles import CENTRE_STAFF, OFFICER
from engage.services.forms import flow_for, latest_form
from engage.services.responses import record_answers, start_response, submit_response

REPORT_ANSWERS: dict[str, Any] = {
    "in_danger": False,
    "reporter_role": "victim",
    "incident_types": ["verbal-abuse"],
    "incident_date": date(2024, 3, 4),
    "incident_time": "evening",
    "location_online": False,
    "location_type": "street",
    "ward": "park",
    "postcode": "WV1 1RP",
    "motivation": ["race"],
    "description": "Two men shouted racist abuse at me outside the shop on Dudley Road.",
    "offender_description": "Tall man, red jacket, called Gary by his friend.",
    "offender_count": "two-to-three",
    "police_aware": "no",
    "share_with_police": "share",
    "victim_support_referral": False,
}


def centre(name: str = "Central Library") -> ReportingCentre:
    """A reporting centre, added to the session."""
    made = ReportingCentre(name=name)
    db.session.add(made)
    db.session.flush()
    return made


def staff(
    role: str = OFFICER, name: str = "Olive Officer", at: ReportingCentre | None = None
) -> User:
    """A member of staff, added to the session; they cannot sign in."""
    user = User(
        email=f"{secrets.token_hex(4)}@example.org",
        name=name,
        role=role,
        centre=at if role == CENTRE_STAFF else None,
        password_hash="not-a-hash",
    )
    db.session.add(user)
    db.session.flush()
    return user


def report(
    at: ReportingCentre | None = None,
    created_at: datetime | None = None,
    contact: dict[str, str] | None = None,
    **answers: Any,
) -> Report:
    """A submitted hate incident report, with any answers changed, added to the session."""
    form = latest_form(db.session, "hate-incident-report")
    flow = flow_for(form)
    submission, _ = start_response(db.session, form, channel="centre" if at else "web")
    record_answers(db.session, submission, flow, {**REPORT_ANSWERS, **answers})
    submit_response(db.session, submission, flow)
    made = Report(submission=submission, centre=at, receipt_hash=secrets.token_hex(32))
    if created_at is not None:
        made.created_at = made.updated_at = created_at
    db.session.add(made)
    db.session.flush()
    if contact is not None:
        db.session.add(ContactDetails(report_id=made.id, **contact))
        db.session.flush()
    return made
