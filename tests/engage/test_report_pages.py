"""Reporting a hate incident on the web: the pages, safety first, the quick exit, and sending."""

import re

import pytest
from factories import Resident, csrf_token, make_centre, publish
from flask import Flask
from reporter import CONTACT, Reporter
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, ContactDetails, Report, ReportEvent, Submission
from engage.safety import HELPLINES
from tests.urls import Url

RECEIPT_CODE = re.compile(r"[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}")
FIVE_NUMBERS = ["999", "101", "18001 101", "0800 555 111", "0808 1689 111"]


@pytest.fixture
def reporter(app: Flask, resident: Resident) -> Reporter:
    return Reporter(app, resident)


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_start_page_says_what_reporting_is(app: Flask, resident: Resident, url: Url):
    make_centre(app, "Central Library")

    page = resident.get(url("public.report_start"))

    assert page.status_code == 200
    for said in [
        "Report a hate incident",
        "If anyone is in danger now, call 999",
        "anonymous unless you choose to leave your contact details",
        "third-party reporting centres",
        "Central Library",
        "receipt code",
        "Start now",
    ]:
        assert said in page.text
    assert f'href="{url("public.report_status")}"' in page.text


def test_a_person_reports_an_incident_from_start_to_finish(
    app: Flask, reporter: Reporter, url: Url
):
    check = reporter.answer_until(url("public.report_check"))

    assert check.request.path == url("public.report_check")
    for shown in ["Verbal abuse or threats", "4 March 2024", "WV1 1RP", "Dudley Road"]:
        assert shown in check.text
    assert "Send report" in check.text

    confirmation = reporter.submit_page(check, {})

    assert confirmation.request.path == url("public.report_confirmation")
    assert "Report sent" in confirmation.text
    assert "Write this code down" in confirmation.text
    assert "only show this code once" in confirmation.text
    code = RECEIPT_CODE.search(confirmation.text).group(0)
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.status == "new"
        assert report.centre_id is None and report.logged_by_id is None
        assert report.submission.status == "submitted"
        assert report.submission.channel == "web"
        assert report.submission.reference in confirmation.text
        assert [e.kind for e in report.events] == ["created"]
    assert code not in "".join(page.request.full_path for page in reporter.pages)


def test_in_danger_shows_the_emergency_page_before_any_other_question(reporter: Reporter, url: Url):
    first = reporter.begin()
    assert first.request.path == url("public.report_question", key="in_danger")

    emergency = reporter.submit_page(first, {"in_danger": "yes"})

    assert emergency.request.path == url("public.report_emergency")
    for number in FIVE_NUMBERS:
        assert f">{number}</a>" in emergency.text
    assert 'href="tel:999"' in emergency.text
    assert "reporter_role" not in emergency.text
    next_question = reporter.visit(reporter.get(_continue_link(emergency.text)))
    assert next_question.request.path == url("public.report_question", key="reporter_role")


def test_the_emergency_words_come_from_one_place(reporter: Reporter):
    first = reporter.begin()
    emergency = reporter.submit_page(first, {"in_danger": "yes"})

    for helpline in HELPLINES:
        assert helpline.name in emergency.text
        assert helpline.when in emergency.text


def test_not_in_danger_goes_straight_on(reporter: Reporter, url: Url):
    first = reporter.begin()

    page = reporter.submit_page(first, {"in_danger": "no"})

    assert page.request.path == url("public.report_question", key="reporter_role")


def test_changing_in_danger_to_yes_shows_the_emergency_page_again(reporter: Reporter, url: Url):
    check = reporter.answer_until(url("public.report_check"))

    changed = reporter.visit(
        reporter.post(
            url("public.report_question", key="in_danger", change=1),
            {"in_danger": "yes"},
            page=check.request.path,
        )
    )

    assert changed.request.path == url("public.report_emergency")
    continued = reporter.visit(reporter.get(_continue_link(changed.text)))
    assert continued.request.path == url("public.report_check")


