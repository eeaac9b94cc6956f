"""Who gets what from every route of Engage: the role matrix test_route_access.py checks.

Every URL rule is either open to everyone (OPEN: the residents' pages, the health check, the
static files) or has an entry here, for each of its methods, saying what each role gets from
it: anonymous, staff of the centre that logged the world's report (centre_a), staff of another
centre (centre_b), an officer and an admin. A route added without an entry fails the test.

Nobody signed in is sent to sign in. A role that may not use a route gets "not found" (404),
never "forbidden", so a page tells nobody that it exists. A role that may use it gets the page
(200) or is sent on (302) to where the action leads, never to sign in. A POST sends `data`,
with a CSRF token, so that it reaches the view; a value naming one of the world's values (like
"officer_id") sends that value.
"""

from dataclasses import dataclass, field

SIGN_IN = "sign in"


@dataclass(frozen=True)
class Access:
    """What each role gets from one method of one route: a status, or SIGN_IN."""

    anonymous: int | str
    centre_a: int
    centre_b: int
    officer: int
    admin: int
    data: dict[str, str] = field(default_factory=dict)
    # An action that can be done only once: each role tries it on a fresh world, since the
    # first to do it would change what the next one gets.
    once: bool = False

    def expected(self, role: str) -> int | str:
        return getattr(self, role)


def any_staff(status: int, **data: str) -> Access:
    return Access(SIGN_IN, status, status, status, status, data)


def centre_staff(status: int, **data: str) -> Access:
    return Access(SIGN_IN, status, status, 404, 404, data)


def officers(status: int, once: bool = False, **data: str) -> Access:
    """Officers and admins, who do the partnership's casework and analysis."""
    return Access(SIGN_IN, 404, 404, status, status, data, once)


def admins(status: int, **data: str) -> Access:
    return Access(SIGN_IN, 404, 404, 404, status, data)


def the_report(centre_a: int, officer: int, once: bool = False, **data: str) -> Access:
    """A route of the world's report, logged at centre A: centre B never finds it."""
    return Access(SIGN_IN, centre_a, 404, officer, officer, data, once)


# Routes open to everyone, by endpoint: they are the residents' side, or no page at all.
OPEN = {
    "static",
    "health.healthz",
    "public.hub",
    "public.start",
    "public.begin",
    "public.question",
    "public.resume",
    "public.check",
    "public.emergency",
    "public.confirmation",
    "public.report_start",
    "public.report_begin",
    "public.report_question",
    "public.report_contact",
    "public.report_emergency",
    "public.report_resume",
    "public.report_check",
    "public.report_confirmation",
    "public.report_status",
    "public.report_add_information",
    "public.report_status_finish",
    "public.report_exit",
    "public.report_delete",
    "public.privacy",
    "public.accessibility",
    "public.cookies",
    "public.contact",
}

