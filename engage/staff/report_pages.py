"""What the staff report pages show, worked out from a report: answers, consent, history, paging.

Presentation only: which member of staff may see what is decided by `casework`.
"""

from typing import Any

from flask import request, url_for

import surveys
from engage.errors import FormNotLoaded
from engage.extensions import db
from engage.models import ReportEvent, User
from engage.services import audit
from engage.services.forms import flow_for, latest_form
from engage.services.reports import caseload, casework, links

CONSENT_QUESTIONS = ("share_with_police", "victim_support_referral")


def answer_sections(flow: surveys.Flow, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers as summary lists, one a section, without the consent questions."""
    sections: list[dict[str, Any]] = []
    for step in flow.steps(answers):
        rows = [
            {
                "key": {"text": flow.text(q.label)},
                "value": {"text": flow.display_value(q, answers.get(q.id))},
            }
            for q in step.questions
            if q.id not in CONSENT_QUESTIONS
        ]
        title = flow.text(step.section.title)
        if sections and sections[-1]["title"] == title:
            sections[-1]["rows"] += rows
        elif rows:
            sections.append({"title": title, "rows": rows})
    return sections


def consent_rows(flow: surveys.Flow, answers: dict[str, Any], has_contact: bool) -> list[dict]:
    rows = []
    for question_id in CONSENT_QUESTIONS:
        try:
            question = flow.definition.question(question_id)
        except KeyError:
            continue
        value = flow.display_value(question, answers.get(question_id))
        rows.append({"key": {"text": flow.text(question.label)}, "value": {"text": value}})
    given = "Yes, with their consent" if has_contact else "No"
    rows.append({"key": {"text": "Contact details left"}, "value": {"text": given}})
    return rows


def report_flow() -> surveys.Flow | None:
    try:
        return flow_for(latest_form(db.session, caseload.REPORT_FORM))
    except FormNotLoaded:
        return None


def option_names(flow: surveys.Flow | None, question_id: str) -> dict[str, str]:
    if flow is None:
        return {}
    question = flow.definition.question(question_id)
    return {option.value: flow.text(option.label) or option.value for option in question.options}


def page_number() -> int:
    number = request.args.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1


def link_with(**changes: Any) -> str:
    """This page's address with some query parameters changed, the rest kept."""
    args: dict[str, Any] = request.args.to_dict(flat=False)
    args.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        args.pop(key, None)
    return url_for(str(request.endpoint), **request.view_args or {}, **args)


def pagination(found: audit.Page) -> dict[str, Any] | None:
    """The GOV.UK pagination component's options, or None for a single page."""
    if found.pages <= 1:
        return None
    shown = range(max(1, found.number - 3), min(found.pages, found.number + 3) + 1)
    options: dict[str, Any] = {
        "items": [
            {"number": n, "href": link_with(page=n), "current": n == found.number} for n in shown
        ]
    }
    if found.has_previous:
        options["previous"] = {"href": link_with(page=found.number - 1)}
    if found.has_next:
        options["next"] = {"href": link_with(page=found.number + 1)}
    return options


AUTOMATIC_EVENTS = {"anonymised"}


def event_author(event: ReportEvent) -> str:
    """Who made an entry in a report's history: staff, Engage itself, or the reporter."""
    if event.actor is not None:
        return event.actor.name
    if event.kind in AUTOMATIC_EVENTS:
        return "Engage, automatically"
    return "The person who reported it"


# How a link to another report reads to someone who may not know which report it is.
LINK_EVENTS = {
    links.LINKED: "Linked to another report about the same person",
    links.UNLINKED: "Unlinked from another report",
}


def event_text(event: ReportEvent, viewer: User) -> str:
    """One entry of a report's history, as this member of staff may read it."""
    if event.kind in LINK_EVENTS and not casework.can_do_casework(viewer):
        # The other report may be another centre's: say that a link exists, not to which.
        return LINK_EVENTS[event.kind]
    if event.kind == "status_changed":
        moved = f"{casework.status_name(event.from_status or '')} to " if event.from_status else ""
        change = f"Status changed from {moved}{casework.status_name(event.to_status or '')}"
        return f"{change}. {event.text}" if event.text else change
    if event.kind == "created":
        return "Report received"
    if event.kind == "information_added":
        return f"The person who reported it added: {event.text}"
    if event.kind == "note":
        return f"Note: {event.text}"
    return event.text or event.kind.replace("_", " ").capitalize()
