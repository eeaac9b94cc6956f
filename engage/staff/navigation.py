"""The staff pages each role is offered, in the navigation bar and on the home page."""

from typing import Any

from flask import current_app, request, url_for
from werkzeug.routing import BuildError

from engage.models import User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER

Link = tuple[str, str]

REPORTS: Link = ("Reports", "staff.reports")
CONSULTATIONS: Link = ("Consultations", "staff.consultations")
FORMS: Link = ("Forms", "staff.forms")
INCIDENTS: Link = ("Incident trends", "staff.incidents")
AUDIT_LOG: Link = ("Audit log", "staff.audit_log")
USERS: Link = ("Users", "staff.users")
CENTRES: Link = ("Centres", "staff.centres")
ERASURE: Link = ("Erase on request", "staff.erase_on_request")
RETENTION: Link = ("Retention", "staff.retention_periods")

LINKS_BY_ROLE: dict[str, list[Link]] = {
    ADMIN: [
        REPORTS,
        INCIDENTS,
        CONSULTATIONS,
        FORMS,
        AUDIT_LOG,
        ERASURE,
        USERS,
        CENTRES,
        RETENTION,
    ],
    OFFICER: [REPORTS, INCIDENTS, CONSULTATIONS, FORMS, AUDIT_LOG, ERASURE],
    CENTRE_STAFF: [
        ("Log a report", "staff.log_report"),
        ("Your centre’s reports", "staff.reports"),
    ],
}


def staff_links(user: User) -> list[dict[str, object]]:
    """Links to the pages of the user's role that exist, marking the one being shown."""
    links: list[dict[str, object]] = []
    for text, endpoint in LINKS_BY_ROLE.get(user.role, []):
        href = _url(endpoint)
        if href is not None:
            links.append({"text": text, "href": href, "current": request.endpoint == endpoint})
    return links


RESULTS_PAGES = [
    ("overview", "Overview", "staff.consultation_results"),
    ("themes", "Themes", "staff.consultation_themes"),
    ("answers", "Answers", "staff.consultation_answers"),
    ("equalities", "Equalities", "staff.consultation_equalities"),
]


def results_links(consultation_id: int, current: str) -> list[dict[str, object]]:
    """The tabs of a consultation's results: links, the one shown marked."""
    return [
        {"text": text, "href": href, "current": key == current}
        for key, text, endpoint in RESULTS_PAGES
        if (href := _url(endpoint, consultation_id=consultation_id)) is not None
    ]


def _url(endpoint: str, **values: Any) -> str | None:
    # Pages still being built are left out rather than breaking every staff page.
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
