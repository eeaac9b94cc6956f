"""The staff's report pages: the list, a report and its casework, the police export and the
audit log (centre staff logging a report for someone is `report_logging_views`).

Who reaches what: officers and admins every report, centre staff their own centre's only; a
report they may not see is "not found" (404), never "forbidden", so that a page tells nobody
whether it exists. Casework, the export and the audit log are for officers and admins. The
services write every view, change and export of a report to the audit log.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from engage.domain import ReportStatus
from engage.error_summary import form_error_summary
from engage.errors import (
    InvalidCaseworkInput,
    InvalidStatusChange,
    ReportChangedMeanwhile,
    ReportNotFound,
)
from engage.extensions import db
from engage.models import Report, User
from engage.services import audit
from engage.services.accounts import staff as accounts
from engage.services.forms import flow_for
from engage.services.insight import review
from engage.services.reports import caseload, casework, contact_details, police_sharing, referrals
from engage.services.reports import links as report_links
from engage.services.responses import answers_of
from engage.staff import report_pages, staff
from engage.staff.access import current_staff, roles_required
from engage.staff.downloads import download
from engage.staff.report_forms import (
    AssignForm,
    LinkForm,
    NoteForm,
    PoliceReferenceForm,
    ReportFilterForm,
    RiskForm,
    StatusForm,
    assign_form,
    audit_filter_form,
    link_form,
    note_form,
    police_reference_form,
    report_filter_form,
    risk_form,
    status_form,
)

CASEWORK = casework.CASEWORK_ROLES
# Which form field a service's refusal is about: the service's name, then the form's.
FORM_FIELDS = {"status": "to", "note": "text"}

CaseworkForm = TypeVar("CaseworkForm", bound=FlaskForm)


# The list


@staff.get("/reports")
@roles_required(*casework.REPORT_ROLES)
def reports() -> ResponseReturnValue:
    """The reports this member of staff may see, filtered, sorted and a page at a time."""
    user = current_staff()
    form = _filter_form(user)
    if not form.validate():
        return _list_page(user, form, None)
    sort = request.args.get("sort", "newest")
    found = caseload.reports_for(db.session, user, form.filters(), sort, report_pages.page_number())
    db.session.commit()
    return _list_page(user, form, found)


@staff.get("/reports/referrals.csv")
@roles_required(*CASEWORK)
def export_referrals() -> ResponseReturnValue:
    """The police referral CSV of the reports the list's filters choose."""
    user = current_staff()
    form = _filter_form(user)
    if not form.validate():
        return _list_page(user, form, None)
    export = referrals.export_referrals(db.session, user, form.filters())
    db.session.commit()
    return download(export.text, export.filename)


def _filter_form(user: User) -> ReportFilterForm:
    centres = caseload.centres(db.session) if casework.can_do_casework(user) else []
    return report_filter_form(request.args, report_pages.report_flow(), centres)


def _list_page(
    user: User, form: ReportFilterForm, found: audit.Page[caseload.ReportRow] | None
) -> ResponseReturnValue:
    flow = report_pages.report_flow()
    return render_template(
        "staff/reports/list.html",
        form=form,
        found=found,
        errors=form_error_summary(form),
        sorts=caseload.SORTS,
        sort=request.args.get("sort", "newest"),
        strand_names=report_pages.option_names(flow, caseload.STRAND_QUESTION),
        ward_names=report_pages.option_names(flow, caseload.WARD_QUESTION),
        status_names=casework.STATUS_NAMES,
        casework_allowed=casework.can_do_casework(user),
        link_with=report_pages.link_with,
        pagination=report_pages.pagination(found) if found else None,
        export_url=url_for("staff.export_referrals", **_filters_only()),
        filtered=any(v.strip() for values in _filters_only().values() for v in values),
    )


def _filters_only() -> dict[str, Any]:
    args = request.args.to_dict(flat=False)
    return {key: value for key, value in args.items() if key not in ("page", "sort")}


# A report


@staff.get("/reports/<int:report_id>")
@roles_required(*casework.REPORT_ROLES)
def report(report_id: int) -> ResponseReturnValue:
    """A report: its casework, answers, consent choices and history."""
    user = current_staff()
    found = _visible(lambda: casework.open_report(db.session, user, report_id))
    db.session.commit()
    return _report_page(user, found)