def test_every_report_page_has_the_quick_exit_and_is_never_cached(
    app: Flask, reporter: Reporter, url: Url
):
    app.config["QUICK_EXIT_URL"] = "https://www.example.org/weather"
    reporter.visit(reporter.get(url("public.report_start")))
    first = reporter.begin()
    reporter.submit_page(first, {"in_danger": "yes"})
    reporter.report(share_with_police="share", victim_support_referral="yes")
    reporter.visit(reporter.get(url("public.report_status")))
    reporter.visit(reporter.post(url("public.report_status"), {"receipt_code": "nope"}))

    start = url("public.report_start")
    pages = [page for page in reporter.pages if page.request.path.startswith(start)]
    paths = {page.request.path for page in pages}
    assert {
        url("public.report_emergency"),
        url("public.report_contact", key="leave_contact"),
        url("public.report_check"),
    } <= paths
    assert url("public.report_confirmation") in paths and url("public.report_status") in paths
    for page in pages:
        assert page.headers["Cache-Control"] == "no-store", page.request.path
        if page.status_code == 200:
            assert 'data-module="govuk-exit-this-page"' in page.text, page.request.path
            assert f'href="{url("public.report_exit")}"' in page.text
            assert "js/quick-exit.mjs" in page.text
            assert f'data-quick-exit="{url("public.report_start")}"' in page.text


def test_the_quick_exit_is_a_plain_link_without_javascript(reporter: Reporter, url: Url):
    page = reporter.get(url("public.report_start")).text

    exit_link = re.search(r"<a [^>]*govuk-exit-this-page__button[^>]*>", page).group(0)
    assert f'href="{url("public.report_exit")}"' in exit_link
    assert 'rel="nofollow noreferrer"' in exit_link
    left = reporter.get(url("public.report_exit"))
    assert left.status_code == 302
    assert left.headers["Location"] == "https://www.bbc.co.uk/weather"
    # The one inline script is GOV.UK's own, which marks the page as having JavaScript.
    assert page.count("<script>") == 1
    assert page.count('<script type="module"') == 2


def test_the_quick_exit_ends_the_report_in_progress(app: Flask, reporter: Reporter, url: Url):
    """Whoever next uses this browser finds no report to carry on, and no contact details or
    receipt code in its cookie."""
    check = reporter.answer_until(url("public.report_check"), name="Amrit Kaur")
    assert check.request.path == url("public.report_check")
    assert "Continue your report" in reporter.get(url("public.report_start")).text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1

    left = reporter.get(url("public.report_exit"))

    assert left.status_code == 302
    assert "Continue your report" not in reporter.get(url("public.report_start")).text
    sent_back = reporter.visit(reporter.get(url("public.report_check")))
    assert sent_back.request.path == url("public.report_start")
    with reporter.client.session_transaction() as cookie:
        assert not any(cookie.get(kept) for kept in ("contact", "receipts", "report_seen"))
        assert not cookie.get("drafts", {}).get("report:web")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_delete_my_answers_ends_the_report_in_progress(app: Flask, reporter: Reporter, url: Url):
    reporter.answer_until(url("public.report_check"), name="Amrit Kaur")
    start = reporter.get(url("public.report_start"))
    assert "Delete my answers" in start.text

    deleted = reporter.visit(
        reporter.post(url("public.report_delete"), page=url("public.report_start"))
    )

    assert deleted.request.path == url("public.report_start")
    assert "Your answers are deleted" in deleted.text
    assert "Continue your report" not in deleted.text
    assert "Delete my answers" not in deleted.text
    with reporter.client.session_transaction() as cookie:
        assert not cookie.get("contact") and not cookie.get("receipts")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_quick_exit_script_replaces_history_and_listens_for_escape(app: Flask):
    script = app.static_folder + "/js/quick-exit.mjs"
    with open(script) as source:
        text = source.read()

    assert "history.replaceState" in text
    assert "location.replace" in text
    assert '"Escape"' in text
    assert "ExitThisPage" in text


def test_consultation_pages_have_no_quick_exit(app: Flask, resident: Resident):
    start = publish(app, "street-safety.yaml", "street-safety")

    page = resident.get(start)

    assert "govuk-exit-this-page" not in page.text
    assert "quick-exit.mjs" not in page.text


