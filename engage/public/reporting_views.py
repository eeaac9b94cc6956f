"""Reporting a hate incident: the start page, the report's pages, and its status page.

Every page under /report has "Exit this page" and, like every page of Engage, is never cached
(`Cache-Control: no-store`, from engage.security), so that Back after leaving does not show it
again. The receipt code is only ever
posted, never put in a URL, never shown back, never logged: once it is checked, the session
holds the report's id, for a short time.
"""

from flask import (
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as browser
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextInput
from wtforms import StringField, TextAreaField

from engage.error_summary import form_error_summary
from engage.errors import InformationInvalid, ReceiptCodeNotRecognised
from engage.extensions import db
from engage.journeys.report_journey import ReportJourney, add_report_routes
from engage.models import Report
from engage.public import public
from engage.rate_limits import limit_receipt_lookups
from engage.services.accounts import staff
from engage.services.forms import flow_for
from engage.services.reports import filing

REPORT_PATH = "/report"
# How long a reporter can see their report and add to it after giving its receipt code.
NOT_FOUND = "We could not find a report with that code. Check you have entered it correctly."
NO_CODE = "Enter your receipt code"


def is_report_path(path: str) -> bool:
    """Whether a request path is one of the report's pages."""
    return path == REPORT_PATH or path.startswith(REPORT_PATH + "/")


def _on_report_page() -> bool:
    return has_request_context() and is_report_path(request.path)


@public.app_context_processor
def _quick_exit() -> dict[str, bool]:
    """Give every report page, error pages too, the quick exit."""
    return {"quick_exit": _on_report_page()}


@public.get(f"{REPORT_PATH}/exit")
def report_exit() -> ResponseReturnValue:
    """Leave for the neutral site ("Exit this page"), ending the report in progress, so that
    whoever next uses this browser finds nothing to carry on or look at."""
    ReportJourney().discard()
    browser.pop("report_seen", None)
    return redirect(current_app.config["QUICK_EXIT_URL"])


@public.post(f"{REPORT_PATH}/delete")
def report_delete() -> ResponseReturnValue:
    """Delete the report in progress ("Delete my answers") and what the session holds of it."""
    ReportJourney().discard()
    return redirect(url_for("public.report_start", deleted=1))


@public.get(REPORT_PATH)
def report_start() -> ResponseReturnValue:
    """What reporting is, that it can be anonymous, where else to report, and a start button."""
    journey = ReportJourney()
    flow = flow_for(journey.form)
    return render_template(
        "public/report/start.html",
        description=flow.text(flow.definition.description),
        centres=staff.list_centres(db.session, include_inactive=False),
        has_draft=journey.current_draft() is not None,
        **journey.context(),
    )


add_report_routes(public, REPORT_PATH, ReportJourney, prefix="report_")


class ReceiptCodeForm(FlaskForm):
    receipt_code = StringField(
        "Receipt code",
        description="It is 20 letters and numbers, like 7KQ4M-XA2CD-HJ3PW-9RTVE.",
        widget=GovTextInput(),
    )


class InformationForm(FlaskForm):
    information = TextAreaField(
        "Add information to your report",
        description=(
            "Tell us anything that has happened since, or anything you remember now. "
            "Do not include your name or contact details unless you want us to contact you."
        ),
        widget=GovCharacterCount(),
    )


@public.route(f"{REPORT_PATH}/status", methods=["GET", "POST"])
@limit_receipt_lookups
def report_status() -> ResponseReturnValue:
    """Ask for the receipt code; once given, show where the report has got to."""
    report = _report_seen()
    if report is not None:
        return _status_page(report, InformationForm())
    form = ReceiptCodeForm()
    if request.method == "POST" and form.validate():
        report = _find_by_code(form)
        if report is not None:
            _remember_seen(report)
            return redirect(_status_url())
    form.receipt_code.data = ""  # never show a code back, right or wrong
    return render_template(
        "public/report/status_code.html",
        form=form,
        errors=form_error_summary(form),
        back_url=_start_url(),
    )


@public.post(f"{REPORT_PATH}/status/information")
def report_add_information() -> ResponseReturnValue:
    """Add what the reporter wants to tell us to their report."""
    report = _report_seen()
    if report is None:
        return redirect(_status_url())
    form = InformationForm()
    if form.validate():
        try:
            filing.add_information(db.session, report, form.information.data or "")
        except InformationInvalid as error:
            form.information.errors = [str(error)]
        else:
            db.session.commit()
            flash("We have added your information to your report.", "success")
            return redirect(_status_url())
    return _status_page(report, form)


@public.post(f"{REPORT_PATH}/status/finish")
def report_status_finish() -> ResponseReturnValue:
    """Stop seeing the report, so that nobody else at this browser can."""
    browser.pop("report_seen", None)
    return redirect(_start_url())


def _status_page(report: Report, form: InformationForm) -> ResponseReturnValue:
    return render_template(
        "public/report/status.html",
        report=report,
        reference=report.submission.reference,
        status=filing.status_for_reporter(report),
        can_add_information=filing.can_add_information(report),
        nothing_more=filing.NOTHING_MORE_CAN_BE_ADDED,
        form=form,
        errors=form_error_summary(form),
    )


def _find_by_code(form: ReceiptCodeForm) -> Report | None:
    """The report whose code was entered; else None, with one message whatever the reason."""
    code = (form.receipt_code.data or "").strip()
    if not code:
        form.receipt_code.errors = [NO_CODE]
        return None
    try:
        return filing.find_by_receipt(db.session, code)
    except ReceiptCodeNotRecognised:
        form.receipt_code.errors = [NOT_FOUND]
        return None


def _remember_seen(report: Report) -> None:
    browser["report_seen"] = filing.grant_reporter_access(report)


def _report_seen() -> Report | None:
    """The report whose receipt code this browser gave in the last few minutes, if any."""
    report = filing.report_with_access(db.session, browser.get("report_seen"))
    if report is None:
        browser.pop("report_seen", None)
    return report


def _status_url() -> str:
    return url_for("public.report_status")


def _start_url() -> str:
    return url_for("public.report_start")