@staff.post("/reports/<int:report_id>/status")
@roles_required(*CASEWORK)
def change_report_status(report_id: int) -> ResponseReturnValue:
    """Move a report on: review, refer, close or reopen it."""
    return _casework(report_id, "status_form", _status_form, _change_status)


def _status_form(found: Report) -> StatusForm:
    return status_form(found, request.form)


def _change_status(found: Report, form: StatusForm, user: User) -> str:
    casework.change_status(
        db.session,
        found,
        form.to.data or "",
        user,
        outcome=form.outcome.data,
        seen_status=form.seen.data or None,
    )
    done = f"The report is now {casework.status_name(found.status).lower()}"
    if found.status == ReportStatus.REFERRED:
        return f"{done}. {police_sharing.what_the_police_get(found)}"
    return done


@staff.post("/reports/<int:report_id>/assignee")
@roles_required(*CASEWORK)
def assign_report(report_id: int) -> ResponseReturnValue:
    """Give a report to an officer, or to nobody."""
    return _casework(report_id, "assign_form", _assign_form, _assign)


def _assign_form(found: Report) -> AssignForm:
    return assign_form(casework.officers(db.session), found.assignee, request.form)


def _assign(found: Report, form: AssignForm, user: User) -> str:
    officer = casework.officer_by_id(db.session, form.assignee.data or "")
    casework.assign(db.session, found, officer, user, form.seen_assignee_id())
    return f"The report is assigned to {officer.name}" if officer else "Nobody has the report"


@staff.post("/reports/<int:report_id>/notes")
@roles_required(*CASEWORK)
def add_report_note(report_id: int) -> ResponseReturnValue:
    """Add a note to a report's history."""
    return _casework(report_id, "note_form", lambda _: note_form(request.form), _add_note)


def _add_note(found: Report, form: NoteForm, user: User) -> str:
    casework.add_note(db.session, found, form.text.data or "", user)
    return "Your note is added"


@staff.post("/reports/<int:report_id>/risk")
@roles_required(*CASEWORK)
def set_report_risk(report_id: int) -> ResponseReturnValue:
    """Flag a report as high risk, or remove the flag."""
    return _casework(report_id, "risk_form", lambda _: risk_form(request.form), _set_risk)


def _set_risk(found: Report, form: RiskForm, user: User) -> str:
    casework.set_risk(db.session, found, form.flag.data == "on", user)
    return "The report is flagged as high risk" if found.risk_flag else "The flag is removed"


@staff.post("/reports/<int:report_id>/police-reference")
@roles_required(*CASEWORK)
def set_report_police_reference(report_id: int) -> ResponseReturnValue:
    """Record or correct the police reference of a report."""
    return _casework(report_id, "reference_form", _reference_form, _set_reference)


def _reference_form(found: Report) -> PoliceReferenceForm:
    return police_reference_form(found.police_reference, request.form)


def _set_reference(found: Report, form: PoliceReferenceForm, user: User) -> str:
    casework.set_police_reference(db.session, found, form.police_reference.data, user)
    return "The police reference is recorded"


@staff.post("/reports/<int:report_id>/links")
@roles_required(*CASEWORK)
def link_report(report_id: int) -> ResponseReturnValue:
    """Link a report to another about the same person, by the other's reference."""
    return _casework(report_id, "link_form", lambda _: link_form(request.form), _link)


def _link(found: Report, form: LinkForm, user: User) -> str:
    other = report_links.link(db.session, found, form.reference.data or "", user)
    return f"This report is linked to {other.submission.reference}"


@staff.post("/reports/<int:report_id>/links/<int:other_id>/remove")
@roles_required(*CASEWORK)
def unlink_report(report_id: int, other_id: int) -> ResponseReturnValue:
    """Remove the link between two reports, when an officer finds they are not the same person."""
    user = current_staff()
    found = _visible(lambda: casework.report_for(db.session, user, report_id))
    other = _visible(lambda: casework.report_for(db.session, user, other_id))
    try:
        report_links.unlink(db.session, found, other, user)
    except InvalidCaseworkInput as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"This report is no longer linked to {other.submission.reference}", "success")
    return redirect(url_for("staff.report", report_id=found.id, _anchor="linked-reports"))