MATRIX: dict[tuple[str, str], Access] = {
    # Signing in and out, and one's own account
    ("staff.sign_in", "GET"): Access(200, 302, 302, 302, 302),
    ("staff.sign_in", "POST"): Access(200, 200, 200, 200, 200, {"email": "x@example.org"}),
    ("staff.sign_out", "POST"): Access(302, 302, 302, 302, 302),
    ("staff.home", "GET"): any_staff(200),
    ("staff.password", "GET"): any_staff(200),
    ("staff.password", "POST"): any_staff(200),
    # Two-factor sign-in (the world's officer and admin use it; its centre staff do not yet).
    # Signed in already, the code step sends one home; without a code, forms are shown again.
    ("staff.sign_in_code", "GET"): any_staff(302),
    ("staff.sign_in_code", "POST"): any_staff(302),
    ("staff.two_factor_setup", "GET"): any_staff(200),
    ("staff.two_factor_setup", "POST"): any_staff(200),
    ("staff.two_factor_home", "GET"): any_staff(200),
    ("staff.new_recovery_codes", "POST"): any_staff(400),
    # Officers and admins must keep it on: told so, back on the page.
    ("staff.turn_off_two_factor", "POST"): Access(SIGN_IN, 400, 400, 302, 302),
    # Reports
    ("staff.reports", "GET"): any_staff(200),
    ("staff.report", "GET"): the_report(200, 200),
    ("staff.change_report_status", "POST"): the_report(
        404, 302, once=True, **{"status-to": "in_review"}
    ),
    ("staff.assign_report", "POST"): the_report(404, 302, **{"assign-assignee": "officer_id"}),
    ("staff.add_report_note", "POST"): the_report(404, 302, **{"note-text": "Rang the centre"}),
    ("staff.set_report_risk", "POST"): the_report(404, 302, **{"risk-flag": "on"}),
    ("staff.set_report_police_reference", "POST"): the_report(
        404, 302, **{"reference-police_reference": "CRI-7"}
    ),
    # Already linked: refused with a message on the report's page.
    ("staff.link_report", "POST"): the_report(404, 200, **{"link-reference": "other_reference"}),
    ("staff.unlink_report", "POST"): the_report(404, 302),
    # Writing forms. A post without the revision of the page it came from is refused as made
    # from an old page: the form is shown again (200), or the draft's page says why (409).
    ("staff.forms", "GET"): officers(200),
    ("staff.new_form", "GET"): officers(200),
    ("staff.new_form", "POST"): officers(200),
    ("staff.edit_form", "POST"): officers(404),  # the report's form is not the builder's
    ("staff.form_versions", "GET"): officers(404),  # the report's form has no builder page
    ("staff.export_form_version", "GET"): officers(404),
    ("staff.form_draft", "GET"): officers(200),
    # Any colleague with a staff account can open a preview's link, to sign a form off. The
    # world's question key is not the draft's: its pages send one to the preview's first page.
    ("staff.preview_form", "GET"): any_staff(200),
    ("staff.begin_preview", "POST"): any_staff(302),
    ("staff.preview_question", "GET"): any_staff(302),
    ("staff.preview_question", "POST"): any_staff(302),
    ("staff.preview_check", "GET"): any_staff(302),
    ("staff.preview_check", "POST"): any_staff(302),
    ("staff.chat_preview", "GET"): any_staff(200),
    ("staff.form_routes", "GET"): officers(200),
    ("staff.add_equalities", "POST"): officers(409),
    ("staff.publish_form", "POST"): officers(409),
    ("staff.discard_form", "GET"): officers(200),
    ("staff.discard_form", "POST"): officers(409),
    ("staff.new_section", "GET"): officers(200),
    ("staff.new_section", "POST"): officers(200),
    ("staff.edit_section", "GET"): officers(200),
    ("staff.edit_section", "POST"): officers(200),
    ("staff.move_section", "POST"): officers(409),
    ("staff.delete_section", "GET"): officers(200),
    ("staff.delete_section", "POST"): officers(409),
    ("staff.new_question", "GET"): officers(200),
    ("staff.new_question", "POST"): officers(200),
    ("staff.edit_question", "GET"): officers(200),
    ("staff.edit_question", "POST"): officers(200),
    ("staff.question_rule", "GET"): officers(200),
    ("staff.question_rule", "POST"): officers(200),
    ("staff.move_question", "POST"): officers(409),
    ("staff.delete_question", "GET"): officers(200),
    ("staff.delete_question", "POST"): officers(409),
    ("staff.export_referrals", "GET"): officers(200),
    ("staff.audit_log", "GET"): officers(200),
    # Erasing on request (without a reference, asked for one) and retention periods
    ("staff.erase_on_request", "GET"): officers(200),
    ("staff.erase_on_request", "POST"): officers(200),
    ("staff.retention_periods", "GET"): admins(200),
    ("staff.set_retention_period", "POST"): admins(302, days="1500"),
    # Centre staff logging a report for someone (without a report begun, back to its start)
    ("staff.log_report", "GET"): centre_staff(200),
    ("staff.log_report_begin", "POST"): centre_staff(302),
    ("staff.log_report_resume", "GET"): centre_staff(302),
    ("staff.log_report_question", "GET"): centre_staff(302),
    ("staff.log_report_question", "POST"): centre_staff(302),
    ("staff.log_report_contact", "GET"): centre_staff(302),
    ("staff.log_report_contact", "POST"): centre_staff(302),
    ("staff.log_report_emergency", "GET"): centre_staff(200),
    ("staff.log_report_check", "GET"): centre_staff(302),
    ("staff.log_report_check", "POST"): centre_staff(302),
    ("staff.log_report_confirmation", "GET"): centre_staff(302),
    # Consultations (the world's consultation is open)
    ("staff.consultations", "GET"): officers(200),
    ("staff.new_consultation", "GET"): officers(200),
    ("staff.new_consultation", "POST"): officers(200),
    ("staff.consultation", "GET"): officers(200),
    ("staff.consultation_dates", "GET"): officers(200),
    ("staff.consultation_dates", "POST"): officers(200),
    ("staff.open_consultation", "POST"): officers(302),
    ("staff.close_consultation", "POST"): officers(302, once=True),
    ("staff.consultation_summary", "GET"): officers(200),
    ("staff.consultation_summary", "POST"): officers(200),
    # Refused: an open consultation has no "You said, we did" to publish (409 Conflict).
    ("staff.publish_consultation_summary", "POST"): officers(409),
    ("staff.unpublish_consultation_summary", "POST"): officers(302),
    # A consultation's results, and its equalities analysis
    ("staff.consultation_results", "GET"): officers(200),
    ("staff.consultation_themes", "GET"): officers(200),
    ("staff.consultation_answers", "GET"): officers(200),
    ("staff.review_answer", "GET"): officers(200),
    ("staff.review_answer", "POST"): officers(302, labels="race"),
    ("staff.export_results", "GET"): officers(200),
    ("staff.export_answers", "GET"): officers(200),
    ("staff.consultation_equalities", "GET"): officers(200),
    ("staff.consultation_equalities_report", "GET"): officers(200),
    ("staff.consultation_equalities_export", "GET"): officers(200),
    ("staff.equalities_baseline", "GET"): officers(200),
    ("staff.equalities_baseline", "POST"): officers(200),
    ("staff.equalities_baseline_csv", "GET"): officers(200),
    # Incident trends
    ("staff.incidents", "GET"): officers(200),
    ("staff.export_incidents", "GET"): officers(200),
    # Staff accounts and reporting centres
    ("staff.users", "GET"): admins(200),
    ("staff.new_user", "GET"): admins(200),
    ("staff.new_user", "POST"): admins(200),
    ("staff.reset_password", "GET"): admins(200),
    ("staff.reset_password", "POST"): admins(200),
    ("staff.deactivate_user", "GET"): admins(200),
    ("staff.deactivate_user", "POST"): admins(302),
    ("staff.reactivate_user", "POST"): admins(302),
    ("staff.reset_two_factor", "GET"): admins(200),
    ("staff.reset_two_factor", "POST"): admins(302),
    ("staff.centres", "GET"): admins(200),
    ("staff.new_centre", "GET"): admins(200),
    ("staff.new_centre", "POST"): admins(200),
    ("staff.rename_centre", "GET"): admins(200),
    ("staff.rename_centre", "POST"): admins(302, name="Wolverhampton Central Library"),
    ("staff.deactivate_centre", "GET"): admins(200),
    ("staff.deactivate_centre", "POST"): admins(302),
}