def test_a_missing_required_answer_keeps_what_was_typed(reporter: Reporter, url: Url):
    page = reporter.answer_until(url("public.report_question", key="description"))

    refused = reporter.submit_page(page, {"description": "   "})
    too_long = reporter.submit_page(page, {"description": "They <b>spat</b> " + "x" * 5000})

    assert "There is a problem" in refused.text
    assert 'href="#description"' in refused.text
    assert "5,000 characters or fewer" in too_long.text
    assert "They &lt;b&gt;spat&lt;/b&gt; xxx" in too_long.text


def test_a_bad_date_keeps_what_was_typed(reporter: Reporter, url: Url):
    page = reporter.answer_until(url("public.report_question", key="incident_date"))

    refused = reporter.submit_page(page, {"incident_date": ["31", "2", "2024"]})

    assert refused.request.path == url("public.report_question", key="incident_date")
    assert 'href="#incident_date-day"' in refused.text
    assert 'value="31"' in refused.text


def test_contact_details_are_asked_only_when_someone_may_need_them(reporter: Reporter, url: Url):
    check = reporter.answer_until(url("public.report_check"), share_with_police="do-not-share")

    assert check.request.path == url("public.report_check")
    assert "leave your contact details" not in check.text


def test_contact_details_are_asked_after_choosing_to_share(
    app: Flask, reporter: Reporter, url: Url
):
    page = reporter.answer_until(url("public.report_contact", key=""), share_with_police="share")

    assert page.request.path == url("public.report_contact", key="leave_contact")
    details = reporter.submit_page(page, {"leave_contact": "yes"})
    assert details.request.path == url("public.report_contact", key="name")
    for field in ["name", "phone", "email", "best_time", "consent"]:
        assert f'name="{field}"' in details.text
    assert 'autocomplete="off"' in details.text

    check = reporter.submit_page(details, CONTACT)
    assert check.request.path == url("public.report_check")
    assert "priya@example.org" in check.text
    assert f'href="{url("public.report_contact", key="name", change=1)}"' in check.text

    reporter.submit_page(check, {})
    with app.app_context():
        kept = db.session.scalar(select(ContactDetails))
        assert kept.name == "Priya Example"
        assert kept.phone == "07700 900982"
        assert kept.email == "priya@example.org"
        assert kept.best_time == "Weekday evenings"
        assert kept.report_id == db.session.scalar(select(Report.id))
        stored_answers = " ".join(v or "" for v in db.session.scalars(select(Answer.value)))
    assert "Priya" not in stored_answers and "07700" not in stored_answers
    assert "priya@example.org" not in stored_answers


def test_asking_victim_support_to_call_asks_for_contact_details(reporter: Reporter, url: Url):
    page = reporter.answer_until(
        url("public.report_contact", key=""), victim_support_referral="yes"
    )

    assert page.request.path == url("public.report_contact", key="leave_contact")


def test_bad_contact_details_are_explained_and_kept(app: Flask, reporter: Reporter, url: Url):
    page = reporter.answer_until(
        url("public.report_contact", key="name"), share_with_police="share"
    )

    refused = reporter.submit_page(
        page, {"name": "Priya <Example>", "phone": "12345", "email": "priya@", "consent": "yes"}
    )

    assert refused.request.path == url("public.report_contact", key="name")
    assert "Enter a UK phone number, like" in refused.text
    assert "Enter an email address in the correct format" in refused.text
    assert 'href="#phone"' in refused.text and 'href="#email"' in refused.text
    assert 'value="Priya &lt;Example&gt;"' in refused.text
    assert 'value="12345"' in refused.text
    assert 'value="priya@"' in refused.text
    assert count(app, ContactDetails) == 0


def test_a_phone_or_an_email_is_needed(reporter: Reporter, url: Url):
    page = reporter.answer_until(
        url("public.report_contact", key="name"), share_with_police="share"
    )

    refused = reporter.submit_page(page, {"name": "Priya", "consent": "yes"})

    assert "Enter a UK phone number or an email address" in refused.text
    assert 'value="Priya"' in refused.text


