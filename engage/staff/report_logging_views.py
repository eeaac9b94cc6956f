"""Centre staff logging a hate incident report for the person in front of them."""

from typing import Any

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.journeys.form_journey import Endpoints
from engage.journeys.report_journey import ReportJourney, add_report_routes
from engage.models import User
from engage.roles import CENTRE_STAFF
from engage.services.reports import casework
from engage.staff import staff
from engage.staff.access import current_staff, roles_required

LOG_DRAFT = "report:centre"


class CentreReportJourney(ReportJourney):
    """A reporting centre's member of staff logging an incident for the person in front of them.

    The same hate incident report as the public's, with the centre recorded, channel "centre",
    and who is reporting answered before the flow starts, so it is never asked.
    """

    check_template = "staff/reports/log_check.html"
    confirmation_template = "staff/reports/logged.html"

    def __init__(self, user: User) -> None:
        super().__init__(
            endpoints=Endpoints("staff", "log_report_"),
            draft_name=LOG_DRAFT,
            channel=casework.LOGGED_CHANNEL,
            centre=user.centre,
            logged_by=user,
            preset={casework.REPORTER_ROLE_QUESTION: casework.LOGGED_REPORTER_ROLE},
            layout="staff/layout.html",
        )
        self.user = user
        self.title = "Log a hate incident for someone"

    def url(self, page: str, **values: Any) -> str:
        if page == "start":
            return url_for("staff.log_report", **values)
        return super().url(page, **values)


def _centre_journey() -> CentreReportJourney:
    return CentreReportJourney(current_staff())


add_report_routes(
    staff,
    "/reports/log",
    _centre_journey,
    prefix="log_report_",
    decorators=[roles_required(CENTRE_STAFF)],
)


@staff.get("/reports/log")
@roles_required(CENTRE_STAFF)
def log_report() -> ResponseReturnValue:
    """What logging a report for someone involves, and a button to start or carry on."""
    journey = _centre_journey()
    return render_template(
        "staff/reports/log_start.html",
        has_draft=journey.current_draft() is not None,
        expired=request.args.get("expired") is not None,
        **journey.context(),
    )