def _visible(find: Callable[[], Report]) -> Report:
    try:
        return find()
    except ReportNotFound:
        abort(404)


def _casework(
    report_id: int,
    name: str,
    posted_form: Callable[[Report], CaseworkForm],
    change: Callable[[Report, CaseworkForm, User], str],
) -> ResponseReturnValue:
    """Make one casework change from a posted form and go back to the report.

    `change` calls the casework service and returns what to flash; if the form is not valid or
    the service refuses, the report is shown again with the form, named `name`, saying what to fix.
    """
    user = current_staff()
    found = _visible(lambda: casework.report_for(db.session, user, report_id))
    form = posted_form(found)
    changed_meanwhile = None
    if form.validate():
        try:
            message = change(found, form, user)
        except InvalidStatusChange as error:
            form["to"].errors = [str(error)]
        except InvalidCaseworkInput as error:
            form[FORM_FIELDS.get(error.field, error.field)].errors = [str(error)]
        except ReportChangedMeanwhile as error:
            changed_meanwhile = error
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("staff.report", report_id=found.id))
    db.session.rollback()
    shown = casework.open_report(db.session, user, found.id)
    db.session.commit()
    if changed_meanwhile:
        # Offer what can be done from the report as it is now, keeping what the officer chose.
        form = posted_form(shown)
        field = FORM_FIELDS.get(changed_meanwhile.field, changed_meanwhile.field)
        form[field].errors = [str(changed_meanwhile)]
    return _report_page(user, shown, **{name: form})


def _report_page(user: User, found: Report, **forms: FlaskForm) -> ResponseReturnValue:
    flow = flow_for(found.submission.form, found.submission.language)
    answers = answers_of(found.submission, flow)
    page_forms = {
        "status_form": status_form(found),
        "assign_form": assign_form(casework.officers(db.session), found.assignee),
        "note_form": note_form(),
        "risk_form": risk_form(),
        "reference_form": police_reference_form(found.police_reference),
        "link_form": link_form(),
        **forms,
    }
    return render_template(
        "staff/reports/report.html",
        report=found,
        what_the_police_get=police_sharing.what_the_police_get(found),
        referral_refused=casework.referral_withheld(found),
        sections=report_pages.answer_sections(flow, answers),
        tagged=review.tagged_answers(db.session, found.submission),
        question_labels={q.id: flow.text(q.label) or q.id for q in flow.definition.questions},
        consent=report_pages.consent_rows(
            flow, answers, contact_details.has_contact_details(db.session, found)
        ),
        contact=contact_details.contact_details_for(db.session, found, user),
        show_contact=casework.can_see_contact_details(user),
        events=[event for event in found.events if casework.can_see_event(user, event)],
        event_text=report_pages.event_text,
        viewer=user,
        event_author=report_pages.event_author,
        casework_allowed=casework.can_do_casework(user),
        linked=report_links.linked_reports(db.session, found)
        if casework.can_do_casework(user)
        else [],
        status_names=casework.STATUS_NAMES,
        outcomes=casework.OUTCOMES,
        errors=[error for form in forms.values() for error in form_error_summary(form)],
        back_url=url_for("staff.reports"),
        **page_forms,
    )


# The audit log


@staff.get("/audit")
@roles_required(*CASEWORK)
def audit_log() -> ResponseReturnValue:
    """Who viewed, exported or changed which report, and when; read-only."""
    form = audit_filter_form(request.args, accounts.list_users(db.session))
    found = (
        audit.entries(db.session, form.filters(), report_pages.page_number())
        if form.validate()
        else None
    )
    return render_template(
        "staff/reports/audit_log.html",
        form=form,
        found=found,
        errors=form_error_summary(form),
        actions=audit.ACTIONS,
        unproven=audit.UNPROVEN_ACTIONS,
        link_with=report_pages.link_with,
        pagination=report_pages.pagination(found) if found else None,
    )