def test_contact_details_without_consent_are_not_kept(app: Flask, reporter: Reporter, url: Url):
    page = reporter.answer_until(
        url("public.report_contact", key="name"), share_with_police="share"
    )

    refused = reporter.submit_page(page, {"email": "priya@example.org"})

    assert "Tick the box to agree" in refused.text
    assert 'value="priya@example.org"' in refused.text
    no_thanks = reporter.submit_page(
        reporter.visit(reporter.get(url("public.report_contact", key="leave_contact"))),
        {"leave_contact": "no"},
    )
    assert no_thanks.request.path == url("public.report_check")
    assert "priya@example.org" not in no_thanks.text
    reporter.submit_page(no_thanks, {})
    assert count(app, Report) == 1
    assert count(app, ContactDetails) == 0


def test_confirmation_shows_the_receipt_code_only_once(reporter: Reporter, url: Url):
    confirmation = reporter.report()
    assert RECEIPT_CODE.search(confirmation.text)

    again = reporter.get(url("public.report_confirmation"))

    assert again.status_code == 302
    assert not RECEIPT_CODE.search(reporter.visit(again).text)


def test_a_double_click_stores_one_report_and_shows_its_code(
    app: Flask, reporter: Reporter, url: Url
):
    check = reporter.answer_until(url("public.report_check"))
    token = csrf_token(check.text)
    cookie = reporter.client.get_cookie("session", domain="engage.test").value

    first = reporter.client.post(url("public.report_check"), data={"csrf_token": token})
    # The second click of a double click carries the cookie the page had.
    reporter.client.set_cookie("session", cookie, domain="engage.test")
    second = reporter.client.post(url("public.report_check"), data={"csrf_token": token})

    assert (
        first.headers["Location"] == second.headers["Location"] == url("public.report_confirmation")
    )
    shown = reporter.visit(reporter.get(url("public.report_confirmation"))).text
    assert count(app, Report) == 1
    assert count(app, ReportEvent) == 1
    assert count(app, Submission) == 1
    code = RECEIPT_CODE.search(shown).group(0)
    status = reporter.visit(reporter.post(url("public.report_status"), {"receipt_code": code}))
    assert "Your report" in status.text


def test_sending_again_after_going_back_stores_one_report(app: Flask, reporter: Reporter, url: Url):
    check = reporter.answer_until(url("public.report_check"))
    reporter.submit_page(check, {})

    again = reporter.visit(
        reporter.post(url("public.report_check"), page=url("public.report_start"))
    )

    assert again.request.path == url("public.report_start")
    assert count(app, Report) == 1


def test_a_question_page_without_a_report_in_progress_goes_to_the_start(
    reporter: Reporter, url: Url
):
    page = reporter.get(url("public.report_question", key="description"))

    assert page.headers["Location"] == url("public.report_start", expired=1)
    assert "could not find a report in progress" in reporter.visit(page).text


def test_nothing_of_a_report_in_progress_is_shown_after_the_report_is_sent(
    reporter: Reporter,
    url: Url,
):
    reporter.report()

    start = reporter.get(url("public.report_start")).text

    assert "Start now" in start
    assert "Continue your report" not in start


def _continue_link(html: str) -> str:
    found = re.search(r'href="([^"]+)"[^>]*>\s*Continue with your report', html)
    assert found, "no Continue with your report button"
    return found.group(1)


def test_a_description_saying_someone_is_in_danger_now_shows_the_emergency_page(
    reporter: Reporter,
    url: Url,
):
    reporter.answer_until(
        url("public.report_check"), description="He is outside my door now with a knife."
    )

    assert url("public.report_emergency") in [page.request.path for page in reporter.pages]


def test_a_description_of_what_happened_before_shows_no_emergency_page(
    reporter: Reporter, url: Url
):
    check = reporter.answer_until(url("public.report_check"))

    assert check.request.path == url("public.report_check")
    assert url("public.report_emergency") not in [page.request.path for page in reporter.pages]
